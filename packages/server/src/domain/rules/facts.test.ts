import { test } from "node:test";
import assert from "node:assert/strict";
import { customFact, factFor, hourIn, isIanaTimeZone } from "./facts.js";
import type { Facts, Leaf } from "./types.js";

const at = (iso: string) => Date.parse(iso);

test("hour in UTC (the default) and in fixed-offset zones with half and quarter hours", () => {
  assert.equal(hourIn(at("2024-01-15T00:00:00Z"), "UTC"), 0);
  assert.equal(hourIn(at("2024-01-15T23:59:59Z"), "UTC"), 23);
  assert.equal(hourIn(at("2024-01-15T12:00:00Z"), "Etc/UTC"), 12);
  assert.equal(hourIn(at("2024-01-15T00:00:00Z"), "Asia/Kolkata"), 5); // +05:30
  assert.equal(hourIn(at("2024-01-15T18:14:00Z"), "Asia/Kathmandu"), 23); // +05:45 → 23:59
  assert.equal(hourIn(at("2024-01-15T18:15:00Z"), "Asia/Kathmandu"), 0); // midnight is 0, never 24
  assert.equal(hourIn(at("2024-01-15T10:00:00Z"), "Asia/Tokyo"), 19);
});

test("hour across the US spring-forward change (America/New_York, 2024-03-10)", () => {
  assert.equal(hourIn(at("2024-03-10T06:59:00Z"), "America/New_York"), 1); // 01:59 EST
  assert.equal(hourIn(at("2024-03-10T07:00:00Z"), "America/New_York"), 3); // 03:00 EDT: 2 o'clock skipped
  assert.equal(hourIn(at("2024-03-09T12:00:00Z"), "America/New_York"), 7); // UTC-5
  assert.equal(hourIn(at("2024-03-11T12:00:00Z"), "America/New_York"), 8); // UTC-4
});

test("hour across the US fall-back change: 1 o'clock happens twice", () => {
  assert.equal(hourIn(at("2024-11-03T05:30:00Z"), "America/New_York"), 1); // 01:30 EDT
  assert.equal(hourIn(at("2024-11-03T06:30:00Z"), "America/New_York"), 1); // 01:30 EST
  assert.equal(hourIn(at("2024-11-03T07:30:00Z"), "America/New_York"), 2);
});

test("hour across the EU change (Europe/London, Europe/Berlin on 2024-03-31) and the southern hemisphere", () => {
  assert.equal(hourIn(at("2024-03-31T00:30:00Z"), "Europe/London"), 0); // GMT
  assert.equal(hourIn(at("2024-03-31T01:30:00Z"), "Europe/London"), 2); // BST
  assert.equal(hourIn(at("2024-03-31T00:30:00Z"), "Europe/Berlin"), 1); // CET
  assert.equal(hourIn(at("2024-03-31T01:30:00Z"), "Europe/Berlin"), 3); // CEST
  // Sydney leaves daylight time on 2024-04-07 at 03:00 AEDT (16:00Z the day before).
  assert.equal(hourIn(at("2024-04-06T15:30:00Z"), "Australia/Sydney"), 2); // 02:30 AEDT
  assert.equal(hourIn(at("2024-04-06T16:30:00Z"), "Australia/Sydney"), 2); // 02:30 AEST again
  assert.equal(hourIn(at("2024-04-06T17:30:00Z"), "Australia/Sydney"), 3);
});

test("hour is missing for an unknown zone or an unusable time", () => {
  assert.equal(hourIn(at("2024-01-15T00:00:00Z"), "Mars/Base"), undefined);
  assert.equal(hourIn(Number.NaN, "UTC"), undefined);
  assert.equal(hourIn(9e15, "UTC"), undefined);
});

test("isIanaTimeZone", () => {
  for (const tz of ["UTC", "Europe/Kyiv", "America/Argentina/Buenos_Aires", "Pacific/Chatham"]) assert.equal(isIanaTimeZone(tz), true, tz);
  for (const tz of ["Mars/Base", "", "+05:00", "-0800", "Europe/Atlantis", "x".repeat(65)]) assert.equal(isIanaTimeZone(tz), false, tz);
});

test("custom paths: nested objects, array indices, null present, everything else missing", () => {
  const custom = { order: { amount: 120, items: [{ sku: "A" }, { sku: "B" }], note: null }, tags: ["vip"], "__proto__x": 1 };
  assert.equal(customFact("custom.order.amount", custom), 120);
  assert.equal(customFact("custom.order.items.1.sku", custom), "B");
  assert.deepEqual(customFact("custom.tags", custom), ["vip"]);
  assert.equal(customFact("custom.order.note", custom), null);
  assert.equal(customFact("custom.order.missing", custom), undefined);
  assert.equal(customFact("custom.order.amount.value", custom), undefined);
  assert.equal(customFact("custom.order.items.2.sku", custom), undefined);
  assert.equal(customFact("custom.order.items.01.sku", custom), undefined);
  assert.equal(customFact("custom.tags.length", custom), undefined, "no array properties other than indices");
  assert.equal(customFact("custom.order.toString", custom), undefined, "no inherited properties");
  assert.equal(customFact("custom.constructor", custom), undefined);
  assert.equal(customFact("custom.order", undefined), undefined);
  assert.deepEqual(customFact("custom.__proto__.x", JSON.parse('{"__proto__": {"x": 1}}')), 1, "a JSON __proto__ key is data");
  assert.equal(customFact("custom.__proto__", {}), undefined);
});

test("factFor: each field and its absence", () => {
  const facts: Facts = { now: at("2024-01-15T09:30:00Z"), velocity: { 60: 4 } };
  const leaf = (field: string, extra: Partial<Leaf> = {}): Leaf => ({ field, op: "eq", value: null, ...extra });
  for (const field of ["ip", "device.isNew", "user.isEnrolled", "user.authenticatorCount", "custom.a"]) {
    assert.equal(factFor(leaf(field), facts), undefined, field);
  }
  assert.equal(factFor(leaf("velocity", { windowMinutes: 5 }), facts), undefined);
  assert.equal(factFor(leaf("velocity", { windowMinutes: 60 }), facts), 4);
  assert.equal(factFor(leaf("hour"), facts), 9);
  assert.equal(factFor(leaf("hour", { timeZone: "Asia/Tokyo" }), facts), 18);
  const full: Facts = { ...facts, ip: "::ffff:10.0.0.1", deviceIsNew: false, userIsEnrolled: true, authenticatorCount: 0, custom: { a: 1 } };
  assert.equal(factFor(leaf("ip"), full), "10.0.0.1");
  assert.equal(factFor(leaf("device.isNew"), full), false);
  assert.equal(factFor(leaf("user.isEnrolled"), full), true);
  assert.equal(factFor(leaf("user.authenticatorCount"), full), 0);
  assert.equal(factFor(leaf("custom.a"), full), 1);
  assert.equal(factFor(leaf("ip"), { ...facts, ip: "unknown" }), undefined);
  assert.equal(factFor(leaf("user.authenticatorCount"), { ...facts, authenticatorCount: Number.NaN }), undefined);
  assert.equal(factFor(leaf("nonsense"), full), undefined);
});
