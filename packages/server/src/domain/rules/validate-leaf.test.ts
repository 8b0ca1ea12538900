import { test } from "node:test";
import assert from "node:assert/strict";
import { errorOf, oneRule } from "./test-helpers.js";

const err = (leaf: Record<string, unknown>) => errorOf(oneRule({ all: [{ field: "device.isNew", op: "eq", value: true }, leaf] }));
const P = "rules[0].condition.all[1]";

test("fields: known names or custom.<path>", () => {
  assert.equal(err({ field: "device.age", op: "eq", value: 1 }), `${P}.field "device.age" is unknown; use ip, device.isNew, user.isEnrolled, user.authenticatorCount, hour, velocity or custom.<name>`);
  assert.match(err({ field: "custom", op: "eq", value: 1 }), /field "custom" is unknown/);
  assert.match(err({ field: "custom.", op: "eq", value: 1 }), /field "custom\." is not a valid custom path/);
  assert.match(err({ field: "custom.a..b", op: "eq", value: 1 }), /is not a valid custom path/);
  assert.match(err({ field: `custom.${"a".repeat(200)}`, op: "eq", value: 1 }), /is not a valid custom path/);
  assert.equal(err({ field: 3, op: "eq", value: 1 }), `${P}.field must be a string`);
  assert.equal(err({ field: "custom.order.amount", op: "gt", value: 1 }), "");
  assert.equal(err({ field: "custom.__proto__", op: "eq", value: 1 }), "");
});

test("operators allowed per field, named in the message", () => {
  assert.equal(errorOf({ defaultOutcome: "ALLOW", rules: [{ name: "a", outcome: "BLOCK", condition: { field: "ip", op: "eq", value: "10.0.0.1" } }, { name: "b", outcome: "BLOCK", condition: { all: [{ field: "ip", op: "gt", value: "10.0.0.1" }] } }] }),
    "rules[1].condition.all[0].op must be one of eq, ne, in, inCidr, notInCidr for field ip");
  const expected: Record<string, string> = {
    "device.isNew": "eq, ne", "user.isEnrolled": "eq, ne", "user.authenticatorCount": "eq, ne, lt, lte, gt, gte, in",
    hour: "eq, ne, lt, lte, gt, gte, in", velocity: "eq, ne, lt, lte, gt, gte", "custom.x": "eq, ne, lt, lte, gt, gte, in, contains",
  };
  for (const [field, ops] of Object.entries(expected)) {
    const extra = field === "velocity" ? { windowMinutes: 5 } : {};
    assert.equal(err({ field, op: "inCidr", value: ["10.0.0.0/8"], ...extra }), `${P}.op must be one of ${ops} for field ${field}`);
  }
  assert.equal(err({ field: "ip", op: "contains", value: "10." }), `${P}.op must be one of eq, ne, in, inCidr, notInCidr for field ip`);
  assert.match(err({ field: "hour", value: 1 }), /\.op must be one of/);
});

test("values: required and typed per field", () => {
  assert.equal(err({ field: "device.isNew", op: "eq" }), `${P}.value is required`);
  assert.equal(err({ field: "device.isNew", op: "eq", value: "true" }), `${P}.value must be true or false`);
  assert.equal(err({ field: "user.isEnrolled", op: "ne", value: 1 }), `${P}.value must be true or false`);
  assert.equal(err({ field: "user.authenticatorCount", op: "lt", value: "2" }), `${P}.value must be a number`);
  assert.equal(err({ field: "user.authenticatorCount", op: "in", value: [1, "2"] }), `${P}.value[1] must be a number`);
  assert.equal(err({ field: "ip", op: "eq", value: "10.0.0.256" }), `${P}.value must be an IP address such as 203.0.113.7 or 2001:db8::1`);
  assert.equal(err({ field: "ip", op: "ne", value: "10.0.0.0/8" }), `${P}.value must be an IP address such as 203.0.113.7 or 2001:db8::1`);
  assert.equal(err({ field: "ip", op: "in", value: ["10.0.0.1", "fe80::1%eth0"] }), `${P}.value[1] must be an IP address such as 203.0.113.7 or 2001:db8::1`);
  assert.equal(err({ field: "hour", op: "eq", value: 24 }), `${P}.value must be an hour, a whole number from 0 to 23`);
  assert.equal(err({ field: "hour", op: "gt", value: 1.5 }), `${P}.value must be an hour, a whole number from 0 to 23`);
  assert.equal(err({ field: "hour", op: "in", value: [0, -1] }), `${P}.value[1] must be an hour, a whole number from 0 to 23`);
  assert.equal(err({ field: "custom.a", op: "gt", value: true }), `${P}.value must be a number or a string for op gt`);
  assert.equal(err({ field: "custom.a", op: "eq", value: { deep: [1, { ok: null }] } }), "");
  assert.match(err({ field: "custom.a", op: "eq", value: [[[[[[[[[[[1]]]]]]]]]]] }), /value(\[0\]){10} is nested too deeply$/);
  assert.equal(err({ field: "custom.a", op: "contains", value: { n: Number.POSITIVE_INFINITY } }), `${P}.value.n must be a finite number`);
  assert.equal(err({ field: "custom.a", op: "eq", value: new Date(0) }), `${P}.value must be a JSON value`);
});

