import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer as createHttpServer } from "node:http";
import { createServer as createTcpServer, type Socket } from "node:net";
import { Authsignal as Official } from "@authsignal/node";
import { startTestServer, freePort, type TestServer } from "@signet/server/testing";
import { call, deviceAuth, newTestKey, type TestKey } from "@signet/server/testing/keys";
import { Signet, SignetError, UserActionState, type WebhookEvent } from "./index.js";

// @signet/node against the real server: every method end to end, errors, and signed webhooks.
// Webhooks to a loopback receiver need SIGNET_WEBHOOK_ALLOW_PRIVATE; the other settings make them prompt.
const ENV = { SIGNET_WEBHOOK_ALLOW_PRIVATE: "true", SIGNET_WEBHOOK_POLL_MS: "50", SIGNET_WEBHOOK_RETRY_BASE_MS: "100", SIGNET_WEBHOOK_TIMEOUT_MS: "2000" };

let server: TestServer;
let signet: Signet;
before(async () => {
  server = await startTestServer({ env: ENV });
  signet = new Signet({ apiSecretKey: server.apiSecretKey, apiUrl: server.apiUrl });
});
after(() => server.close());

const isSignetError = (statusCode: number, errorCode: string) => (e: unknown) =>
  e instanceof SignetError && e.statusCode === statusCode && e.errorCode === errorCode;

/** Enrols a push device for `userId` with an add:authenticators track token. */
async function enrolPushDevice(userId: string): Promise<{ key: TestKey; userAuthenticatorId: string }> {
  const enrol = await signet.track({ userId, action: "enroll", attributes: { scope: "add:authenticators" } });
  const key = newTestKey();
  const added = await call(`${server.apiUrl}/client/user-authenticators/push`, {
    auth: `Bearer ${enrol.token}`,
    body: { publicKey: key.publicKey, deviceName: "Test phone", devicePlatform: "android" },
  });
  assert.equal(added.status, 200, JSON.stringify(added.body));
  assert.equal(added.body.userId, userId);
  return { key, userAuthenticatorId: added.body.userAuthenticatorId };
}

/** The browser starts a push challenge with the track token, the device answers it, the browser collects the validation token. */
async function pushChallenge(trackToken: string, key: TestKey, approved: boolean): Promise<string | undefined> {
  const started = await call(`${server.apiUrl}/client/challenge/push`, { auth: `Bearer ${trackToken}`, body: {} });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  const { challengeId } = started.body;
  const answered = await call(`${server.apiUrl}/client/user-authenticators/push/challenge`, {
    auth: deviceAuth(server.tenantId),
    body: { challengeId, publicKey: key.publicKey, approved, signature: key.sign(challengeId) },
  });
  assert.deepEqual(answered.body, { isVerified: approved });
  const result = await call(`${server.apiUrl}/client/verify/push`, { auth: `Bearer ${trackToken}`, body: { challengeId } });
  assert.equal(result.body.isConsumed, true);
  return result.body.accessToken;
}

test("track without an idempotencyKey: a fresh key, the default state, a token and the hosted page", async () => {
  const first = await signet.track({ userId: "tom", action: "signIn", attributes: { email: "tom@example.com", ipAddress: "203.0.113.9" } });
  assert.match(first.idempotencyKey, /^[0-9a-f-]{36}$/);
  assert.equal(first.state, UserActionState.CHALLENGE_REQUIRED);
  assert.equal(first.isEnrolled, false);
  assert.equal(typeof first.token, "string");
  assert.match(first.url, /\/hosted\/challenge\?token=/);
  const second = await signet.track({ userId: "tom", action: "signIn" });
  assert.notEqual(second.idempotencyKey, first.idempotencyKey, "each unkeyed track is a new action");
  assert.equal((await signet.queryUserActions({ userId: "tom" })).length, 2);
  assert.equal((await signet.getUser({ userId: "tom" })).email, "tom@example.com", "track records user attributes");
});

