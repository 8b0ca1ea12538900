import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestServer, type TestServer } from "../testing/test-server.js";
import { basicAuth, call, deviceAuth, newTestKey, publicKeyQuery, serverAuth, type TestKey } from "../testing/test-keys.js";
import { ManualClock } from "../domain/clock.js";

// Push-fatigue defences through the HTTP API: number matching, one pending push per user,
// per-user limits, "this wasn't me", back-off after denials, and the audit trail of it all.
let server: TestServer;
const clock = new ManualClock();
before(async () => (server = await startTestServer({ clock })));
after(() => server.close());

const admin = (path: string, init: { method?: string; body?: unknown } = {}) => call(`${server.origin}/admin/v1${path}`, { auth: `Bearer ${server.adminToken}`, ...init });
const setTenant = (body: object) => admin(`/tenants/${server.tenantId}`, { method: "PATCH", body });

async function enrol(userId: string, method = "push"): Promise<TestKey> {
  const key = newTestKey();
  const { token } = (await call(`${server.apiUrl}/users/${userId}/actions/enroll`, { auth: serverAuth(server.apiSecretKey), body: { scope: "add:authenticators" } })).body;
  assert.equal((await call(`${server.apiUrl}/client/user-authenticators/${method}`, { auth: `Bearer ${token}`, body: { publicKey: key.publicKey } })).status, 200);
  return key;
}
async function startPush(userId: string, action = "signIn") {
  const { token } = (await call(`${server.apiUrl}/users/${userId}/actions/${action}`, { auth: serverAuth(server.apiSecretKey), body: {} })).body;
  const r = await call(`${server.apiUrl}/client/challenge/push`, { auth: `Bearer ${token}`, body: {} });
  return { token: token as string, status: r.status, body: r.body };
}
const answer = (key: TestKey, challengeId: string, extra: object) =>
  call(`${server.apiUrl}/client/user-authenticators/push/challenge`, {
    auth: deviceAuth(server.tenantId),
    body: { challengeId, publicKey: key.publicKey, signature: key.sign(challengeId), ...extra },
  });
const deviceSees = async (key: TestKey) =>
  (await call(`${server.apiUrl}/client/user-authenticators/push/challenge?publicKey=${publicKeyQuery(key.publicKey)}`, { auth: deviceAuth(server.tenantId) })).body;
const verify = async (token: string, challengeId: string) => (await call(`${server.apiUrl}/client/verify/push`, { auth: `Bearer ${token}`, body: { challengeId } })).body;

test("number matching (type): the page gets the code, the device never does; a wrong code fails at once", async () => {
  await setTenant({ numberMatching: "type" });
  try {
    const key = await enrol("nm1");
    const first = await startPush("nm1");
    assert.match(first.body.verificationCode, /^\d\d$/);
    const seen = await deviceSees(key);
    assert.equal(seen.verificationCodeRequired, true);
    assert.equal(seen.verificationCodeChoices, undefined);
    assert.ok(!JSON.stringify(seen).includes(`"${first.body.verificationCode}"`), "the device is not told the code");
    assert.deepEqual((await answer(key, first.body.challengeId, { approved: true, verificationCode: first.body.verificationCode })).body, { isVerified: true });

    clock.advance(1000);
    const second = await startPush("nm1");
    const wrong = second.body.verificationCode === "00" ? "01" : "00";
    assert.deepEqual((await answer(key, second.body.challengeId, { approved: true, verificationCode: wrong })).body, { isVerified: false });
    assert.deepEqual(await verify(second.token, second.body.challengeId), { isVerified: false, isConsumed: true });
    const retry = await answer(key, second.body.challengeId, { approved: true, verificationCode: second.body.verificationCode });
    assert.equal(retry.status, 409, "no second try");

    clock.advance(1000);
    const third = await startPush("nm1");
    assert.deepEqual((await answer(key, third.body.challengeId, { approved: true })).body, { isVerified: false }, "a missing code fails too");
  } finally {
    await setTenant({ numberMatching: "off" });
  }
});

test("number matching (choices) set per action overrides the tenant; QR challenges match numbers too", async () => {
  const put = await admin(`/tenants/${server.tenantId}/actions/highValue`, { method: "PUT", body: { defaultOutcome: "CHALLENGE", numberMatching: "choices", rules: [] } });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const key = await enrol("nm2");
  const push = await startPush("nm2", "highValue");
  const seen = await deviceSees(key);
  assert.equal(seen.verificationCodeChoices.length, 3);
  assert.ok(seen.verificationCodeChoices.includes(push.body.verificationCode));
  await enrol("nm2b");
  const plain = await startPush("nm2b", "signIn");
  assert.equal(plain.status, 200);
  assert.equal(plain.body.verificationCode, undefined, "other actions keep the tenant's setting (off)");

  await setTenant({ numberMatching: "type" });
  try {
    const qrKey = await enrol("nm3", "qr-code");
    const qr = (await call(`${server.apiUrl}/client/challenge/qr-code`, { auth: basicAuth(encodeURIComponent(server.tenantId)), body: { action: "kiosk" } })).body;
    assert.match(qr.verificationCode, /^\d\d$/);
    const claim = await call(`${server.apiUrl}/client/user-authenticators/qr-code/challenge/claim`, {
      auth: deviceAuth(server.tenantId),
      body: { challengeId: qr.challengeId, publicKey: qrKey.publicKey, signature: qrKey.sign(qr.challengeId) },
    });
    assert.equal(claim.body.verificationCodeRequired, true);
    const approve = await call(`${server.apiUrl}/client/user-authenticators/qr-code/challenge`, {
      auth: deviceAuth(server.tenantId),
      body: { challengeId: qr.challengeId, publicKey: qrKey.publicKey, signature: qrKey.sign(qr.challengeId), approved: true, verificationCode: qr.verificationCode },
    });
    assert.deepEqual(approve.body, { isVerified: true });
  } finally {
    await setTenant({ numberMatching: "off" });
  }
});