test("in needs a non-empty list of at most 1000 values", () => {
  const msg = `${P}.value must be a non-empty list of at most 1000 values for op in`;
  assert.equal(err({ field: "custom.a", op: "in", value: "a" }), msg);
  assert.equal(err({ field: "custom.a", op: "in", value: [] }), msg);
  assert.equal(err({ field: "custom.a", op: "in", value: Array.from({ length: 1001 }, (_, i) => i) }), msg);
  assert.equal(err({ field: "custom.a", op: "in", value: Array.from({ length: 1000 }, (_, i) => i) }), "");
});

test("CIDR lists: every entry checked, IPv4 and IPv6", () => {
  const hint = "must be a list of CIDR ranges such as 10.0.0.0/8 or 2001:db8::/32";
  assert.equal(err({ field: "ip", op: "inCidr", value: "10.0.0.0/8" }), `${P}.value ${hint} (1 to 1000 of them)`);
  assert.equal(err({ field: "ip", op: "notInCidr", value: [] }), `${P}.value ${hint} (1 to 1000 of them)`);
  assert.equal(err({ field: "ip", op: "inCidr", value: ["10.0.0.0/8", "10.0.0.0/33"] }), `${P}.value ${hint}; ${P}.value[1] "10.0.0.0/33" is not one`);
  assert.equal(err({ field: "ip", op: "notInCidr", value: ["2001:db8::/129"] }), `${P}.value ${hint}; ${P}.value[0] "2001:db8::/129" is not one`);
  assert.equal(err({ field: "ip", op: "inCidr", value: ["2001:db8::/32", "zz::/16"] }), `${P}.value ${hint}; ${P}.value[1] "zz::/16" is not one`);
  assert.equal(err({ field: "ip", op: "inCidr", value: [10] }), `${P}.value ${hint}; ${P}.value[0] 10 is not one`);
  assert.equal(err({ field: "ip", op: "inCidr", value: ["10.0.0.0/8", "2001:db8::/32", "::ffff:10.0.0.0/104", "192.0.2.1"] }), "");
});

test("timeZone: only on hour, an IANA name", () => {
  assert.equal(errorOf(oneRule({ field: "hour", op: "eq", value: 3, timeZone: "Mars/Base" })), 'rules[0].condition.timeZone "Mars/Base" is not an IANA time zone');
  assert.equal(err({ field: "hour", op: "eq", value: 3, timeZone: "+05:00" }), `${P}.timeZone "+05:00" is not an IANA time zone`);
  assert.equal(err({ field: "hour", op: "eq", value: 3, timeZone: 5 }), `${P}.timeZone 5 is not an IANA time zone`);
  assert.equal(err({ field: "ip", op: "eq", value: "10.0.0.1", timeZone: "UTC" }), `${P}.timeZone is only allowed for field hour`);
  assert.equal(err({ field: "hour", op: "eq", value: 3, timeZone: "America/Sao_Paulo" }), "");
});

test("windowMinutes: required on velocity (whole minutes 1..43200), refused elsewhere", () => {
  assert.equal(err({ field: "velocity", op: "gt", value: 3 }), `${P}.windowMinutes is required for velocity`);
  for (const bad of [0, 43_201, 1.5, "5", -1]) {
    assert.equal(err({ field: "velocity", op: "gt", value: 3, windowMinutes: bad }), `${P}.windowMinutes must be a whole number of minutes from 1 to 43200`, String(bad));
  }
  assert.equal(err({ field: "velocity", op: "gt", value: 3, windowMinutes: 43_200 }), "");
  assert.equal(err({ field: "velocity", op: "gt", value: 3, windowMinutes: 1 }), "");
  assert.equal(err({ field: "velocity", op: "gt", value: "3", windowMinutes: 1 }), `${P}.value must be a number`);
  assert.equal(err({ field: "hour", op: "gt", value: 3, windowMinutes: 5 }), `${P}.windowMinutes is only allowed for field velocity`);
});