test("the push flow: enrol, keyed track (idempotent), approve, validateChallenge once, getAction, updateAction", async () => {
  const userId = "ada lovelace/1@example.com"; // needs URL encoding in every path
  const { key, userAuthenticatorId } = await enrolPushDevice(userId);

  const signIn = await signet.track({ userId, action: "signIn", attributes: { idempotencyKey: "ada-1", userAgent: "UA" } });
  assert.equal(signIn.idempotencyKey, "ada-1");
  assert.equal(signIn.state, "CHALLENGE_REQUIRED");
  assert.equal(signIn.isEnrolled, true);
  assert.deepEqual(signIn.enrolledVerificationMethods, ["PUSH"]);
  assert.equal(signIn.defaultVerificationMethod, "PUSH");
  const repeat = await signet.track({ userId, action: "signIn", attributes: { idempotencyKey: "ada-1" } });
  assert.equal(repeat.idempotencyKey, "ada-1");
  assert.equal(repeat.state, signIn.state);
  assert.deepEqual((await signet.queryUserActions({ userId, actionCodes: ["signIn"] })).map((a) => a.idempotencyKey), ["ada-1"], "the repeat made no new action");
  await assert.rejects(
    signet.track({ userId: "mallory", action: "signIn", attributes: { idempotencyKey: "ada-1" } }),
    isSignetError(409, "conflict"),
  );

  const accessToken = await pushChallenge(signIn.token, key, true);
  assert.equal(typeof accessToken, "string");

  // A token bound to another user or action is not valid for it, and is not used up by the check.
  const otherUser = await signet.validateChallenge({ token: accessToken!, userId: "someone-else" });
  assert.equal(otherUser.isValid, false);
  assert.match(otherUser.error ?? "", /another user/);
  const otherAction = await signet.validateChallenge({ token: accessToken!, action: "withdraw" });
  assert.equal(otherAction.isValid, false);
  assert.match(otherAction.error ?? "", /another action/);

  const valid = await signet.validateChallenge({ token: accessToken!, userId, action: "signIn" });
  assert.equal(valid.isValid, true);
  assert.equal(valid.userId, userId);
  assert.equal(valid.action, "signIn");
  assert.equal((valid as { actionCode?: string }).actionCode, undefined);
  assert.equal(valid.idempotencyKey, "ada-1");
  assert.equal(valid.state, "CHALLENGE_SUCCEEDED");
  assert.equal(valid.verificationMethod, "PUSH");
  assert.ok(valid.stateUpdatedAt);
  const again = await signet.validateChallenge({ token: accessToken! });
  assert.equal(again.isValid, false, "a validation token is valid once");
  assert.match(again.error ?? "", /already/);
  assert.equal((await signet.validateChallenge({ token: signIn.token })).isValid, false, "a track token is not a validation token");
  assert.equal((await signet.validateChallenge({ token: "not-a-token" })).isValid, false);

  const action = await signet.getAction({ userId, action: "signIn", idempotencyKey: "ada-1" });
  assert.equal(action.state, "CHALLENGE_SUCCEEDED");
  assert.equal(action.verificationMethod, "PUSH");
  assert.ok(Date.parse(action.createdAt) <= Date.parse(action.stateUpdatedAt));
  const afterSuccess = await signet.track({ userId, action: "signIn", attributes: { idempotencyKey: "ada-1" } });
  assert.equal(afterSuccess.state, "CHALLENGE_SUCCEEDED", "a repeated keyed track does not reset the action");

  const listed = await signet.queryUserActions({ userId, actionCodes: ["signIn"] });
  assert.equal(listed[0]?.verifiedByAuthenticatorId, userAuthenticatorId);
  assert.equal(listed[0]?.verificationMethod, "PUSH");

  assert.deepEqual(await signet.updateAction({ userId, action: "signIn", idempotencyKey: "ada-1", attributes: { state: "REVIEW_REQUIRED" } }), { state: "REVIEW_REQUIRED" });
  assert.deepEqual(await signet.updateAction({ userId, action: "signIn", idempotencyKey: "ada-1", attributes: { state: UserActionState.REVIEW_SUCCEEDED } }), { state: "REVIEW_SUCCEEDED" });
  assert.equal((await signet.getAction({ userId, action: "signIn", idempotencyKey: "ada-1" })).state, "REVIEW_SUCCEEDED");
  await assert.rejects(
    signet.updateAction({ userId, action: "signIn", idempotencyKey: "ada-1", attributes: { state: "APPROVED" as UserActionState } }),
    isSignetError(400, "invalid_request"),
  );
  await assert.rejects(signet.getAction({ userId, action: "signIn", idempotencyKey: "nope" }), isSignetError(404, "not_found"));
  await assert.rejects(signet.getAction({ userId: "someone-else", action: "signIn", idempotencyKey: "ada-1" }), isSignetError(404, "not_found"));
  await assert.rejects(signet.updateAction({ userId, action: "withdraw", idempotencyKey: "ada-1", attributes: { state: "BLOCK" } }), isSignetError(404, "not_found"));
});