test("a new push challenge supersedes the pending one, which reads consumed and not verified", async () => {
  const key = await enrol("sup");
  const first = await startPush("sup");
  clock.advance(1000);
  const second = await startPush("sup");
  assert.deepEqual(await verify(first.token, first.body.challengeId), { isVerified: false, isConsumed: true });
  assert.equal((await deviceSees(key)).challengeId, second.body.challengeId);
  assert.equal((await answer(key, first.body.challengeId, { approved: true })).status, 409);
  assert.equal((await answer(key, second.body.challengeId, { approved: true })).status, 200);
});

test("at most 5 push challenges per user per 10 minutes, then 429 until the window moves", async () => {
  await enrol("lim");
  for (let i = 0; i < 5; i++) {
    assert.equal((await startPush("lim")).status, 200);
    clock.advance(1000);
  }
  const sixth = await startPush("lim");
  assert.equal(sixth.status, 429);
  assert.equal(sixth.body.errorCode, "too_many_requests");
  assert.match(sixth.body.errorDescription, /Retry after/);
  await enrol("lim-other");
  assert.equal((await startPush("lim-other")).status, 200, "other users are not affected");
  clock.advance(600_000);
  assert.equal((await startPush("lim")).status, 200);
});

test("consecutive denials back off exponentially; an approval resets", async () => {
  const key = await enrol("den");
  for (let i = 0; i < 2; i++) {
    const { body } = await startPush("den");
    await answer(key, body.challengeId, { approved: false });
    clock.advance(1000);
  }
  assert.equal((await startPush("den")).status, 429, "after two denials the next push waits 30 s");
  clock.advance(30_000);
  const third = await startPush("den");
  assert.equal(third.status, 200);
  await answer(key, third.body.challengeId, { approved: false });
  clock.advance(31_000);
  assert.equal((await startPush("den")).status, 429, "after three denials it waits 60 s");
  clock.advance(30_000);
  const ok = await startPush("den");
  assert.equal(ok.status, 200);
  await answer(key, ok.body.challengeId, { approved: true });
  clock.advance(1000);
  assert.equal((await startPush("den")).status, 200, "an approval resets the count");
});

test("'this wasn't me' blocks pushes for the cooling period, with a webhook-worthy audit entry", async () => {
  const key = await enrol("fraud");
  const { body } = await startPush("fraud");
  assert.equal((await answer(key, body.challengeId, { approved: false, denyReason: "not_me" })).status, 200);
  clock.advance(60_000);
  const blocked = await startPush("fraud");
  assert.equal(blocked.status, 429);
  assert.match(blocked.body.errorDescription, /fraud report/);
  const bad = await answer(key, body.challengeId, { approved: false, denyReason: "because" });
  assert.equal(bad.status, 400);

  const audit = (await admin(`/tenants/${server.tenantId}/audit?userId=fraud`)).body.events as any[];
  const types = audit.map((e) => e.type);
  for (const t of ["fraud.reported", "limit.hit", "challenge.answered", "challenge.created", "credential.added"]) assert.ok(types.includes(t), `${t} in ${types}`);
  const fraud = audit.find((e) => e.type === "fraud.reported");
  assert.equal(fraud.details.challengeId, body.challengeId);
  assert.match(fraud.actor, /^device:/);
  clock.advance(3_600_000);
  assert.equal((await startPush("fraud")).status, 200, "allowed again after the cooling period");
});

test("the audit log filters by type and user and pages with before", async () => {
  const page1 = (await admin(`/tenants/${server.tenantId}/audit?type=challenge.created&limit=2`)).body;
  assert.equal(page1.events.length, 2);
  assert.ok(page1.events.every((e: any) => e.type === "challenge.created"));
  const page2 = (await admin(`/tenants/${server.tenantId}/audit?type=challenge.created&limit=2&before=${page1.nextCursor}`)).body;
  assert.equal(page2.events.length, 2);
  assert.ok(!page2.events.some((e: any) => page1.events.some((f: any) => f.id === e.id)));
  assert.ok(Date.parse(page2.events[0].at) <= Date.parse(page1.events[1].at));
  assert.equal((await admin(`/tenants/${server.tenantId}/audit?from=yesterday`)).status, 400);
  const tenantEvents = (await admin(`/tenants/${server.tenantId}/audit?type=tenant.updated`)).body.events;
  assert.ok(tenantEvents.length > 0 && tenantEvents[0].actor === "admin");
});
