import { test } from "node:test";
import assert from "node:assert/strict";
import { holds } from "./test-helpers.js";

const ip = (op: string, value: unknown, fact?: string) => holds({ field: "ip", op, value }, fact === undefined ? {} : { ip: fact });

test("ip: eq / ne compare canonically, v4 and v6", () => {
  assert.equal(ip("eq", "203.0.113.7", "203.0.113.7"), true);
  assert.equal(ip("eq", "203.0.113.7", "203.0.113.8"), false);
  assert.equal(ip("eq", "203.0.113.7", "::ffff:203.0.113.7"), true);
  assert.equal(ip("eq", "::ffff:203.0.113.7", "203.0.113.7"), true);
  assert.equal(ip("eq", "2001:db8::1", "2001:DB8:0:0::1"), true);
  assert.equal(ip("ne", "2001:db8::1", "2001:db8::2"), true);
  assert.equal(ip("ne", "203.0.113.7", "203.0.113.7"), false);
});

test("ip: in is a list of addresses", () => {
  assert.equal(ip("in", ["198.51.100.1", "2001:db8::1"], "2001:db8:0::1"), true);
  assert.equal(ip("in", ["198.51.100.1", "2001:db8::1"], "::ffff:198.51.100.1"), true);
  assert.equal(ip("in", ["198.51.100.1"], "198.51.100.2"), false);
});

test("ip: inCidr / notInCidr with v4, v6 and mapped facts", () => {
  const ranges = ["10.0.0.0/8", "2001:db8::/32"];
  assert.equal(ip("inCidr", ranges, "10.1.2.3"), true);
  assert.equal(ip("inCidr", ranges, "::ffff:10.1.2.3"), true);
  assert.equal(ip("inCidr", ranges, "2001:db8:1::1"), true);
  assert.equal(ip("inCidr", ranges, "192.0.2.1"), false);
  assert.equal(ip("notInCidr", ranges, "192.0.2.1"), true);
  assert.equal(ip("notInCidr", ranges, "::ffff:10.1.2.3"), false);
  assert.equal(ip("notInCidr", ranges, "2001:db9::1"), true);
});

test("ip: a missing or unparseable ip makes every ip leaf false, and not of it true", () => {
  for (const fact of [undefined, "unknown", ""]) {
    assert.equal(ip("eq", "10.0.0.1", fact), false);
    assert.equal(ip("ne", "10.0.0.1", fact), false);
    assert.equal(ip("in", ["10.0.0.1"], fact), false);
    assert.equal(ip("inCidr", ["0.0.0.0/0"], fact), false);
    assert.equal(ip("notInCidr", ["10.0.0.0/8"], fact), false);
    assert.equal(holds({ not: { field: "ip", op: "inCidr", value: ["0.0.0.0/0"] } }, fact === undefined ? {} : { ip: fact }), true);
  }
});

test("booleans: device.isNew and user.isEnrolled with eq / ne, missing is false", () => {
  assert.equal(holds({ field: "device.isNew", op: "eq", value: true }, { deviceIsNew: true }), true);
  assert.equal(holds({ field: "device.isNew", op: "eq", value: true }, { deviceIsNew: false }), false);
  assert.equal(holds({ field: "device.isNew", op: "ne", value: true }, { deviceIsNew: false }), true);
  assert.equal(holds({ field: "device.isNew", op: "ne", value: true }), false);
  assert.equal(holds({ field: "user.isEnrolled", op: "eq", value: false }, { userIsEnrolled: false }), true);
  assert.equal(holds({ field: "user.isEnrolled", op: "ne", value: false }, { userIsEnrolled: false }), false);
  assert.equal(holds({ field: "user.isEnrolled", op: "eq", value: false }), false);
  assert.equal(holds({ not: { field: "user.isEnrolled", op: "eq", value: true } }), true);
});

