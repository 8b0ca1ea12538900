import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluateRules } from "./evaluate-rules.js";
import { outcomeToState } from "./outcome-to-state.js";
import { validateActionConfig } from "./validate-action-config.js";
import { facts, holds, sequentialIds } from "./test-helpers.js";

const T = { field: "device.isNew", op: "eq", value: true } as const; // true with deviceIsNew: true
const F = { field: "device.isNew", op: "eq", value: false } as const; // false with deviceIsNew: true
const on = { deviceIsNew: true };

test("all / any / not and their nesting", () => {
  assert.equal(holds({ all: [T] }, on), true);
  assert.equal(holds({ all: [T, T] }, on), true);
  assert.equal(holds({ all: [T, F] }, on), false);
  assert.equal(holds({ any: [F, T] }, on), true);
  assert.equal(holds({ any: [F, F] }, on), false);
  assert.equal(holds({ not: T }, on), false);
  assert.equal(holds({ not: F }, on), true);
  assert.equal(holds({ not: { not: T } }, on), true);
  assert.equal(holds({ all: [T, { any: [F, { not: F }] }] }, on), true);
  assert.equal(holds({ any: [{ all: [T, F] }, { not: { any: [T] } }] }, on), false);
  assert.equal(holds({ not: { all: [T, F] } }, on), true);
});

test("missing facts inside composites: leaf false, not true", () => {
  const noIp = { field: "ip", op: "notInCidr", value: ["10.0.0.0/8"] };
  assert.equal(holds({ any: [noIp, T] }, on), true);
  assert.equal(holds({ all: [noIp, T] }, on), false);
  assert.equal(holds({ all: [{ not: noIp }, T] }, on), true);
});

const config = validateActionConfig(
  {
    defaultOutcome: "CHALLENGE",
    numberMatching: "choices",
    rules: [
      { ruleId: "office", name: "Office network", outcome: "ALLOW", condition: { field: "ip", op: "inCidr", value: ["10.0.0.0/8"] } },
      { ruleId: "burst", name: "Burst", description: "Too many attempts", outcome: "BLOCK", condition: { field: "velocity", op: "gt", value: 5, windowMinutes: 10 } },
      { name: "Big order", outcome: "REVIEW", condition: { field: "custom.amount", op: "gte", value: 1000 } },
      { ruleId: "office-burst", name: "Never reached for office", outcome: "BLOCK", condition: { field: "ip", op: "inCidr", value: ["10.0.0.0/8"] } },
    ],
  },
  sequentialIds,
);

test("first matching rule wins, in order", () => {
  const office = evaluateRules(config, facts({ ip: "10.0.0.5", velocity: { 10: 50 }, custom: { amount: 5000 } }));
  assert.deepEqual(office, { outcome: "ALLOW", matchedRule: { ruleId: "office", name: "Office network", outcome: "ALLOW" }, ruleIds: ["office"] });
  const burst = evaluateRules(config, facts({ ip: "192.0.2.1", velocity: { 10: 6 }, custom: { amount: 5000 } }));
  assert.deepEqual(burst, {
    outcome: "BLOCK",
    matchedRule: { ruleId: "burst", name: "Burst", description: "Too many attempts", outcome: "BLOCK" },
    ruleIds: ["burst"],
  });
  const review = evaluateRules(config, facts({ velocity: { 10: 1 }, custom: { amount: 1000 } }));
  assert.equal(review.outcome, "REVIEW");
  assert.equal(review.matchedRule?.name, "Big order");
  assert.deepEqual(review.ruleIds, [config.rules[2]!.ruleId]);
  assert.match(review.ruleIds[0]!, /^rule-\d+$/);
});

test("no rule matches: the default outcome, no matched rule, no ids", () => {
  const none = evaluateRules(config, facts({ ip: "192.0.2.1", velocity: { 10: 1 }, custom: { amount: 10 } }));
  assert.deepEqual(none, { outcome: "CHALLENGE", ruleIds: [] });
  assert.deepEqual(evaluateRules(config, facts()), { outcome: "CHALLENGE", ruleIds: [] }, "all facts missing");
  assert.deepEqual(evaluateRules({ defaultOutcome: "ALLOW", rules: [] }, facts()), { outcome: "ALLOW", ruleIds: [] });
});

test("evaluation is pure: same input, same result; the config is not changed", () => {
  const before = JSON.stringify(config);
  const input = facts({ ip: "10.0.0.5" });
  assert.deepEqual(evaluateRules(config, input), evaluateRules(config, input));
  assert.equal(JSON.stringify(config), before);
});

test("outcomeToState", () => {
  assert.equal(outcomeToState("ALLOW"), "ALLOW");
  assert.equal(outcomeToState("CHALLENGE"), "CHALLENGE_REQUIRED");
  assert.equal(outcomeToState("REVIEW"), "REVIEW_REQUIRED");
  assert.equal(outcomeToState("BLOCK"), "BLOCK");
});
