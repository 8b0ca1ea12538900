import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestServer, type TestServer } from "@signet/server/testing";
import { call, deviceAuth, newTestKey } from "@signet/server/testing/keys";
import { Signet, SignetError } from "./index.js";

// Signet's own server SDK against the real server.
let server: TestServer;
let signet: Signet;
before(async () => {
  server = await startTestServer();
  signet = new Signet({ apiSecretKey: server.apiSecretKey, apiUrl: server.apiUrl });
});
after(() => server.close());

test("track, enrol, challenge, approve, validate once; actions and users", async () => {
  const enrol = await signet.track({ userId: "ada", action: "enroll", attributes: { scope: "add:authenticators", email: "ada@example.com" } });
  const key = newTestKey();
  const added = await call(`${server.apiUrl}/client/user-authenticators/push`, { auth: `Bearer ${enrol.token}`, body: { publicKey: key.publicKey } });
  assert.equal(added.status, 200);

  const signIn = await signet.track({ userId: "ada", action: "signIn", attributes: { idempotencyKey: "ada-1" } });
  assert.equal(signIn.state, "CHALLENGE_REQUIRED");
  assert.equal(signIn.isEnrolled, true);
  assert.equal((await signet.track({ userId: "ada", action: "signIn", attributes: { idempotencyKey: "ada-1" } })).idempotencyKey, "ada-1");

  const { challengeId } = (await call(`${server.apiUrl}/client/challenge/push`, { auth: `Bearer ${signIn.token}`, body: {} })).body;
  await call(`${server.apiUrl}/client/user-authenticators/push/challenge`, {
    auth: deviceAuth(server.tenantId),
    body: { challengeId, publicKey: key.publicKey, approved: true, signature: key.sign(challengeId) },
  });
  const { accessToken } = (await call(`${server.apiUrl}/client/verify/push`, { auth: `Bearer ${signIn.token}`, body: { challengeId } })).body;
  const valid = await signet.validateChallenge({ token: accessToken, userId: "ada" });
  assert.equal(valid.isValid, true);
  assert.equal(valid.action, "signIn");
  assert.equal((await signet.validateChallenge({ token: accessToken })).isValid, false);

  assert.equal((await signet.getAction({ userId: "ada", action: "signIn", idempotencyKey: "ada-1" })).state, "CHALLENGE_SUCCEEDED");
  assert.equal((await signet.updateAction({ userId: "ada", action: "signIn", idempotencyKey: "ada-1", attributes: { state: "REVIEW_SUCCEEDED" } })).state, "REVIEW_SUCCEEDED");
  assert.deepEqual((await signet.queryUserActions({ userId: "ada", actionCodes: ["signIn"] })).map((a) => a.idempotencyKey), ["ada-1"]);
  assert.equal((await signet.queryUserActions({ userId: "ada", state: "CHALLENGE_REQUIRED" })).length, 1);

  await signet.updateUser({ userId: "ada", attributes: { displayName: "Ada" } });
  const user = await signet.getUser({ userId: "ada" });
  assert.equal(user.displayName, "Ada");
  assert.equal(user.email, "ada@example.com");
  const authenticators = await signet.getAuthenticators({ userId: "ada" });
  assert.equal(authenticators.length, 1);
  await signet.deleteAuthenticator({ userId: "ada", userAuthenticatorId: authenticators[0]!.userAuthenticatorId });
  await assert.rejects(
    signet.deleteAuthenticator({ userId: "ada", userAuthenticatorId: authenticators[0]!.userAuthenticatorId }),
    (e: unknown) => e instanceof SignetError && e.statusCode === 404 && e.errorCode === "credential_not_found",
  );
  await signet.deleteUser({ userId: "ada" });
  assert.equal((await signet.getUser({ userId: "ada" })).isEnrolled, false);
});

test("a wrong secret and a down server are SignetErrors with clear codes", async () => {
  const wrong = new Signet({ apiSecretKey: "sk_0123456789abcdef_" + "A".repeat(43), apiUrl: server.apiUrl });
  await assert.rejects(wrong.getUser({ userId: "x" }), (e: unknown) => e instanceof SignetError && e.statusCode === 401 && e.errorCode === "invalid_credentials");
  const down = new Signet({ apiSecretKey: "sk", apiUrl: "http://127.0.0.1:1/v1", retries: 1 });
  await assert.rejects(down.getUser({ userId: "x" }), (e: unknown) => e instanceof SignetError && e.statusCode === 0 && e.errorCode === "network_error");
});
