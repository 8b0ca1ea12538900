import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileKeyStore } from "./file-key-store.js";
import { exportPublicKey, signMessage } from "../signature/sign.js";
import { verifyDer } from "../test-support/node-crypto.js";

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "signet-device-keys-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test("FileKeyStore keeps a private JWK per alias, mode 0600, and a new instance loads the same key", async (t) => {
  const dir = join(await tempDir(t), "nested", "keys");
  const store = new FileKeyStore(dir);
  assert.equal(await store.load("push"), null);
  const created = await store.create("push");
  const publicKey = await exportPublicKey(created.publicKey);

  const file = join(dir, "push.jwk.json");
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.equal((await stat(dir)).mode & 0o777, 0o700);
  const jwk = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  assert.equal(jwk.kty, "EC");
  assert.equal(jwk.crv, "P-256");
  assert.equal(typeof jwk.d, "string");
  assert.deepEqual(await readdir(dir), ["push.jwk.json"], "no temporary files left behind");

  const loaded = await new FileKeyStore(dir).load("push");
  assert.ok(loaded);
  assert.equal(await exportPublicKey(loaded.publicKey), publicKey);
  assert.equal(loaded.privateKey.extractable, false);
  assert.ok(verifyDer(publicKey, "ch_1", await signMessage(loaded.privateKey, "ch_1")));
  assert.ok(verifyDer(publicKey, "ch_2", await signMessage(created.privateKey, "ch_2")));
});

test("FileKeyStore keeps aliases apart, replaces on create and deletes", async (t) => {
  const dir = await tempDir(t);
  const store = new FileKeyStore(dir);
  const push = await exportPublicKey((await store.create("push")).publicKey);
  const inApp = await exportPublicKey((await store.create("in-app")).publicKey);
  assert.notEqual(push, inApp);
  const replaced = await exportPublicKey((await store.create("push")).publicKey);
  assert.notEqual(replaced, push);
  const loaded = await store.load("push");
  assert.equal(loaded && (await exportPublicKey(loaded.publicKey)), replaced);
  await store.delete("push");
  await store.delete("push");
  assert.equal(await store.load("push"), null);
  assert.deepEqual(await readdir(dir), ["in-app.jwk.json"]);
});

test("FileKeyStore refuses aliases that could escape its directory", async (t) => {
  const store = new FileKeyStore(await tempDir(t));
  for (const alias of ["../push", "a/b", "", "push.jwk"]) {
    await assert.rejects(store.load(alias), /invalid key alias/);
    await assert.rejects(store.create(alias), /invalid key alias/);
  }
});

test("FileKeyStore rejects a file that does not hold a private P-256 JWK", async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, "push.jwk.json"), JSON.stringify({ kty: "EC", crv: "P-256", x: "a", y: "b" }));
  await assert.rejects(new FileKeyStore(dir).load("push"), /does not hold a private P-256 JWK/);
});
