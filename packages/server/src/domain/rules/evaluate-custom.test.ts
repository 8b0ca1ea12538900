import { test } from "node:test";
import assert from "node:assert/strict";
import { holds } from "./test-helpers.js";

const custom = {
  amount: 250,
  currency: "EUR",
  country: "NZ",
  placedAt: "2024-01-15T09:00:00Z",
  tags: ["gift", "express", { promo: "X1" }],
  order: { lines: [{ sku: "A-1", qty: 2 }], shipping: { country: "AU" } },
  flag: true,
  nothing: null,
};
const c = (field: string, op: string, value: unknown) => holds({ field, op, value }, { custom });

test("custom eq / ne: deep equality of any JSON value", () => {
  assert.equal(c("custom.currency", "eq", "EUR"), true);
  assert.equal(c("custom.amount", "eq", 250), true);
  assert.equal(c("custom.amount", "eq", "250"), false, "no type coercion");
  assert.equal(c("custom.flag", "eq", true), true);
  assert.equal(c("custom.nothing", "eq", null), true);
  assert.equal(c("custom.order.shipping", "eq", { country: "AU" }), true);
  assert.equal(c("custom.order.lines", "eq", [{ qty: 2, sku: "A-1" }]), true, "key order does not matter");
  assert.equal(c("custom.order.lines", "eq", [{ sku: "A-1" }]), false);
  assert.equal(c("custom.tags", "eq", ["gift", "express"]), false);
  assert.equal(c("custom.currency", "ne", "USD"), true);
  assert.equal(c("custom.currency", "ne", "EUR"), false);
  assert.equal(c("custom.amount", "ne", "250"), true);
});

test("custom lt / lte / gt / gte: numbers, or strings compared lexically; mixed types are false", () => {
  assert.equal(c("custom.amount", "gt", 200), true);
  assert.equal(c("custom.amount", "gt", 250), false);
  assert.equal(c("custom.amount", "gte", 250), true);
  assert.equal(c("custom.amount", "lt", 250.5), true);
  assert.equal(c("custom.amount", "lte", 249), false);
  assert.equal(c("custom.order.amount", "gt", 0), false, "missing path");
  assert.equal(c("custom.placedAt", "lt", "2024-02-01T00:00:00Z"), true, "ISO timestamps order lexically");
  assert.equal(c("custom.placedAt", "gte", "2024-01-15T09:00:01Z"), false);
  assert.equal(c("custom.currency", "lt", "USD"), true);
  assert.equal(c("custom.amount", "gt", "100"), false);
  assert.equal(c("custom.amount", "lt", "1000"), false);
  assert.equal(c("custom.currency", "gt", 0), false);
  assert.equal(c("custom.nothing", "lt", 1), false);
});

test("custom in: the value lists the fact", () => {
  assert.equal(c("custom.country", "in", ["NZ", "AU"]), true);
  assert.equal(c("custom.country", "in", ["US"]), false);
  assert.equal(c("custom.amount", "in", [100, 250]), true);
  assert.equal(c("custom.order.shipping", "in", [{ country: "AU" }]), true);
  assert.equal(c("custom.nothing", "in", [null]), true);
});

test("custom contains: substring of a string fact, element of a list fact", () => {
  assert.equal(c("custom.placedAt", "contains", "2024-01"), true);
  assert.equal(c("custom.currency", "contains", "usd"), false, "case-sensitive");
  assert.equal(c("custom.tags", "contains", "gift"), true);
  assert.equal(c("custom.tags", "contains", "gif"), false, "list elements are matched whole");
  assert.equal(c("custom.tags", "contains", { promo: "X1" }), true);
  assert.equal(c("custom.currency", "contains", 1), false);
  assert.equal(c("custom.amount", "contains", 2), false);
  assert.equal(c("custom.order", "contains", "lines"), false, "objects contain nothing");
});

test("custom: missing data, missing paths and array indices", () => {
  assert.equal(holds({ field: "custom.currency", op: "eq", value: "EUR" }), false, "no custom data");
  assert.equal(holds({ field: "custom.currency", op: "ne", value: "EUR" }), false);
  assert.equal(holds({ not: { field: "custom.currency", op: "eq", value: "EUR" } }), true);
  assert.equal(c("custom.order.lines.0.sku", "eq", "A-1"), true);
  assert.equal(c("custom.order.lines.1.sku", "ne", "A-1"), false, "missing, so false");
  assert.equal(c("custom.nope", "ne", null), false);
});
