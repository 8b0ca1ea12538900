import { test } from "node:test";
import assert from "node:assert/strict";
import { SignetError } from "../errors.js";
import { validateActionConfig } from "./validate-action-config.js";
import { errorOf, oneRule } from "./test-helpers.js";

const ipLeaf = { field: "ip", op: "inCidr", value: ["10.0.0.0/8"] };

test("a valid configuration comes back normalised: ids filled, given ids kept, no extra properties", () => {
  let n = 0;
  const config = validateActionConfig(
    {
      defaultOutcome: "CHALLENGE",
      numberMatching: "type",
      rules: [
        { ruleId: "keep_me-1", name: "Office", outcome: "ALLOW", condition: ipLeaf },
        { name: "Night", description: "Late logins", outcome: "REVIEW", condition: { all: [{ field: "hour", op: "in", value: [0, 1, 2], timeZone: "Pacific/Auckland" }, { not: { field: "velocity", op: "lt", value: 2, windowMinutes: 30 } }] } },
      ],
    },
    () => `gen${++n}`,
  );
  assert.deepEqual(config, {
    defaultOutcome: "CHALLENGE",
    numberMatching: "type",
    rules: [
      { ruleId: "keep_me-1", name: "Office", outcome: "ALLOW", condition: ipLeaf },
      { ruleId: "gen1", name: "Night", description: "Late logins", outcome: "REVIEW", condition: { all: [{ field: "hour", op: "in", value: [0, 1, 2], timeZone: "Pacific/Auckland" }, { not: { field: "velocity", op: "lt", value: 2, windowMinutes: 30 } }] } },
    ],
  });
  assert.deepEqual(validateActionConfig({ defaultOutcome: "BLOCK" }, () => "x"), { defaultOutcome: "BLOCK", rules: [] });
});

test("the copy shares nothing with the input", () => {
  const input = oneRule({ field: "custom.tags", op: "contains", value: { a: [1] } });
  const config = validateActionConfig(input, () => "id");
  (input.rules[0]!.condition as { value: { a: number[] } }).value.a.push(2);
  assert.deepEqual((config.rules[0]!.condition as { value: unknown }).value, { a: [1] });
});

test("generated ids avoid given ones; a generator that keeps colliding is an internal error", () => {
  const ids = ["taken", "taken", "fresh"];
  const config = validateActionConfig(
    { defaultOutcome: "ALLOW", rules: [{ name: "a", outcome: "BLOCK", condition: ipLeaf }, { ruleId: "taken", name: "b", outcome: "BLOCK", condition: ipLeaf }] },
    () => ids.shift()!,
  );
  assert.deepEqual(config.rules.map((r) => r.ruleId), ["fresh", "taken"]);
  assert.throws(
    () => validateActionConfig({ defaultOutcome: "ALLOW", rules: [{ name: "a", outcome: "BLOCK", condition: ipLeaf }, { name: "b", outcome: "BLOCK", condition: ipLeaf }] }, () => "same"),
    (e: unknown) => e instanceof SignetError && e.code === "internal_error",
  );
});

test("errors are invalid_request SignetErrors", () => {
  assert.throws(() => validateActionConfig(null, () => "x"), (e: unknown) => e instanceof SignetError && e.code === "invalid_request" && e.status === 400);
});

test("top level and rule shape", () => {
  assert.equal(errorOf([]), "the action configuration must be a JSON object");
  assert.equal(errorOf({}), "defaultOutcome must be one of ALLOW, CHALLENGE, REVIEW, BLOCK");
  assert.equal(errorOf({ defaultOutcome: "DENY" }), "defaultOutcome must be one of ALLOW, CHALLENGE, REVIEW, BLOCK");
  assert.equal(errorOf({ defaultOutcome: "ALLOW", numberMatching: "on" }), "numberMatching must be one of off, type, choices");
  assert.match(errorOf({ defaultOutcome: "ALLOW", extra: 1 }), /^extra is not a known property \(use defaultOutcome, numberMatching, rules\)$/);
  assert.equal(errorOf({ defaultOutcome: "ALLOW", rules: {} }), "rules must be a list of at most 100 rules");
  assert.equal(errorOf({ defaultOutcome: "ALLOW", rules: Array.from({ length: 101 }, () => ({ name: "r", outcome: "BLOCK", condition: ipLeaf })) }), "rules must be a list of at most 100 rules");
  assert.equal(errorOf({ defaultOutcome: "ALLOW", rules: Array.from({ length: 100 }, () => ({ name: "r", outcome: "BLOCK", condition: ipLeaf })) }), "");
  assert.equal(errorOf({ defaultOutcome: "ALLOW", rules: ["r"] }), "rules[0] must be an object");
  assert.match(errorOf(oneRule(ipLeaf, { conditon: {} })), /^rules\[0\]\.conditon is not a known property/);
  assert.equal(errorOf(oneRule(ipLeaf, { outcome: "allow" })), "rules[0].outcome must be one of ALLOW, CHALLENGE, REVIEW, BLOCK");
  assert.equal(errorOf(oneRule(undefined)), "rules[0].condition is required");
});

