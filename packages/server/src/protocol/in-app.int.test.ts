import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestServer, type TestServer } from "../testing/test-server.js";
import { basicAuth, call, deviceAuth, newTestKey, serverAuth } from "../testing/test-keys.js";

// Trusted-device (in-app) verification: POST /client/challenge then POST /client/verify/in-app.
let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.close());

async function enrolInApp(userId: string) {
  const key = newTestKey();
  const { token } = (await call(`${server.apiUrl}/users/${userId}/actions/enroll`, { auth: serverAuth(server.apiSecretKey), body: { scope: "add:authenticators", username: `${userId}@example.com` } })).body;
  const r = await call(`${server.apiUrl}/client/user-authenticators/in-app`, { auth: `Bearer ${token}`, body: { publicKey: key.publicKey } });
  assert.equal(r.status, 200);
  return { key, id: r.body.userAuthenticatorId as string };
}

const validate = (token: string) => call(`${server.apiUrl}/validate`, { auth: serverAuth(server.apiSecretKey), body: { token } });

test("with device credentials only: the answer creates the action and a token that validates once", async () => {
  const { key, id } = await enrolInApp("olga");
  const challenge = await call(`${server.apiUrl}/client/challenge`, { auth: deviceAuth(server.tenantId), body: { action: "confirmTransfer" } });
  assert.equal(challenge.status, 200);
  const { challengeId } = challenge.body;
  const verified = await call(`${server.apiUrl}/client/verify/in-app`, {
    auth: deviceAuth(server.tenantId),
    body: { challengeId, publicKey: key.publicKey, signature: key.sign(challengeId) },
  });
  assert.equal(verified.status, 200, JSON.stringify(verified.body));
  assert.equal(verified.body.userId, "olga");
  assert.equal(verified.body.userAuthenticatorId, id);
  assert.equal(verified.body.username, "olga@example.com");
  const first = await validate(verified.body.token);
  assert.equal(first.body.isValid, true);
  assert.equal(first.body.actionCode, "confirmTransfer");
  assert.equal(first.body.verificationMethod, "DEVICE");
  assert.equal((await validate(verified.body.token)).body.isValid, false);
  const replay = await call(`${server.apiUrl}/client/verify/in-app`, {
    auth: deviceAuth(server.tenantId),
    body: { challengeId, publicKey: key.publicKey, signature: key.sign(challengeId) },
  });
  assert.equal(replay.status, 409);
});

test("the browser's tenant Basic form (no colon) starts a challenge too", async () => {
  const r = await call(`${server.apiUrl}/client/challenge`, { auth: basicAuth(encodeURIComponent(server.tenantId)), body: {} });
  assert.equal(r.status, 200);
  assert.equal(typeof r.body.challengeId, "string");
});

test("with a track token: bound to that user and action; another user's device cannot answer", async () => {
  const { key } = await enrolInApp("pete");
  const other = await enrolInApp("quinn");
  const t = (await call(`${server.apiUrl}/users/pete/actions/approvePayment`, { auth: serverAuth(server.apiSecretKey), body: {} })).body;
  const { challengeId } = (await call(`${server.apiUrl}/client/challenge`, { auth: `Bearer ${t.token}`, body: { action: "approvePayment" } })).body;
  const intruder = await call(`${server.apiUrl}/client/verify/in-app`, {
    auth: `Bearer ${t.token}`,
    body: { challengeId, publicKey: other.key.publicKey, signature: other.key.sign(challengeId) },
  });
  assert.equal(intruder.status, 404);
  const forged = await call(`${server.apiUrl}/client/verify/in-app`, {
    auth: `Bearer ${t.token}`,
    body: { challengeId, publicKey: key.publicKey, signature: other.key.sign(challengeId) },
  });
  assert.equal(forged.status, 401);
  const ok = await call(`${server.apiUrl}/client/verify/in-app`, {
    auth: `Bearer ${t.token}`,
    body: { challengeId, publicKey: key.publicKey, signature: key.sign(challengeId) },
  });
  assert.equal(ok.status, 200);
  const action = await call(`${server.apiUrl}/users/pete/actions/approvePayment/${t.idempotencyKey}`, { auth: serverAuth(server.apiSecretKey) });
  assert.equal(action.body.state, "CHALLENGE_SUCCEEDED");
  assert.equal(action.body.verificationMethod, "DEVICE");
  const v = await validate(ok.body.token);
  assert.equal(v.body.isValid, true);
  assert.equal(v.body.idempotencyKey, t.idempotencyKey);
});

test("a push key cannot answer an in-app challenge", async () => {
  const key = newTestKey();
  const { token } = (await call(`${server.apiUrl}/users/rita/actions/enroll`, { auth: serverAuth(server.apiSecretKey), body: { scope: "add:authenticators" } })).body;
  await call(`${server.apiUrl}/client/user-authenticators/push`, { auth: `Bearer ${token}`, body: { publicKey: key.publicKey } });
  const { challengeId } = (await call(`${server.apiUrl}/client/challenge`, { auth: deviceAuth(server.tenantId), body: {} })).body;
  const r = await call(`${server.apiUrl}/client/verify/in-app`, {
    auth: deviceAuth(server.tenantId),
    body: { challengeId, publicKey: key.publicKey, signature: key.sign(challengeId) },
  });
  assert.equal(r.status, 404);
  assert.equal(r.body.errorCode, "credential_not_found");
});
