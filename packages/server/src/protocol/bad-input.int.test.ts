import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestServer, type TestServer } from "../testing/test-server.js";
import { basicAuth, call, deviceAuth, newTestKey, serverAuth } from "../testing/test-keys.js";

// Every bad input gets a 4xx in the protocol's error shape: never a 500, never a crash.
let server: TestServer;
let trackToken: string;
let enrolToken: string;
before(async () => {
  server = await startTestServer();
  trackToken = (await call(`${server.apiUrl}/users/u/actions/signIn`, { auth: serverAuth(server.apiSecretKey), body: {} })).body.token;
  enrolToken = (await call(`${server.apiUrl}/users/u/actions/enroll`, { auth: serverAuth(server.apiSecretKey), body: { scope: "add:authenticators" } })).body.token;
});
after(() => server.close());

const ROUTES: Array<[string, string, "server" | "bearer" | "enrol" | "device" | "admin"]> = [
  ["POST", "/v1/users/u/actions/signIn", "server"],
  ["POST", "/v1/users/u%00x/actions/signIn", "server"],
  ["GET", "/v1/users/u%00x", "server"],
  ["GET", "/v1/users/u/actions/signIn/k", "server"],
  ["PATCH", "/v1/users/u/actions/signIn/k", "server"],
  ["GET", "/v1/users/u/actions?fromDate=x&codes=a,b&state=Q", "server"],
  ["POST", "/v1/validate", "server"],
  ["GET", "/v1/users/u", "server"],
  ["PATCH", "/v1/users/u", "server"],
  ["DELETE", "/v1/users/u/authenticators/x", "server"],
  ["POST", "/v1/client/challenge/push", "bearer"],
  ["POST", "/v1/client/verify/push", "bearer"],
  ["POST", "/v1/client/challenge", "device"],
  ["POST", "/v1/client/user-authenticators/push", "enrol"],
  ["POST", "/v1/client/user-authenticators/in-app", "enrol"],
  ["GET", "/v1/client/user-authenticators/push?publicKey=%%%", "device"],
  ["POST", "/v1/client/user-authenticators/push/remove", "device"],
  ["POST", "/v1/client/user-authenticators/push/challenge/sign?publicKey=AAAA", "device"],
  ["GET", "/v1/client/user-authenticators/push/challenge?publicKey=AAAA", "device"],
  ["POST", "/v1/client/user-authenticators/push/challenge", "device"],
  ["POST", "/v1/client/user-authenticators/push/sign?publicKey=AAAA", "device"],
  ["PATCH", "/v1/client/user-authenticators/push", "device"],
  ["POST", "/v1/client/verify/in-app", "device"],
  ["POST", "/v1/client/user-authenticators/passkey", "enrol"],
  ["POST", "/admin/v1/tenants", "admin"],
  ["PATCH", `/admin/v1/tenants/x`, "admin"],
  ["POST", `/admin/v1/tenants/x/secrets`, "admin"],
];

const key = newTestKey();
const BODIES: unknown[] = [
  undefined,
  "",
  "not json",
  "{",
  "[]",
  "null",
  "42",
  '"string"',
  {},
  { publicKey: 12, signature: [], challengeId: {}, approved: "yes", token: null, state: 7, name: ["x"] },
  { publicKey: key.publicKey, signature: key.sign("x"), challengeId: "x".repeat(100), approved: true, token: "a.b.c" },
  { publicKey: "A".repeat(5000) },
  { challengeId: "00000000-0000-4000-8000-000000000000", publicKey: key.publicKey, signature: "AAAA", approved: false },
  { custom: { nested: { deep: [1, 2, { x: null }] } }, scope: "root:everything", redirectUrl: "javascript:alert(1)", idempotencyKey: "" },
  { __proto__: { polluted: true }, constructor: { prototype: { x: 1 } } },
  { publicKey: "\u0000", challengeId: "a\u0000b", token: "\u0000", name: "n\u0000", custom: { ["k\u0000"]: "v\u0000" } },
];

function authFor(kind: string): string {
  if (kind === "server") return serverAuth(server.apiSecretKey);
  if (kind === "bearer") return `Bearer ${trackToken}`;
  if (kind === "enrol") return `Bearer ${enrolToken}`;
  if (kind === "admin") return `Bearer ${server.adminToken}`;
  return deviceAuth(server.tenantId);
}

test("junk bodies on every route: 4xx with {error, errorCode, errorDescription}", async () => {
  for (const [method, path, kind] of ROUTES) {
    for (const body of BODIES) {
      const hasBody = method !== "GET" && body !== undefined;
      const response = await fetch(`${server.origin}${path}`, {
        method,
        headers: { authorization: authFor(kind), ...(hasBody ? { "content-type": "application/json" } : {}) },
        body: hasBody ? (typeof body === "string" ? body : JSON.stringify(body)) : undefined,
      });
      const text = await response.text();
      const where = `${method} ${path} ${JSON.stringify(body)?.slice(0, 60)} -> ${response.status} ${text.slice(0, 200)}`;
      assert.ok(response.status < 500, where);
      if (response.status >= 400) {
        const parsed = JSON.parse(text);
        assert.equal(typeof parsed.error, "string", where);
        assert.equal(parsed.errorCode, parsed.error, where);
        assert.equal(typeof parsed.errorDescription, "string", where);
      }
    }
  }
});

test("junk Authorization headers are 401s, never 500s", async () => {
  const headers = ["Basic", "Basic ====", "Basic " + Buffer.from("%E0%A4%A:").toString("base64"), "Bearer", "Bearer x.y.z", "Bearer " + "a".repeat(5000), basicAuth("x".repeat(300) + ":"), "Digest abc"];
  for (const [method, path] of ROUTES.filter(([, p]) => !p.startsWith("/admin"))) {
    for (const authorization of headers) {
      const r = await fetch(`${server.origin}${path}`, {
        method,
        headers: { authorization, ...(method !== "GET" ? { "content-type": "application/json" } : {}) },
        body: method !== "GET" ? "{}" : undefined,
      });
      assert.ok([400, 401, 404].includes(r.status), `${method} ${path} ${authorization.slice(0, 30)} -> ${r.status}`);
      assert.ok(r.status !== 404 || path.includes("passkey"), `${method} ${path} ${authorization.slice(0, 30)} -> 404`);
    }
  }
});

test("wrong content types and oversized bodies get 415 and 413", async () => {
  const r415 = await fetch(`${server.apiUrl}/validate`, { method: "POST", headers: { authorization: serverAuth(server.apiSecretKey), "content-type": "application/xml" }, body: "<x/>" });
  assert.equal(r415.status, 415);
  const r413 = await fetch(`${server.apiUrl}/validate`, {
    method: "POST",
    headers: { authorization: serverAuth(server.apiSecretKey), "content-type": "application/json" },
    body: JSON.stringify({ token: "x".repeat(100_000) }),
  });
  assert.equal(r413.status, 413);
  assert.equal((await r413.json()).errorCode, "payload_too_large");
});
