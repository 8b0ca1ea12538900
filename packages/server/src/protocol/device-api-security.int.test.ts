import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestServer, type TestServer } from "../testing/test-server.js";
import { call, deviceAuth, newTestKey, publicKeyQuery, serverAuth, type TestKey } from "../testing/test-keys.js";
import { createTenant } from "../domain/tenants/tenant-service.js";
import { timeBucketMessage } from "../domain/crypto/time-bucket.js";
import { ManualClock } from "../domain/clock.js";

// Who may answer a challenge, and what a refused answer leaves behind: nothing.
let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.close());

async function track(userId: string, action: string, attributes: object = {}, secret = server.apiSecretKey) {
  const r = await call(`${server.apiUrl}/users/${userId}/actions/${action}`, { auth: serverAuth(secret), body: attributes });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as { token: string; idempotencyKey: string };
}

async function enrol(userId: string, method = "push", secret = server.apiSecretKey): Promise<TestKey & { id: string }> {
  const key = newTestKey();
  const { token } = await track(userId, "enroll", { scope: "add:authenticators" }, secret);
  const r = await call(`${server.apiUrl}/client/user-authenticators/${method}`, { auth: `Bearer ${token}`, body: { publicKey: key.publicKey } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return { ...key, id: r.body.userAuthenticatorId };
}

async function startPush(userId: string) {
  const t = await track(userId, "signIn");
  const r = await call(`${server.apiUrl}/client/challenge/push`, { auth: `Bearer ${t.token}`, body: { action: "signIn" } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return { ...t, challengeId: r.body.challengeId as string };
}

const answer = (key: TestKey, challengeId: string, opts: { approved?: boolean; signature?: string; tenantId?: string } = {}) =>
  call(`${server.apiUrl}/client/user-authenticators/push/challenge`, {
    auth: deviceAuth(opts.tenantId ?? server.tenantId),
    body: { challengeId, publicKey: key.publicKey, approved: opts.approved ?? true, signature: opts.signature ?? key.sign(challengeId) },
  });

const stateOf = async (userId: string, idempotencyKey: string) =>
  (await call(`${server.apiUrl}/users/${userId}/actions/signIn/${idempotencyKey}`, { auth: serverAuth(server.apiSecretKey) })).body.state;

test("of 100 concurrent answers exactly one wins; the others get 409", async () => {
  const key = await enrol("racer");
  const { challengeId, idempotencyKey } = await startPush("racer");
  const results = await Promise.all(Array.from({ length: 100 }, (_, i) => answer(key, challengeId, { approved: i % 2 === 0 })));
  const statuses = results.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 200).length, 1, statuses.join(","));
  assert.equal(statuses.filter((s) => s === 409).length, 99);
  for (const r of results.filter((r) => r.status === 409)) assert.equal(r.body.errorCode, "challenge_already_answered");
  const winner = results.find((r) => r.status === 200)!;
  assert.equal(await stateOf("racer", idempotencyKey), winner.body.isVerified ? "CHALLENGE_SUCCEEDED" : "CHALLENGE_FAILED");
});

test("forged signatures, other keys and other users' devices are refused and change nothing", async () => {
  const key = await enrol("erin");
  const otherUsersKey = await enrol("frank");
  const stranger = newTestKey();
  const { challengeId, idempotencyKey } = await startPush("erin");

  const forged = await answer(key, challengeId, { signature: stranger.sign(challengeId) });
  assert.equal(forged.status, 401);
  assert.equal(forged.body.errorCode, "invalid_signature");
  const wrongMessage = await answer(key, challengeId, { signature: key.sign(challengeId + "x") });
  assert.equal(wrongMessage.status, 401);
  const garbage = await answer(key, challengeId, { signature: "not-a-signature" });
  assert.equal(garbage.status, 401);

  const unknownKey = await answer(stranger, challengeId);
  assert.equal(unknownKey.status, 404);
  assert.equal(unknownKey.body.errorCode, "credential_not_found");

  const otherUser = await answer(otherUsersKey, challengeId);
  assert.equal(otherUser.status, 404, "frank's phone cannot answer erin's challenge");

  const unknownChallenge = await answer(key, "00000000-0000-4000-8000-000000000000");
  assert.equal(unknownChallenge.status, 404);

  assert.equal(await stateOf("erin", idempotencyKey), "CHALLENGE_REQUIRED");
  const ok = await answer(key, challengeId);
  assert.equal(ok.status, 200);
  const replay = await answer(key, challengeId);
  assert.equal(replay.status, 409, "a replayed body is refused");
});

test("another tenant's device cannot see or answer this tenant's challenges", async () => {
  const other = await createTenant(server.core, { name: "other" });
  const key = await enrol("gina");
  const { challengeId } = await startPush("gina");
  const crossTenant = await answer(key, challengeId, { tenantId: other.tenant.id });
  assert.equal(crossTenant.status, 404);
  const look = await call(`${server.apiUrl}/client/user-authenticators/push/challenge?publicKey=${publicKeyQuery(key.publicKey)}`, {
    auth: deviceAuth(other.tenant.id),
  });
  assert.equal(look.status, 404);
  const unknownTenant = await answer(key, challengeId, { tenantId: "no-such-tenant" });
  assert.equal(unknownTenant.status, 401);
  const otherTrack = await call(`${server.apiUrl}/users/gina/actions/signIn`, { auth: serverAuth(other.apiSecretKey), body: {} });
  const verifyOther = await call(`${server.apiUrl}/client/verify/push`, { auth: `Bearer ${otherTrack.body.token}`, body: { challengeId } });
  assert.equal(verifyOther.status, 404, "a token of another tenant cannot read the challenge");
});

test("an expired challenge cannot be answered (410) and the browser learns it expired", async () => {
  const clock = new ManualClock();
  const timed = await startTestServer({ clock });
  try {
    const key = newTestKey();
    const enrolToken = (await call(`${timed.apiUrl}/users/hank/actions/enroll`, { auth: serverAuth(timed.apiSecretKey), body: { scope: "add:authenticators" } })).body.token;
    await call(`${timed.apiUrl}/client/user-authenticators/push`, { auth: `Bearer ${enrolToken}`, body: { publicKey: key.publicKey } });
    const { token } = (await call(`${timed.apiUrl}/users/hank/actions/signIn`, { auth: serverAuth(timed.apiSecretKey), body: {} })).body;
    const { challengeId } = (await call(`${timed.apiUrl}/client/challenge/push`, { auth: `Bearer ${token}`, body: {} })).body;
    clock.advance(301_000);
    const late = await call(`${timed.apiUrl}/client/user-authenticators/push/challenge`, {
      auth: deviceAuth(timed.tenantId),
      body: { challengeId, publicKey: key.publicKey, approved: true, signature: key.sign(challengeId) },
    });
    assert.equal(late.status, 410);
    assert.equal(late.body.errorCode, "challenge_expired");
    const seen = await call(`${timed.apiUrl}/client/user-authenticators/push/challenge?publicKey=${publicKeyQuery(key.publicKey)}`, {
      auth: deviceAuth(timed.tenantId),
    });
    assert.equal(seen.body.challengeId, null, "the device no longer sees it");
    const browser = await call(`${timed.apiUrl}/client/verify/push`, { auth: `Bearer ${token}`, body: { challengeId } });
    assert.equal(browser.status, 410);
    clock.advance(600_000);
    const expiredToken = await call(`${timed.apiUrl}/client/verify/push`, { auth: `Bearer ${token}`, body: { challengeId } });
    assert.equal(expiredToken.status, 401);
    assert.equal(expiredToken.body.errorCode, "expired_token");
  } finally {
    await timed.close();
  }
});

test("a challenge targeted at one device cannot be answered by the user's other device", async () => {
  const phone = await enrol("ivy");
  const tablet = await enrol("ivy");
  const t = await track("ivy", "signIn");
  const r = await call(`${server.apiUrl}/client/challenge/push`, { auth: `Bearer ${t.token}`, body: { action: "signIn", userAuthenticatorId: phone.id } });
  assert.equal((await answer(tablet, r.body.challengeId)).status, 404);
  assert.equal((await answer(phone, r.body.challengeId)).status, 200);
});

test("custom data is shown only to a device that signs a fresh nonce, once", async () => {
  const key = await enrol("jack");
  const t = await track("jack", "pay", { custom: { amount: 250, currency: "EUR" } });
  await call(`${server.apiUrl}/client/challenge/push`, { auth: `Bearer ${t.token}`, body: { action: "pay" } });
  const q = publicKeyQuery(key.publicKey);
  const { body: nonce } = await call(`${server.apiUrl}/client/user-authenticators/push/challenge/sign?publicKey=${q}`, {
    method: "POST",
    auth: deviceAuth(server.tenantId),
  });
  assert.equal(typeof nonce.message, "string");
  const url = `${server.apiUrl}/client/user-authenticators/push/challenge?publicKey=${q}`;
  const signed = await call(url, { auth: deviceAuth(server.tenantId), headers: { "x-authsignal-signature": key.sign(nonce.message) } });
  assert.deepEqual(signed.body.custom, { amount: 250, currency: "EUR" });
  const replayed = await call(url, { auth: deviceAuth(server.tenantId), headers: { "x-authsignal-signature": key.sign(nonce.message) } });
  assert.equal(replayed.body.custom, undefined, "a nonce is single-use");
  const forged = await call(url, { auth: deviceAuth(server.tenantId), headers: { "x-authsignal-signature": newTestKey().sign(nonce.message) } });
  assert.equal(forged.body.custom, undefined);
});

test("remove credential: signed time bucket only; neighbours accepted; stale refused", async () => {
  const key = await enrol("kate");
  const now = Date.now();
  const remove = (signature: string) =>
    call(`${server.apiUrl}/client/user-authenticators/push/remove`, { auth: deviceAuth(server.tenantId), body: { publicKey: key.publicKey, signature } });
  assert.equal((await remove(key.sign(timeBucketMessage(now, -3)))).status, 401);
  assert.equal((await remove(newTestKey().sign(timeBucketMessage(now)))).status, 401);
  const ok = await remove(key.sign(timeBucketMessage(now, -1)));
  assert.equal(ok.status, 200);
  assert.equal(ok.body.removedAuthenticatorId, key.id);
  const get = await call(`${server.apiUrl}/client/user-authenticators/push?publicKey=${publicKeyQuery(key.publicKey)}`, { auth: deviceAuth(server.tenantId) });
  assert.equal(get.status, 404);
});

test("update push credential: a signed single-use message sets the push token", async () => {
  const key = await enrol("liam");
  const q = publicKeyQuery(key.publicKey);
  const { body: sign } = await call(`${server.apiUrl}/client/user-authenticators/push/sign?publicKey=${q}`, { method: "POST", auth: deviceAuth(server.tenantId) });
  const patch = (signature: string) =>
    call(`${server.apiUrl}/client/user-authenticators/push`, {
      method: "PATCH",
      auth: deviceAuth(server.tenantId),
      body: { challengeId: sign.challengeId, publicKey: key.publicKey, signature, pushToken: "fcm-token-1" },
    });
  assert.equal((await patch(newTestKey().sign(sign.message))).status, 401);
  const ok = await patch(key.sign(sign.message));
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.userAuthenticatorId, key.id);
  assert.equal(ok.body.pushToken, "fcm-token-1");
  assert.equal((await patch(key.sign(sign.message))).status, 401, "the message is single-use");
});

test("adding a credential needs add:authenticators; keys must be P-256 SPKI", async () => {
  const { token } = await track("mia", "signIn");
  const key = newTestKey();
  const noScope = await call(`${server.apiUrl}/client/user-authenticators/push`, { auth: `Bearer ${token}`, body: { publicKey: key.publicKey } });
  assert.equal(noScope.status, 403);
  assert.equal(noScope.body.errorCode, "insufficient_scope");
  const enrolToken = (await track("mia", "enroll", { scope: "add:authenticators" })).token;
  const p384 =
    "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEtynDwBbeAJTuOV0k9bHqKnCd+/+YkydAOTDGrKl3bOjpkatLwM1PRecd7u8E+9smPgT2LzhDuZrqFBq1/8ZkSR6QL0iCMvC6tIOssfxa2AVjsR99zZAEyg3ij7/R2XpE";
  for (const bad of [p384, "AAAA", "%%%"]) {
    const r = await call(`${server.apiUrl}/client/user-authenticators/push`, { auth: `Bearer ${enrolToken}`, body: { publicKey: bad } });
    assert.equal(r.status, 400, bad);
    assert.match(r.body.errorDescription, /publicKey/);
  }
  const missing = await call(`${server.apiUrl}/client/user-authenticators/push`, { auth: `Bearer ${enrolToken}`, body: {} });
  assert.equal(missing.status, 400);
  assert.match(missing.body.errorDescription, /publicKey/);
  const urlSafe = Buffer.from(key.publicKey, "base64").toString("base64url");
  const added = await call(`${server.apiUrl}/client/user-authenticators/push`, { auth: `Bearer ${enrolToken}`, body: { publicKey: urlSafe } });
  assert.equal(added.status, 200);
  const again = await call(`${server.apiUrl}/client/user-authenticators/push`, { auth: `Bearer ${enrolToken}`, body: { publicKey: key.publicKey } });
  assert.equal(again.body.userAuthenticatorId, added.body.userAuthenticatorId, "same key, same user: idempotent");
  const otherUserToken = (await track("noah", "enroll", { scope: "add:authenticators" })).token;
  const stolen = await call(`${server.apiUrl}/client/user-authenticators/push`, { auth: `Bearer ${otherUserToken}`, body: { publicKey: key.publicKey } });
  assert.equal(stolen.status, 409);
  const iosQuery = encodeURIComponent(Buffer.from(key.publicKey).toString("base64url"));
  const rawQuery = encodeURIComponent(key.publicKey);
  const androidStandard = Buffer.from(key.publicKey).toString("base64");
  const androidUnescaped = androidStandard.replace(/\+/g, " ");
  for (const q of [iosQuery, rawQuery, encodeURIComponent(androidUnescaped), androidStandard]) {
    const got = await call(`${server.apiUrl}/client/user-authenticators/push?publicKey=${q}`, { auth: deviceAuth(server.tenantId) });
    assert.equal(got.status, 200, q);
    assert.equal(got.body.userAuthenticatorId, added.body.userAuthenticatorId);
  }
});