test("user.authenticatorCount: every numeric op and in", () => {
  const count = (op: string, value: unknown, fact: number | undefined) =>
    holds({ field: "user.authenticatorCount", op, value }, fact === undefined ? {} : { authenticatorCount: fact });
  const table: Array<[string, unknown, number, boolean]> = [
    ["eq", 2, 2, true], ["eq", 2, 3, false], ["ne", 2, 3, true], ["ne", 2, 2, false],
    ["lt", 2, 1, true], ["lt", 2, 2, false], ["lte", 2, 2, true], ["lte", 2, 3, false],
    ["gt", 2, 3, true], ["gt", 2, 2, false], ["gte", 2, 2, true], ["gte", 2, 1, false],
    ["in", [0, 1], 0, true], ["in", [0, 1], 2, false],
  ];
  for (const [op, value, fact, expected] of table) assert.equal(count(op, value, fact), expected, `${fact} ${op} ${JSON.stringify(value)}`);
  for (const op of ["eq", "ne", "lt", "gte"]) assert.equal(count(op, 0, undefined), false, `missing ${op}`);
});

test("hour: every op, in the leaf's time zone (default UTC)", () => {
  const now = Date.parse("2024-01-15T22:30:00Z"); // 22 UTC, 07 next day in Tokyo, 17 in New York
  const hour = (op: string, value: unknown, timeZone?: string) =>
    holds({ field: "hour", op, value, ...(timeZone ? { timeZone } : {}) }, { now });
  assert.equal(hour("eq", 22), true);
  assert.equal(hour("eq", 22, "UTC"), true);
  assert.equal(hour("eq", 7, "Asia/Tokyo"), true);
  assert.equal(hour("ne", 7, "Asia/Tokyo"), false);
  assert.equal(hour("lt", 18, "America/New_York"), true);
  assert.equal(hour("lte", 17, "America/New_York"), true);
  assert.equal(hour("gt", 17, "America/New_York"), false);
  assert.equal(hour("gte", 17, "America/New_York"), true);
  assert.equal(hour("in", [22, 23, 0, 1]), true);
  assert.equal(hour("in", [22, 23, 0, 1], "Asia/Tokyo"), false);
});

test("hour: a night-time rule in New York across the spring-forward change", () => {
  const night = { any: [{ field: "hour", op: "gte", value: 22, timeZone: "America/New_York" }, { field: "hour", op: "lt", value: 3, timeZone: "America/New_York" }] };
  assert.equal(holds(night, { now: Date.parse("2024-03-10T06:59:00Z") }), true); // 01:59 EST
  assert.equal(holds(night, { now: Date.parse("2024-03-10T07:00:00Z") }), false); // 03:00 EDT
  assert.equal(holds(night, { now: Date.parse("2024-03-11T02:30:00Z") }), true); // 22:30 EDT
  assert.equal(holds(night, { now: Date.parse("2024-03-09T02:30:00Z") }), false); // 21:30 EST
  assert.equal(holds(night, { now: Number.NaN }), false, "no usable time: hour is missing");
});

test("velocity: each leaf reads the count for its own window; a missing count is false", () => {
  const velocity = { 5: 3, 60: 12 };
  const v = (op: string, value: number, windowMinutes: number) => holds({ field: "velocity", op, value, windowMinutes }, { velocity });
  assert.equal(v("gt", 2, 5), true);
  assert.equal(v("gt", 3, 5), false);
  assert.equal(v("gte", 3, 5), true);
  assert.equal(v("lt", 12, 60), false);
  assert.equal(v("lte", 12, 60), true);
  assert.equal(v("eq", 12, 60), true);
  assert.equal(v("ne", 12, 60), false);
  assert.equal(v("eq", 0, 15), false, "no count for a 15-minute window");
  assert.equal(v("lt", 100, 15), false);
  const burst = { all: [{ field: "velocity", op: "gte", value: 3, windowMinutes: 5 }, { field: "velocity", op: "gte", value: 10, windowMinutes: 60 }] };
  assert.equal(holds(burst, { velocity }), true);
  assert.equal(holds(burst, { velocity: { 5: 3, 60: 9 } }), false);
});