test("a denied push fails the action and gives no token", async () => {
  const userId = "bob";
  const { key } = await enrolPushDevice(userId);
  const signIn = await signet.track({ userId, action: "signIn" });
  assert.equal(await pushChallenge(signIn.token, key, false), undefined);
  assert.equal((await signet.getAction({ userId, action: "signIn", idempotencyKey: signIn.idempotencyKey })).state, "CHALLENGE_FAILED");
  assert.deepEqual((await signet.queryUserActions({ userId, state: "CHALLENGE_FAILED" })).map((a) => a.idempotencyKey), [signIn.idempotencyKey]);
});

test("queryUserActions filters by codes, state and fromDate", async () => {
  const userId = "carol";
  const start = new Date(Date.now() - 1000).toISOString();
  await signet.track({ userId, action: "signIn", attributes: { idempotencyKey: "c-1" } });
  await signet.track({ userId, action: "withdraw", attributes: { idempotencyKey: "c-2" } });
  await signet.track({ userId, action: "transfer", attributes: { idempotencyKey: "c-3" } });
  await signet.updateAction({ userId, action: "withdraw", idempotencyKey: "c-2", attributes: { state: "REVIEW_FAILED" } });
  const keys = async (q: Omit<Parameters<Signet["queryUserActions"]>[0], "userId">) =>
    (await signet.queryUserActions({ userId, ...q })).map((a) => a.idempotencyKey).sort();

  assert.deepEqual(await keys({}), ["c-1", "c-2", "c-3"]);
  assert.deepEqual(await keys({ actionCodes: [] }), ["c-1", "c-2", "c-3"]);
  assert.deepEqual(await keys({ actionCodes: ["signIn", "transfer"] }), ["c-1", "c-3"]);
  assert.deepEqual(await keys({ state: "REVIEW_FAILED" }), ["c-2"]);
  assert.deepEqual(await keys({ actionCodes: ["signIn"], state: "REVIEW_FAILED" }), []);
  assert.deepEqual(await keys({ fromDate: start }), ["c-1", "c-2", "c-3"]);
  assert.deepEqual(await keys({ fromDate: new Date(Date.now() + 60_000).toISOString() }), []);
  const one = (await signet.queryUserActions({ userId, actionCodes: ["withdraw"] }))[0]!;
  assert.deepEqual(Object.keys(one).sort(), ["actionCode", "createdAt", "idempotencyKey", "state", "stateUpdatedAt", "updatedAt"]);
  assert.equal(one.actionCode, "withdraw");
  await assert.rejects(signet.queryUserActions({ userId, fromDate: "yesterday" }), isSignetError(400, "invalid_request"));
  await assert.rejects(signet.queryUserActions({ userId, state: "NOPE" as UserActionState }), isSignetError(400, "invalid_request"));
});

