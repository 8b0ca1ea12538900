import { test } from "node:test";
import assert from "node:assert/strict";
import { verifyDeviceSignature } from "./signature.js";
import { parseDevicePublicKey, parsePublicKeyQuery } from "./public-key.js";
import { SignetError } from "../errors.js";

// Reference vectors: one fixed P-256 key, a message and signatures made once with it.
const VECTOR = {
  publicKey:
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEWq3RQaHUijXfrtpUgQK4gRKa5JYCb3MINoltDvU2YeaKXwl91TgiFBNStHszh1jzO5EZZLTAQkO9qrOAtF+Q+Q==",
  message: "3f1c6a2e-9b7d-4c1e-8f0a-5d2b7e9c4a11",
  derSignature:
    "MEUCIHIozyig7I4bQIRj6REIHt6lswUmWxdU3H2kfNG7Tmx1AiEA28QKiN3f9X/jr5LYu15Td7qOFl9AE+2VDKQAYYJOaCk=",
  rawSignature: "nOD4XiiidORq5fmnOeJgtBHzUrweeRGW2+WPKMJ3X2AUQBpolCQNt6RAMFaaALOy0Ue1u/p9WVrm4YjFRf0vpg==",
  timeBucket: "2961234.0",
  timeBucketSignature:
    "MEUCIQDSivMY6db7aa10LpdM1GxvXuSl3z5MlnyOmlzJPmKvxwIgORmDnqlQoEo75P9W8HMeGpCIerHRlue0YONCFPtpSNs=",
};
const P384_KEY =
  "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEtynDwBbeAJTuOV0k9bHqKnCd+/+YkydAOTDGrKl3bOjpkatLwM1PRecd7u8E+9smPgT2LzhDuZrqFBq1/8ZkSR6QL0iCMvC6tIOssfxa2AVjsR99zZAEyg3ij7/R2XpE";
const ED25519_KEY = "MCowBQYDK2VwAyEAco+kLB58BTrmOqU+oAzUSVZHSBjq8K1KXuNoWrqlkfw=";

const { key } = parseDevicePublicKey(VECTOR.publicKey);

test("the reference DER signature verifies", () => {
  assert.equal(verifyDeviceSignature(key, VECTOR.message, VECTOR.derSignature), true);
  assert.equal(verifyDeviceSignature(key, VECTOR.timeBucket, VECTOR.timeBucketSignature), true);
});

test("the signature verifies in every base64 flavour", () => {
  const bytes = Buffer.from(VECTOR.derSignature, "base64");
  for (const flavour of [bytes.toString("base64url"), bytes.toString("base64").replace(/=+$/, ""), VECTOR.derSignature.replace(/\+/g, " ")]) {
    assert.equal(verifyDeviceSignature(key, VECTOR.message, flavour), true, flavour);
  }
});

test("a raw r||s (WebCrypto) signature verifies too", () => {
  assert.equal(verifyDeviceSignature(key, VECTOR.message, VECTOR.rawSignature), true);
});

test("a signature over another message, a flipped bit or garbage does not verify", () => {
  assert.equal(verifyDeviceSignature(key, VECTOR.message + "x", VECTOR.derSignature), false);
  const flipped = Buffer.from(VECTOR.derSignature, "base64");
  flipped[10] = (flipped[10] ?? 0) ^ 1;
  assert.equal(verifyDeviceSignature(key, VECTOR.message, flipped.toString("base64")), false);
  for (const junk of ["", "!!!", "AAAA", 42, null, undefined, "A".repeat(300)]) {
    assert.equal(verifyDeviceSignature(key, VECTOR.message, junk), false, String(junk));
  }
});

test("public keys: every base64 flavour yields the same canonical key", () => {
  const der = Buffer.from(VECTOR.publicKey, "base64");
  for (const flavour of [der.toString("base64url"), VECTOR.publicKey.replace(/=+$/, ""), VECTOR.publicKey.replace(/\+/g, " ")]) {
    assert.equal(parseDevicePublicKey(flavour).canonical, VECTOR.publicKey);
  }
});

test("public keys in a query: base64 of the base64 text, iOS and Android style", () => {
  const ios = Buffer.from(VECTOR.publicKey).toString("base64url");
  const android = Buffer.from(VECTOR.publicKey).toString("base64");
  const androidUnescaped = android.replace(/\+/g, " ");
  for (const q of [ios, android, androidUnescaped, VECTOR.publicKey]) {
    assert.equal(parsePublicKeyQuery(q).canonical, VECTOR.publicKey, q);
  }
});

test("other key types and malformed keys are refused with a code naming the problem", () => {
  const cases: Array<[unknown, string]> = [
    [P384_KEY, "invalid_public_key"],
    [ED25519_KEY, "invalid_public_key"],
    ["bm90IGEga2V5", "invalid_public_key"],
    ["%%%", "invalid_public_key"],
    ["", "invalid_request"],
    [undefined, "invalid_request"],
    [123, "invalid_request"],
  ];
  for (const [input, code] of cases) {
    assert.throws(
      () => parseDevicePublicKey(input),
      (e: unknown) => e instanceof SignetError && e.code === code && e.message.includes("publicKey"),
      String(input),
    );
  }
});
