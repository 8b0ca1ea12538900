import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { SecretBox } from "./secret-box.js";

test("seals and opens; the context and the key must match", () => {
  const box = new SecretBox(randomBytes(32));
  const sealed = box.seal("sk_secret", "tenant:1");
  assert.ok(!sealed.includes("sk_secret"));
  assert.equal(box.open(sealed, "tenant:1"), "sk_secret");
  assert.throws(() => box.open(sealed, "tenant:2"));
  assert.throws(() => new SecretBox(randomBytes(32)).open(sealed, "tenant:1"));
  assert.throws(() => new SecretBox(randomBytes(16)));
});