test("getUser, updateUser, getAuthenticators, deleteAuthenticator (then 404), deleteUser", async () => {
  const userId = "dave";
  assert.deepEqual(await signet.getUser({ userId }), {
    isEnrolled: false,
    emailVerified: false,
    phoneNumberVerified: false,
    enrolledVerificationMethods: [],
    allowedVerificationMethods: ["PUSH", "QR_CODE", "DEVICE"],
  });
  const { userAuthenticatorId } = await enrolPushDevice(userId);

  const updated = await signet.updateUser({ userId, attributes: { email: "dave@example.com", displayName: "Dave", custom: { tier: "gold" } } });
  assert.deepEqual(updated, { userId, email: "dave@example.com", displayName: "Dave", custom: { tier: "gold" } });
  let user = await signet.getUser({ userId });
  assert.equal(user.isEnrolled, true);
  assert.deepEqual(user.enrolledVerificationMethods, ["PUSH"]);
  assert.equal(user.email, "dave@example.com");
  assert.equal(user.displayName, "Dave");
  assert.deepEqual(user.custom, { tier: "gold" });
  await signet.updateUser({ userId, attributes: { email: null, username: "dave1" } });
  user = await signet.getUser({ userId });
  assert.equal(user.email, undefined, "null clears an attribute");
  assert.equal(user.username, "dave1");
  assert.equal(user.displayName, "Dave", "attributes not given are kept");

  const authenticators = await signet.getAuthenticators({ userId });
  assert.equal(authenticators.length, 1);
  const [device] = authenticators;
  assert.equal(device?.userId, userId);
  assert.equal(device?.userAuthenticatorId, userAuthenticatorId);
  assert.equal(device?.verificationMethod, "PUSH");
  assert.equal(device?.displayName, "Test phone");
  assert.ok(device?.createdAt && device.verifiedAt);

  await assert.rejects(signet.deleteAuthenticator({ userId: "someone-else", userAuthenticatorId }), isSignetError(404, "credential_not_found"));
  await signet.deleteAuthenticator({ userId, userAuthenticatorId });
  assert.deepEqual(await signet.getAuthenticators({ userId }), []);
  assert.equal((await signet.getUser({ userId })).isEnrolled, false);
  await assert.rejects(signet.deleteAuthenticator({ userId, userAuthenticatorId }), (e: unknown) => {
    assert.ok(e instanceof SignetError);
    assert.equal(e.statusCode, 404);
    assert.equal(e.errorCode, "credential_not_found");
    assert.match(e.message, /^AuthsignalError: 404 - /);
    return true;
  });

  await signet.track({ userId, action: "signIn" });
  await signet.deleteUser({ userId });
  user = await signet.getUser({ userId });
  assert.equal(user.isEnrolled, false);
  assert.equal(user.username, undefined);
  assert.deepEqual(await signet.queryUserActions({ userId }), []);
  await signet.deleteUser({ userId }); // deleting again is not an error
});

test("bad input the server refuses arrives as a SignetError 400", async () => {
  await assert.rejects(signet.track({ userId: "erin", action: "sign in!" }), isSignetError(400, "invalid_request"));
  await assert.rejects(signet.track({ userId: "erin", action: "signIn", attributes: { scope: "everything" } }), isSignetError(400, "invalid_request"));
  await assert.rejects(signet.track({ userId: "x".repeat(256), action: "signIn" }), (e: unknown) => e instanceof SignetError && e.statusCode === 400);
});

test("a wrong secret is a SignetError 401 invalid_credentials, not retried", async () => {
  const wrong = new Signet({ apiSecretKey: "sk_0123456789abcdef_" + "A".repeat(43), apiUrl: server.apiUrl });
  const started = Date.now();
  await assert.rejects(wrong.getUser({ userId: "x" }), (e: unknown) => {
    assert.ok(isSignetError(401, "invalid_credentials")(e), String(e));
    assert.match((e as Error).message, /^AuthsignalError: 401 - /);
    return true;
  });
  await assert.rejects(wrong.validateChallenge({ token: "t" }), isSignetError(401, "invalid_credentials"));
  assert.ok(Date.now() - started < 1_000, "no back-off: a 401 is not retried");
});

test("no server: network_error after the retries; a server that never answers: timeout", async () => {
  const closedPort = await freePort();
  const down = new Signet({ apiSecretKey: "sk", apiUrl: `http://127.0.0.1:${closedPort}/v1`, retries: 1 });
  await assert.rejects(down.getUser({ userId: "x" }), isSignetError(0, "network_error"));

  // Counts requests, not connections: undici may open spare connections that never carry one.
  const sockets = new Set<Socket>();
  const requests: string[] = [];
  const silent = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on("data", (chunk: Buffer) => {
      const line = chunk.toString("latin1").split("\r\n")[0] ?? "";
      if (/^[A-Z]+ \/\S* HTTP\/1\.1$/.test(line)) requests.push(line.replace(/ HTTP\/1\.1$/, ""));
    });
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = silent.address() as { port: number };
    const slow = new Signet({ apiSecretKey: "sk", apiUrl: `http://127.0.0.1:${port}/v1`, timeoutMs: 200, retries: 1 });
    const started = Date.now();
    await assert.rejects(slow.getUser({ userId: "x" }), isSignetError(0, "timeout"));
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 400 && elapsed < 3_000, `two attempts of 200 ms: ${elapsed} ms`);
    await assert.rejects(slow.validateChallenge({ token: "t" }), isSignetError(0, "timeout"));
    assert.deepEqual(requests, ["GET /v1/users/x", "GET /v1/users/x", "POST /v1/validate"], "the GET is retried, validate is not");
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
  }
});

