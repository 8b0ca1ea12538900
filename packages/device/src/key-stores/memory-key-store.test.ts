import { test } from "node:test";
import assert from "node:assert/strict";
import { MemoryKeyStore } from "./memory-key-store.js";
import { exportPublicKey, signMessage } from "../signature/sign.js";
import { verifyDer } from "../test-support/node-crypto.js";

test("MemoryKeyStore creates, loads and deletes P-256 keys per alias", async () => {
  const store = new MemoryKeyStore();
  assert.equal(await store.load("push"), null);
  const created = await store.create("push");
  assert.equal(await store.load("push"), created);
  assert.equal(await store.load("in-app"), null);
  assert.equal(created.privateKey.extractable, false);
  assert.deepEqual(created.privateKey.algorithm, { name: "ECDSA", namedCurve: "P-256" });
  const publicKey = await exportPublicKey(created.publicKey);
  assert.ok(verifyDer(publicKey, "hello", await signMessage(created.privateKey, "hello")));
  await store.delete("push");
  assert.equal(await store.load("push"), null);
  await store.delete("push");
});

test("MemoryKeyStore.create replaces an existing key", async () => {
  const store = new MemoryKeyStore();
  const first = await exportPublicKey((await store.create("push")).publicKey);
  const second = await exportPublicKey((await store.create("push")).publicKey);
  assert.notEqual(first, second);
  const loaded = await store.load("push");
  assert.equal(loaded && (await exportPublicKey(loaded.publicKey)), second);
});
