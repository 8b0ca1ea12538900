import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestServer, type TestServer } from "../testing/test-server.js";
import { call, deviceAuth, newTestKey, serverAuth } from "../testing/test-keys.js";

// The portal's API: sign-in by admin token into an HttpOnly cookie with CSRF protection; users,
// their authenticators and timeline; dashboard statistics.
let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.close());

async function signIn(): Promise<{ cookie: string; csrf: string; setCookie: string }> {
  const r = await fetch(`${server.origin}/admin/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ adminToken: server.adminToken }) });
  assert.equal(r.status, 200);
  const setCookie = r.headers.get("set-cookie") ?? "";
  const cookie = /signet_admin=([^;]+)/.exec(setCookie)?.[1] ?? "";
  return { cookie: `signet_admin=${cookie}`, csrf: (await r.json()).csrfToken, setCookie };
}

test("sign-in sets an HttpOnly, SameSite=Strict cookie scoped to /admin; wrong tokens are refused", async () => {
  const { setCookie } = await signIn();
  assert.match(setCookie, /HttpOnly/i);
  assert.match(setCookie, /SameSite=Strict/i);
  assert.match(setCookie, /Path=\/admin/i);
  assert.doesNotMatch(setCookie, /Secure/i, "not Secure on plain http");
  const wrong = await call(`${server.origin}/admin/session`, { body: { adminToken: "nope-nope-nope-nope" } });
  assert.equal(wrong.status, 401);
});

test("a request with the cookie needs the CSRF token; the session survives a reload and ends on sign-out", async () => {
  const { cookie, csrf } = await signIn();
  const withCsrf = await call(`${server.origin}/admin/v1/tenants`, { headers: { cookie, "x-csrf-token": csrf } });
  assert.equal(withCsrf.status, 200);
  const noCsrf = await call(`${server.origin}/admin/v1/tenants`, { headers: { cookie } });
  assert.equal(noCsrf.status, 401, "a cross-site request cannot supply the CSRF token");
  const badCsrf = await call(`${server.origin}/admin/v1/tenants/${server.tenantId}/secrets`, { headers: { cookie, "x-csrf-token": "guess" }, body: {} });
  assert.equal(badCsrf.status, 401);
  const again = await call(`${server.origin}/admin/session`, { headers: { cookie } });
  assert.equal(again.body.csrfToken, csrf);
  await call(`${server.origin}/admin/session`, { method: "DELETE", headers: { cookie } });
  assert.equal((await call(`${server.origin}/admin/v1/tenants`, { headers: { cookie, "x-csrf-token": csrf } })).status, 401);
});

test("users: search, detail with authenticators and timeline, revoke; stats by hour with latency", async () => {
  const admin = (path: string, init: { method?: string; body?: unknown } = {}) => call(`${server.origin}/admin/v1/tenants/${server.tenantId}${path}`, { auth: `Bearer ${server.adminToken}`, ...init });
  const key = newTestKey();
  const enrol = (await call(`${server.apiUrl}/users/zoe/actions/enroll`, { auth: serverAuth(server.apiSecretKey), body: { scope: "add:authenticators", email: "zoe@example.com" } })).body;
  const added = (await call(`${server.apiUrl}/client/user-authenticators/push`, { auth: `Bearer ${enrol.token}`, body: { publicKey: key.publicKey, deviceName: "Zoe's phone" } })).body;
  const signIn = (await call(`${server.apiUrl}/users/zoe/actions/signIn`, { auth: serverAuth(server.apiSecretKey), body: { ipAddress: "198.51.100.7" } })).body;
  const { challengeId } = (await call(`${server.apiUrl}/client/challenge/push`, { auth: `Bearer ${signIn.token}`, body: {} })).body;
  await call(`${server.apiUrl}/client/user-authenticators/push/challenge`, { auth: deviceAuth(server.tenantId), body: { challengeId, publicKey: key.publicKey, approved: true, signature: key.sign(challengeId) } });
  await call(`${server.apiUrl}/users/zed/actions/signIn`, { auth: serverAuth(server.apiSecretKey), body: {} });

  assert.deepEqual((await admin("/users?query=zo")).body.users.map((u: any) => u.userId), ["zoe"]);
  assert.deepEqual((await admin("/users?query=zoe%40")).body.users.map((u: any) => u.userId), ["zoe"], "by email prefix");
  assert.deepEqual((await admin("/users?query=z")).body.users.map((u: any) => u.userId), ["zed", "zoe"]);
  assert.equal((await admin("/users?query=%25")).body.users.length, 0, "no wildcard injection");

  const detail = (await admin("/users/zoe")).body;
  assert.equal(detail.user.email, "zoe@example.com");
  assert.equal(detail.authenticators[0].displayName, "Zoe's phone");
  assert.deepEqual(detail.timeline.map((a: any) => a.state).sort(), ["CHALLENGE_REQUIRED", "CHALLENGE_SUCCEEDED"]);
  assert.ok(detail.audit.some((e: any) => e.type === "challenge.answered"));
  assert.equal((await admin("/users/nobody")).status, 404);

  const stats = (await admin("/stats?hours=2")).body;
  const approved = stats.hours.reduce((n: number, h: any) => n + h.approved, 0);
  assert.equal(approved, 1);
  assert.equal(stats.approvalLatencyMs.count, 1);
  assert.ok(stats.approvalLatencyMs.p50 >= 0);

  assert.equal((await admin(`/users/zoe/authenticators/${added.userAuthenticatorId}`, { method: "DELETE" })).status, 200);
  assert.equal((await admin("/users/zoe")).body.authenticators.length, 0);
  const revoked = (await admin("/audit?type=credential.removed&userId=zoe")).body.events[0];
  assert.equal(revoked.actor, "admin");
});
