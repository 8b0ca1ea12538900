import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestServer, type TestServer } from "../testing/test-server.js";
import { call, serverAuth } from "../testing/test-keys.js";

let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.close());

const admin = (path: string, init: { method?: string; body?: unknown; auth?: string } = {}) =>
  call(`${server.origin}/admin/v1${path}`, { auth: `Bearer ${server.adminToken}`, ...init });

test("the admin API needs the admin token", async () => {
  assert.equal((await admin("/tenants", { auth: "Bearer wrong-token-wrong-token" })).status, 401);
  assert.equal((await admin("/tenants", { auth: "" })).status, 401);
});

test("create, read and patch a tenant; secrets are never shown again", async () => {
  const created = await admin("/tenants", { body: { name: "acme" } });
  assert.equal(created.status, 201);
  const { tenantId, apiSecretKey, apiUrl } = created.body;
  assert.equal(apiUrl, server.apiUrl);
  assert.match(apiSecretKey, /^sk_/);
  const read = await admin(`/tenants/${tenantId}`);
  assert.equal(read.body.name, "acme");
  assert.equal(read.body.challengeTtlSeconds, 300);
  assert.equal(read.body.tokenTtlSeconds, 600);
  assert.ok(!JSON.stringify(read.body).includes(apiSecretKey));
  assert.ok(!JSON.stringify((await admin("/tenants")).body).includes("sk_"));

  const patched = await admin(`/tenants/${tenantId}`, {
    method: "PATCH",
    body: { challengeTtlSeconds: 120, tokenTtlSeconds: 900, allowedOrigins: ["https://app.example.com"], webhookUrl: "https://hooks.example.com/signet" },
  });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.challengeTtlSeconds, 120);
  assert.deepEqual(patched.body.allowedOrigins, ["https://app.example.com"]);
  assert.equal(patched.body.webhookUrl, "https://hooks.example.com/signet");

  for (const bad of [{ challengeTtlSeconds: 0 }, { tokenTtlSeconds: "x" }, { allowedOrigins: ["not an origin"] }, { allowedOrigins: ["https://a.example/path"] }, { webhookUrl: "ftp://x" }]) {
    const r = await admin(`/tenants/${tenantId}`, { method: "PATCH", body: bad });
    assert.equal(r.status, 400, JSON.stringify(bad));
    assert.equal(r.body.errorCode, "invalid_request");
  }
  assert.equal((await admin(`/tenants/${tenantId}`)).body.challengeTtlSeconds, 120, "a refused patch changes nothing");
  assert.equal((await admin("/tenants/nope")).status, 404);
  assert.equal((await admin("/tenants", { body: { name: "" } })).status, 400);
});

test("secret rotation: the new secret works, the old one only for the grace period", async () => {
  const { tenantId, apiSecretKey: first } = (await admin("/tenants", { body: { name: "rotating" } })).body;
  const getUser = (secret: string) => call(`${server.apiUrl}/users/u1`, { auth: serverAuth(secret) });
  assert.equal((await getUser(first)).status, 200);

  const graced = await admin(`/tenants/${tenantId}/secrets`, { body: { graceSeconds: 3600 } });
  assert.equal(graced.status, 201);
  const second = graced.body.apiSecretKey;
  assert.equal((await getUser(first)).status, 200, "old secret valid during grace");
  assert.equal((await getUser(second)).status, 200);

  const immediate = await admin(`/tenants/${tenantId}/secrets`, { body: {} });
  const third = immediate.body.apiSecretKey;
  assert.equal((await getUser(first)).status, 401);
  assert.equal((await getUser(second)).status, 401);
  assert.equal((await getUser(third)).status, 200);
  assert.equal((await admin(`/tenants/${tenantId}/secrets`, { body: { graceSeconds: -1 } })).status, 400);
});

test("without SIGNET_ADMIN_TOKEN the admin API answers 404", async () => {
  const plain = await startTestServer({ env: { SIGNET_ADMIN_TOKEN: "" } });
  try {
    const r = await call(`${plain.origin}/admin/v1/tenants`, { auth: "Bearer anything-anything-anything" });
    assert.equal(r.status, 404);
    assert.equal(r.body.errorCode, "not_found");
  } finally {
    await plain.close();
  }
});

test("health and JWKS", async () => {
  assert.deepEqual((await call(`${server.origin}/health`)).body, { status: "ok" });
  const jwks = (await call(`${server.apiUrl}/.well-known/jwks.json`)).body;
  assert.equal(jwks.keys.length, 1);
  assert.equal(jwks.keys[0].kty, "EC");
  assert.equal(jwks.keys[0].crv, "P-256");
  assert.equal(jwks.keys[0].d, undefined, "never the private part");
});
