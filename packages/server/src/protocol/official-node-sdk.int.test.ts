import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Authsignal, AuthsignalError, UserActionState } from "@authsignal/node";
import { startTestServer, type TestServer } from "../testing/test-server.js";
import { call, deviceAuth, newTestKey, publicKeyQuery } from "../testing/test-keys.js";

// The seeds' push flow and the Server API, driven by the official @authsignal/node SDK.
let server: TestServer;
let authsignal: Authsignal;

before(async () => {
  server = await startTestServer();
  authsignal = new Authsignal({ apiSecretKey: server.apiSecretKey, apiUrl: server.apiUrl, retries: 0 });
});
after(() => server.close());

async function enrolPushDevice(userId: string) {
  const key = newTestKey();
  const enrol = await authsignal.track({ userId, action: "enroll", attributes: { scope: "add:authenticators" } });
  const added = await call(`${server.apiUrl}/client/user-authenticators/push`, {
    auth: `Bearer ${enrol.token}`,
    body: { publicKey: key.publicKey, deviceName: "Test phone", devicePlatform: "android" },
  });
  assert.equal(added.status, 200, JSON.stringify(added.body));
  return { key, userAuthenticatorId: added.body.userAuthenticatorId as string };
}

test("push flow: track, enrol, challenge, approve, verify, validateChallenge once", async () => {
  const userId = "alice";
  const before = await authsignal.getUser({ userId });
  assert.equal(before.isEnrolled, false);

  const { key, userAuthenticatorId } = await enrolPushDevice(userId);
  const user = await authsignal.getUser({ userId });
  assert.equal(user.isEnrolled, true);
  assert.deepEqual(user.enrolledVerificationMethods, ["PUSH"]);

  const signIn = await authsignal.track({
    userId,
    action: "signIn",
    attributes: { ipAddress: "203.0.113.7", userAgent: "Mozilla/5.0 Test", deviceId: "laptop-1", custom: { amount: 12 } },
  });
  assert.equal(signIn.state, "CHALLENGE_REQUIRED");
  assert.equal(signIn.isEnrolled, true);
  assert.deepEqual(signIn.enrolledVerificationMethods, ["PUSH"]);
  assert.match(signIn.url, /^http:\/\/127\.0\.0\.1:\d+\/hosted\/challenge\?token=/);

  const started = await call(`${server.apiUrl}/client/challenge/push`, { auth: `Bearer ${signIn.token}`, body: { action: "signIn" } });
  assert.equal(started.status, 200);
  const { challengeId } = started.body;

  const pending = await call(`${server.apiUrl}/client/verify/push`, { auth: `Bearer ${signIn.token}`, body: { challengeId } });
  assert.deepEqual(pending.body, { isVerified: false, isConsumed: false });

  const seen = await call(`${server.apiUrl}/client/user-authenticators/push/challenge?publicKey=${publicKeyQuery(key.publicKey)}`, {
    auth: deviceAuth(server.tenantId),
  });
  assert.equal(seen.status, 200);
  assert.equal(seen.body.challengeId, challengeId);
  assert.equal(seen.body.userAuthenticatorId, userAuthenticatorId);
  assert.equal(seen.body.actionCode, "signIn");
  assert.equal(seen.body.idempotencyKey, signIn.idempotencyKey);
  assert.equal(seen.body.ipAddress, "203.0.113.7");
  assert.equal(seen.body.userAgent, "Mozilla/5.0 Test");
  assert.equal(seen.body.deviceId, "laptop-1");
  assert.equal(seen.body.custom, undefined, "custom data only with a signed nonce");

  const approved = await call(`${server.apiUrl}/client/user-authenticators/push/challenge`, {
    auth: deviceAuth(server.tenantId),
    body: { challengeId, publicKey: key.publicKey, approved: true, signature: key.sign(challengeId) },
  });
  assert.deepEqual(approved.body, { isVerified: true });

  const verified = await call(`${server.apiUrl}/client/verify/push`, { auth: `Bearer ${signIn.token}`, body: { challengeId } });
  assert.equal(verified.body.isVerified, true);
  assert.equal(verified.body.isConsumed, true);
  assert.equal(typeof verified.body.accessToken, "string");

  const action = await authsignal.getAction({ userId, action: "signIn", idempotencyKey: signIn.idempotencyKey });
  assert.equal(action?.state, "CHALLENGE_SUCCEEDED");
  assert.equal(action?.verificationMethod, "PUSH");

  const valid = await authsignal.validateChallenge({ token: verified.body.accessToken, userId, action: "signIn" });
  assert.equal(valid.isValid, true);
  assert.equal(valid.userId, userId);
  assert.equal(valid.action, "signIn");
  assert.equal(valid.idempotencyKey, signIn.idempotencyKey);
  assert.equal(valid.state, "CHALLENGE_SUCCEEDED");
  assert.equal(valid.verificationMethod, "PUSH");

  const again = await authsignal.validateChallenge({ token: verified.body.accessToken });
  assert.equal(again.isValid, false);

  const authenticators = await authsignal.getAuthenticators({ userId });
  assert.equal(authenticators.length, 1);
  assert.equal(authenticators[0]?.userAuthenticatorId, userAuthenticatorId);
  assert.equal(authenticators[0]?.verificationMethod, "PUSH");
  assert.ok(authenticators[0]?.lastVerifiedAt, "lastVerifiedAt is set by the approval");
});

