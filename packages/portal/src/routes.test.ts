import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRoute, routeHash, tenantHref } from "./routes.js";

test("the tenant list is the default route", () => {
  for (const hash of ["", "#", "#/", "#/tenants", "#/tenants/"]) assert.deepEqual(parseRoute(hash), { kind: "tenants" }, hash);
});

test("a tenant alone opens its dashboard; each screen has its name", () => {
  assert.deepEqual(parseRoute("#/tenants/t1"), { kind: "tenant", tenantId: "t1", screen: "dashboard", query: {} });
  assert.deepEqual(parseRoute("#/tenants/t1/rules"), { kind: "tenant", tenantId: "t1", screen: "rules", query: {} });
  for (const screen of ["dashboard", "secrets", "settings", "webhooks", "push", "rules", "users", "audit"]) {
    const route = parseRoute(`#/tenants/t1/${screen}`);
    assert.equal(route.kind === "tenant" && route.screen, screen);
  }
});

test("rules and users take a sub-path, decoded", () => {
  assert.deepEqual(parseRoute("#/tenants/t1/rules/signIn"), { kind: "tenant", tenantId: "t1", screen: "rules", sub: "signIn", query: {} });
  assert.deepEqual(parseRoute("#/tenants/t%201/users/zoe%40example.com%2Fx"), { kind: "tenant", tenantId: "t 1", screen: "users", sub: "zoe@example.com/x", query: {} });
});

test("queries are read", () => {
  assert.deepEqual(parseRoute("#/tenants/t1/audit?type=secret.rotated&userId=a%20b"), {
    kind: "tenant",
    tenantId: "t1",
    screen: "audit",
    query: { type: "secret.rotated", userId: "a b" },
  });
});

test("anything else is not found", () => {
  for (const hash of ["#/nope", "#/tenants/t1/nope", "#/tenants/t1/audit/x", "#/tenants/t1/users/a/b", "#/tenants/%E0%A4%A/users", "#/tenants/t1/users/%E0%A4%A"]) {
    assert.equal(parseRoute(hash).kind, "notFound", hash);
  }
});

test("routeHash is the inverse of parseRoute", () => {
  for (const hash of ["#/tenants", "#/tenants/t1", "#/tenants/t1/rules/sign%20In", "#/tenants/t1/users/zoe%40example.com", "#/tenants/t1/audit?type=a&userId=b"]) {
    assert.equal(routeHash(parseRoute(hash)), hash);
  }
  assert.equal(tenantHref("a/b", "users", "x y", { query: "z" }), "#/tenants/a%2Fb/users/x%20y?query=z");
  assert.equal(tenantHref("t"), "#/tenants/t");
  assert.equal(tenantHref("t", "audit", undefined, { type: "" }), "#/tenants/t/audit", "empty values are left out");
});
