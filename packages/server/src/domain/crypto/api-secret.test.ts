import { test } from "node:test";
import assert from "node:assert/strict";
import { apiSecretId, constantTimeEqual, generateApiSecret, secretMatchesHash } from "./api-secret.js";

test("a generated secret carries its id and matches its hash only", () => {
  const s = generateApiSecret();
  assert.match(s.secret, /^sk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
  assert.equal(apiSecretId(s.secret), s.id);
  assert.equal(secretMatchesHash(s.secret, s.hash), true);
  assert.equal(secretMatchesHash(s.secret + "x", s.hash), false);
  assert.equal(secretMatchesHash(generateApiSecret().secret, s.hash), false);
  assert.ok(!s.hash.includes(s.secret.slice(20)));
});

test("malformed secrets have no id", () => {
  for (const bad of ["", "sk_", "sk_0123_abc", "pk_0123456789abcdef_" + "a".repeat(43)]) assert.equal(apiSecretId(bad), undefined);
});

test("constantTimeEqual compares strings of any length", () => {
  assert.equal(constantTimeEqual("abc", "abc"), true);
  assert.equal(constantTimeEqual("abc", "abcd"), false);
  assert.equal(constantTimeEqual("", ""), true);
});
