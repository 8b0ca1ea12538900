import { test } from "node:test";
import assert from "node:assert/strict";
import { containsNul, refuseNul } from "./nul-guard.js";

test("finds NUL characters in strings, keys and nested values", () => {
  assert.equal(containsNul({ a: ["x", { b: "y\u0000" }] }), true);
  assert.equal(containsNul({ ["k\u0000"]: 1 }), true);
  assert.equal(containsNul({ a: "fine", b: [1, null, true] }), false);
  assert.throws(() => refuseNul({ params: { userId: "\u0000" } }), /params contains a NUL/);
});
