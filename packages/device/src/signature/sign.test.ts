import { test } from "node:test";
import assert from "node:assert/strict";
import { createPublicKey } from "node:crypto";
import { exportPublicKey, signMessage, timeBasedMessage } from "./sign.js";
import { verifyDer } from "../test-support/node-crypto.js";

test("timeBasedMessage is the ten-minute bucket rendered like a Kotlin Double", () => {
  assert.equal(timeBasedMessage(1_776_740_400_000), "2961234.0");
  assert.equal(timeBasedMessage(1_776_740_999_999), "2961234.0");
  assert.equal(timeBasedMessage(1_776_741_000_000), "2961235.0");
  assert.equal(timeBasedMessage(599_999), "0.0");
});

test("timeBasedMessage defaults to Date.now()", (t) => {
  t.mock.method(Date, "now", () => 1_776_740_400_000);
  assert.equal(timeBasedMessage(), "2961234.0");
});

test("exportPublicKey is standard base64 of the P-256 SPKI DER", async () => {
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
  const publicKey = await exportPublicKey(pair.publicKey);
  assert.match(publicKey, /^[A-Za-z0-9+/]+={0,2}$/);
  const der = Buffer.from(publicKey, "base64");
  assert.equal(der.length, 91);
  const parsed = createPublicKey({ key: der, format: "der", type: "spki" });
  assert.equal(parsed.asymmetricKeyDetails?.namedCurve, "prime256v1");
});

test("signMessage yields base64 DER signatures over UTF-8 that node:crypto verifies", async () => {
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
  const publicKey = await exportPublicKey(pair.publicKey);
  for (const message of ["ch_1", "2961234.0", "nonce with ünïcödé ✓", ""]) {
    const signature = await signMessage(pair.privateKey, message);
    assert.match(signature, /^[A-Za-z0-9+/]+={0,2}$/);
    assert.equal(Buffer.from(signature, "base64")[0], 0x30, "a DER SEQUENCE");
    assert.ok(verifyDer(publicKey, message, signature), message);
    assert.equal(verifyDer(publicKey, `${message}x`, signature), false);
  }
});