test("a denial fails the action; the browser sees consumed and not verified; no token validates", async () => {
  const userId = "bob";
  const { key } = await enrolPushDevice(userId);
  const signIn = await authsignal.track({ userId, action: "signIn" });
  const { body } = await call(`${server.apiUrl}/client/challenge/push`, { auth: `Bearer ${signIn.token}`, body: { action: "signIn" } });
  const denied = await call(`${server.apiUrl}/client/user-authenticators/push/challenge`, {
    auth: deviceAuth(server.tenantId),
    body: { challengeId: body.challengeId, publicKey: key.publicKey, approved: false, signature: key.sign(body.challengeId) },
  });
  assert.deepEqual(denied.body, { isVerified: false });
  const result = await call(`${server.apiUrl}/client/verify/push`, { auth: `Bearer ${signIn.token}`, body: { challengeId: body.challengeId } });
  assert.deepEqual(result.body, { isVerified: false, isConsumed: true });
  const action = await authsignal.getAction({ userId, action: "signIn", idempotencyKey: signIn.idempotencyKey });
  assert.equal(action?.state, "CHALLENGE_FAILED");
  const valid = await authsignal.validateChallenge({ token: signIn.token });
  assert.equal(valid.isValid, false, "a track token is not a validation token");
});

test("track is idempotent on idempotencyKey and refuses reuse for another user", async () => {
  const first = await authsignal.track({ userId: "carol", action: "signIn", attributes: { idempotencyKey: "idem-1" } });
  const second = await authsignal.track({ userId: "carol", action: "signIn", attributes: { idempotencyKey: "idem-1" } });
  assert.equal(first.idempotencyKey, "idem-1");
  assert.equal(second.idempotencyKey, "idem-1");
  assert.equal(second.state, first.state);
  await assert.rejects(
    authsignal.track({ userId: "mallory", action: "signIn", attributes: { idempotencyKey: "idem-1" } }),
    (e: unknown) => e instanceof AuthsignalError && e.statusCode === 409 && e.errorCode === "conflict",
  );
  const generated = await authsignal.track({ userId: "carol", action: "signIn" });
  assert.match(generated.idempotencyKey, /^[0-9a-f-]{36}$/);
});

test("updateAction, queryUserActions, updateUser, deleteAuthenticator, deleteUser", async () => {
  const userId = "dave";
  const { userAuthenticatorId } = await enrolPushDevice(userId);
  const t = await authsignal.track({ userId, action: "withdraw" });
  const updated = await authsignal.updateAction({ userId, action: "withdraw", idempotencyKey: t.idempotencyKey, attributes: { state: UserActionState.REVIEW_SUCCEEDED } });
  assert.equal(updated?.state, "REVIEW_SUCCEEDED");
  await assert.rejects(
    authsignal.updateAction({ userId, action: "withdraw", idempotencyKey: t.idempotencyKey, attributes: { state: "NOPE" as never } }),
    (e: unknown) => e instanceof AuthsignalError && e.statusCode === 400,
  );

  const actions = await authsignal.queryUserActions({ userId, actionCodes: ["withdraw"] });
  assert.equal(actions.length, 1);
  assert.equal(actions[0]?.state, "REVIEW_SUCCEEDED");
  assert.equal((await authsignal.queryUserActions({ userId, state: UserActionState.CHALLENGE_REQUIRED })).length, 1, "the enroll action");

  await authsignal.updateUser({ userId, attributes: { email: "dave@example.com", displayName: "Dave" } });
  const user = await authsignal.getUser({ userId });
  assert.equal(user.email, "dave@example.com");
  assert.equal(user.displayName, "Dave");

  await authsignal.deleteAuthenticator({ userId, userAuthenticatorId });
  assert.equal((await authsignal.getAuthenticators({ userId })).length, 0);
  await assert.rejects(
    authsignal.deleteAuthenticator({ userId, userAuthenticatorId }),
    (e: unknown) => e instanceof AuthsignalError && e.statusCode === 404,
  );

  await authsignal.deleteUser({ userId });
  assert.equal((await authsignal.getUser({ userId })).isEnrolled, false);
  assert.equal((await authsignal.queryUserActions({ userId })).length, 0);
});

test("a wrong or rotated API secret is refused with the protocol's error shape", async () => {
  const wrong = new Authsignal({ apiSecretKey: "sk_0123456789abcdef_" + "A".repeat(43), apiUrl: server.apiUrl, retries: 0 });
  await assert.rejects(wrong.getUser({ userId: "x" }), (e: unknown) => e instanceof AuthsignalError && e.statusCode === 401 && e.errorCode === "invalid_credentials");
  const noAuth = await call(`${server.apiUrl}/users/x`);
  assert.equal(noAuth.status, 401);
  assert.deepEqual(Object.keys(noAuth.body).sort(), ["error", "errorCode", "errorDescription"]);
});
