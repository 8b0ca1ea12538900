import { test } from "node:test";
import assert from "node:assert/strict";
import { appendRule, buildLeaf, describeCondition, editableConfig, jsonErrorOffset, lineAndColumn, parseConfigText, parseLeafValue, rulesOf } from "./rules-model.js";

test("describeCondition reads nested conditions", () => {
  assert.equal(describeCondition({ field: "ip", op: "inCidr", value: ["10.0.0.0/8", "192.168.0.0/16"] }), "ip in range [10.0.0.0/8, 192.168.0.0/16]");
  assert.equal(
    describeCondition({ all: [{ field: "device.isNew", op: "eq", value: true }, { any: [{ field: "hour", op: "gte", value: 22, timeZone: "Europe/London" }, { not: { field: "custom.amount", op: "lt", value: 100 } }] }] }),
    "device.isNew = true AND (hour (Europe/London) ≥ 22 OR NOT custom.amount < 100)",
  );
  assert.equal(describeCondition({ field: "velocity", op: "gt", value: 5, windowMinutes: 10 }), "attempts in 10 min > 5");
  assert.equal(describeCondition({ all: [] }), "always");
});

test("parseLeafValue types values by field and splits lists", () => {
  assert.deepEqual(parseLeafValue("ip", "inCidr", "10.0.0.0/8, 2001:db8::/32"), { ok: true, value: ["10.0.0.0/8", "2001:db8::/32"] });
  assert.deepEqual(parseLeafValue("ip", "eq", " 203.0.113.7 "), { ok: true, value: "203.0.113.7" });
  assert.deepEqual(parseLeafValue("device.isNew", "eq", "true"), { ok: true, value: true });
  assert.equal(parseLeafValue("device.isNew", "eq", "yes").ok, false);
  assert.deepEqual(parseLeafValue("hour", "in", "22, 23,0"), { ok: true, value: [22, 23, 0] });
  assert.equal(parseLeafValue("user.authenticatorCount", "gt", "many").ok, false);
  assert.deepEqual(parseLeafValue("custom.amount", "gte", "1000"), { ok: true, value: 1000 });
  assert.deepEqual(parseLeafValue("custom.currency", "eq", "EUR"), { ok: true, value: "EUR" }, "plain text when not JSON");
  assert.deepEqual(parseLeafValue("custom.country", "in", '["NZ", "AU"]'), { ok: true, value: ["NZ", "AU"] });
  assert.equal(parseLeafValue("nope", "eq", "1").ok, false);
  assert.equal(parseLeafValue("custom.", "eq", "1").ok, false);
  assert.equal(parseLeafValue("ip", "eq", "  ").ok, false);
});

test("buildLeaf adds time zones and windows only where they belong", () => {
  assert.deepEqual(buildLeaf({ field: "hour", op: "gte", value: "22", timeZone: "Europe/London", windowMinutes: "10" }), { ok: true, leaf: { field: "hour", op: "gte", value: 22, timeZone: "Europe/London" } });
  assert.deepEqual(buildLeaf({ field: "velocity", op: "gt", value: "5", timeZone: "UTC", windowMinutes: "10" }), { ok: true, leaf: { field: "velocity", op: "gt", value: 5, windowMinutes: 10 } });
  assert.equal(buildLeaf({ field: "velocity", op: "gt", value: "5", windowMinutes: "" }).ok, false);
});

test("parseConfigText reports where the JSON breaks", () => {
  assert.deepEqual(parseConfigText('{"a": 1}'), { ok: true, value: { a: 1 } });
  const bad = parseConfigText('{\n  "a": 1,\n  "b": }');
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.equal(bad.message, 'The JSON is not valid at line 3, column 8: unexpected "}".');
  const cut = parseConfigText('{"rules": [');
  if (!cut.ok) assert.match(cut.message, /line 1, column 12: the text ends too soon/);
  assert.deepEqual(lineAndColumn("ab\ncd", 4), { line: 2, column: 2 });
});

test("jsonErrorOffset agrees with JSON.parse and points at the first bad character", () => {
  const valid = ['{}', '[]', '{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]}', ' 0 ', '"s"'];
  for (const text of valid) {
    JSON.parse(text);
    assert.equal(jsonErrorOffset(text), undefined, text);
  }
  const invalid: Array<[string, number]> = [
    ['{"a": 1,}', 8],
    ['{"a" 1}', 5],
    ["[1, 2", 5],
    ["[01]", 2],
    ['{"a": tru}', 6],
    ["{'a': 1}", 1],
    ['"\\x"', 2],
    ['{"a": 1} x', 9],
    ["", 0],
    ["-", 0],
    ['"a\nb"', 2],
  ];
  for (const [text, offset] of invalid) {
    assert.throws(() => JSON.parse(text), SyntaxError, text);
    assert.equal(jsonErrorOffset(text), offset, text);
  }
});

test("appendRule keeps the config and adds to the end; rulesOf reads any shape", () => {
  const rule = { name: "Office", outcome: "ALLOW" as const, condition: { field: "ip", op: "inCidr", value: ["10.0.0.0/8"] } };
  assert.deepEqual(appendRule({ defaultOutcome: "BLOCK", numberMatching: "type", rules: [] }, rule), { defaultOutcome: "BLOCK", numberMatching: "type", rules: [rule] });
  assert.deepEqual(appendRule("junk", rule), { defaultOutcome: "CHALLENGE", rules: [rule] });
  assert.deepEqual(rulesOf({ rules: [rule, null, 3] }), [rule]);
  assert.deepEqual(rulesOf([]), []);
  assert.deepEqual(editableConfig({ actionCode: "signIn", updatedAt: "x", defaultOutcome: "ALLOW", rules: [rule] }), { defaultOutcome: "ALLOW", rules: [rule] });
});