test("webhooks from the real server verify with signet.webhook.constructEvent (and the official SDK agrees)", async () => {
  const received: Array<{ ours: WebhookEvent; official: unknown }> = [];
  const refused: string[] = [];
  const official = new Official({ apiSecretKey: server.apiSecretKey, retries: 0 });
  const receiver = createHttpServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const header = String(req.headers["x-signature-v2"]);
      try {
        received.push({ ours: signet.webhook.constructEvent(body, header), official: official.webhook.constructEvent(body, header) });
        assert.throws(() => new Signet({ apiSecretKey: "sk_wrong", apiUrl: server.apiUrl }).webhook.constructEvent(body, header));
        res.writeHead(200).end();
      } catch (error) {
        refused.push(String(error));
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = receiver.address() as { port: number };
    const set = await call(`${server.origin}/admin/v1/tenants/${server.tenantId}`, {
      method: "PATCH",
      auth: `Bearer ${server.adminToken}`,
      body: { webhookUrl: `http://127.0.0.1:${port}/hook` },
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));

    const userId = "wanda";
    const { key, userAuthenticatorId } = await enrolPushDevice(userId);
    const signIn = await signet.track({ userId, action: "signIn", attributes: { ipAddress: "198.51.100.4", userAgent: "UA" } });
    await pushChallenge(signIn.token, key, true);
    const mine = () => received.filter((r) => (r.ours.data as { userId?: string }).userId === userId);
    const deadline = Date.now() + 10_000;
    while (mine().length < 3 && refused.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual(refused, []);
    const events = mine().map((r) => r.ours);
    assert.deepEqual(events.map((e) => e.type).sort(), ["action.updated", "authenticator.created", "push.created"]);
    for (const r of mine()) assert.deepEqual(r.ours, r.official);
    const created = events.find((e) => e.type === "authenticator.created")!;
    assert.equal((created.data as { userAuthenticatorId?: string }).userAuthenticatorId, userAuthenticatorId);
    const push = events.find((e) => e.type === "push.created")!;
    assert.equal(push.version, 1);
    assert.equal(push.tenantId, server.tenantId);
    assert.deepEqual(push.data, {
      challengeId: (push.data as { challengeId: string }).challengeId,
      userId,
      idempotencyKey: signIn.idempotencyKey,
      actionCode: "signIn",
      userAgent: "UA",
      ipAddress: "198.51.100.4",
    });
  } finally {
    await call(`${server.origin}/admin/v1/tenants/${server.tenantId}`, { method: "PATCH", auth: `Bearer ${server.adminToken}`, body: { webhookUrl: null } });
    receiver.closeAllConnections();
    receiver.close();
  }
});

test("Authsignal alias: code written for the official SDK runs unchanged against Signet", async () => {
  const { Authsignal, AuthsignalError } = await import("./index.js");
  const authsignal = new Authsignal({ apiSecretKey: server.apiSecretKey, apiUrl: server.apiUrl });
  const officialSdk = new Official({ apiSecretKey: server.apiSecretKey, apiUrl: server.apiUrl, retries: 0 });
  const ours = await authsignal.track({ userId: "frank", action: "signIn", attributes: { idempotencyKey: "f-1" } });
  const theirs = await officialSdk.track({ userId: "frank", action: "signIn", attributes: { idempotencyKey: "f-1" } });
  assert.deepEqual({ ...ours, token: "", url: "" }, { ...theirs, token: "", url: "" });
  assert.deepEqual(await authsignal.getUser({ userId: "frank" }), await officialSdk.getUser({ userId: "frank" }));
  assert.deepEqual(
    await authsignal.getAction({ userId: "frank", action: "signIn", idempotencyKey: "f-1" }),
    await officialSdk.getAction({ userId: "frank", action: "signIn", idempotencyKey: "f-1" }),
  );
  await assert.rejects(authsignal.getAction({ userId: "frank", action: "signIn", idempotencyKey: "none" }), AuthsignalError);
});