test("names, descriptions and rule ids", () => {
  assert.equal(errorOf(oneRule(ipLeaf, { name: "" })), "rules[0].name must be a string of 1 to 100 characters");
  assert.equal(errorOf(oneRule(ipLeaf, { name: "   " })), "rules[0].name must be a string of 1 to 100 characters");
  assert.equal(errorOf(oneRule(ipLeaf, { name: "n".repeat(101) })), "rules[0].name must be a string of 1 to 100 characters");
  assert.equal(errorOf(oneRule(ipLeaf, { name: "n".repeat(100) })), "");
  assert.equal(errorOf(oneRule(ipLeaf, { description: "d".repeat(501) })), "rules[0].description must be a string of at most 500 characters");
  assert.equal(errorOf(oneRule(ipLeaf, { description: 5 })), "rules[0].description must be a string of at most 500 characters");
  assert.equal(errorOf(oneRule(ipLeaf, { description: "d".repeat(500) })), "");
  for (const bad of ["", "has space", "a".repeat(65), "dot.ted", 7]) {
    assert.equal(errorOf(oneRule(ipLeaf, { ruleId: bad })), "rules[0].ruleId must be 1 to 64 characters of A-Z, a-z, 0-9, _ and -", String(bad));
  }
  assert.equal(errorOf(oneRule(ipLeaf, { ruleId: "a".repeat(64) })), "");
  const dup = { defaultOutcome: "ALLOW", rules: [0, 1, 2].map((i) => ({ ruleId: i === 1 ? "x" : "dup", name: "r", outcome: "BLOCK", condition: ipLeaf })) };
  assert.equal(errorOf(dup), 'rules[2].ruleId "dup" is already used by rules[0]');
});

test("condition shape: exactly one of all, any, not, field; non-empty lists; no stray keys", () => {
  assert.equal(errorOf(oneRule("ip")), "rules[0].condition must be an object with one of all, any, not or field");
  assert.equal(errorOf(oneRule({})), "rules[0].condition must have exactly one of all, any, not or field");
  assert.equal(errorOf(oneRule({ all: [ipLeaf], any: [ipLeaf] })), "rules[0].condition must have exactly one of all, any, not or field (found all, any)");
  assert.equal(errorOf(oneRule({ not: ipLeaf, field: "ip" })), "rules[0].condition must have exactly one of all, any, not or field (found not, field)");
  assert.equal(errorOf(oneRule({ all: [] })), "rules[0].condition.all must be a non-empty list of conditions");
  assert.equal(errorOf(oneRule({ any: ipLeaf })), "rules[0].condition.any must be a non-empty list of conditions");
  assert.equal(errorOf(oneRule({ all: [ipLeaf], op: "eq" })), "rules[0].condition.op is not allowed next to all");
  assert.equal(errorOf(oneRule({ not: [ipLeaf] })), "rules[0].condition.not must be an object with one of all, any, not or field");
  assert.equal(errorOf(oneRule({ any: [ipLeaf, { all: [ipLeaf, null] }] })), "rules[0].condition.any[1].all[1] must be an object with one of all, any, not or field");
  assert.match(errorOf(oneRule({ ...ipLeaf, extra: 1 })), /^rules\[0\]\.condition\.extra is not a known property of a condition/);
});

test("nesting depth at most 10 and at most 200 leaves in total", () => {
  const nest = (levels: number): unknown => (levels === 1 ? ipLeaf : { not: nest(levels - 1) });
  assert.equal(errorOf(oneRule(nest(10))), "");
  assert.equal(errorOf(oneRule(nest(11))), `rules[0].condition${".not".repeat(10)} is nested more than 10 levels deep`);
  const leaves = (n: number) => ({ any: Array.from({ length: n }, () => ipLeaf) });
  assert.equal(errorOf({ defaultOutcome: "ALLOW", rules: [{ name: "a", outcome: "BLOCK", condition: leaves(150) }, { name: "b", outcome: "BLOCK", condition: leaves(50) }] }), "");
  assert.equal(
    errorOf({ defaultOutcome: "ALLOW", rules: [{ name: "a", outcome: "BLOCK", condition: leaves(150) }, { name: "b", outcome: "BLOCK", condition: leaves(51) }] }),
    "rules[1].condition.any[50] is one condition too many: at most 200 conditions in total",
  );
});
