import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { WebSocket } from "ws";
import { startTestServer, type TestServer } from "../testing/test-server.js";
import { basicAuth, call, deviceAuth, newTestKey, serverAuth, type TestKey } from "../testing/test-keys.js";

// QR-code sign-in: the browser shows a challenge, the phone claims it, then approves or rejects.
let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.close());

const tenantBasic = () => basicAuth(encodeURIComponent(server.tenantId));

async function enrolQr(userId: string): Promise<TestKey> {
  const key = newTestKey();
  const { token } = (await call(`${server.apiUrl}/users/${userId}/actions/enroll`, { auth: serverAuth(server.apiSecretKey), body: { scope: "add:authenticators" } })).body;
  assert.equal((await call(`${server.apiUrl}/client/user-authenticators/qr-code`, { auth: `Bearer ${token}`, body: { publicKey: key.publicKey } })).status, 200);
  return key;
}

const claim = (key: TestKey, challengeId: string) =>
  call(`${server.apiUrl}/client/user-authenticators/qr-code/challenge/claim`, {
    auth: deviceAuth(server.tenantId),
    body: { challengeId, publicKey: key.publicKey, signature: key.sign(challengeId) },
  });
const answer = (key: TestKey, challengeId: string, approved: boolean) =>
  call(`${server.apiUrl}/client/user-authenticators/qr-code/challenge`, {
    auth: deviceAuth(server.tenantId),
    body: { challengeId, publicKey: key.publicKey, approved, signature: key.sign(challengeId) },
  });
const verify = (challengeId: string, deviceCode: string, headers: Record<string, string> = {}) =>
  call(`${server.apiUrl}/client/verify/qr-code`, { auth: tenantBasic(), body: { challengeId, deviceCode }, headers });

test("anonymous QR: claim shows the browser's context; approval yields a token for the claiming user", async () => {
  const key = await enrolQr("sam");
  const created = await call(`${server.apiUrl}/client/challenge/qr-code`, {
    auth: tenantBasic(),
    body: { action: "kioskLogin", custom: { kiosk: "lobby-3" } },
    headers: { "user-agent": "KioskBrowser/1.0" },
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const { challengeId, deviceCode, expiresAt } = created.body;
  assert.ok(Date.parse(expiresAt) > Date.now());
  assert.deepEqual((await verify(challengeId, deviceCode)).body, { isClaimed: false, isConsumed: false, isVerified: false });
  assert.equal((await verify(challengeId, "wrong-device-code")).status, 404, "a wrong deviceCode is refused");

  assert.equal((await answer(key, challengeId, true)).status, 403, "answering before claiming is refused");
  const claimed = await claim(key, challengeId);
  assert.equal(claimed.status, 200, JSON.stringify(claimed.body));
  assert.equal(claimed.body.success, true);
  assert.equal(claimed.body.actionCode, "kioskLogin");
  assert.equal(claimed.body.userAgent, "KioskBrowser/1.0");
  assert.equal(claimed.body.ipAddress, "127.0.0.1");
  assert.deepEqual(claimed.body.custom, { kiosk: "lobby-3" });
  assert.deepEqual((await verify(challengeId, deviceCode)).body, { isClaimed: true, isConsumed: false, isVerified: false });

  const other = await enrolQr("tom");
  assert.equal((await claim(other, challengeId)).status, 409, "a second device cannot claim it");
  assert.equal((await answer(other, challengeId, true)).status, 403, "only the claiming device may answer");

  assert.deepEqual((await answer(key, challengeId, true)).body, { isVerified: true });
  const done = await verify(challengeId, deviceCode);
  assert.equal(done.body.isVerified, true);
  assert.equal(done.body.isConsumed, true);
  const valid = await call(`${server.apiUrl}/validate`, { auth: serverAuth(server.apiSecretKey), body: { token: done.body.accessToken } });
  assert.equal(valid.body.isValid, true);
  assert.equal(valid.body.userId, "sam");
  assert.equal(valid.body.actionCode, "kioskLogin");
  assert.equal(valid.body.verificationMethod, "QR_CODE");
  assert.equal((await answer(key, challengeId, false)).status, 409);
});

test("a user-bound QR challenge can be claimed only by that user's device; rejection is reported", async () => {
  const mine = await enrolQr("uma");
  const theirs = await enrolQr("vic");
  const { token } = (await call(`${server.apiUrl}/users/uma/actions/signIn`, { auth: serverAuth(server.apiSecretKey), body: {} })).body;
  const { challengeId, deviceCode } = (await call(`${server.apiUrl}/client/challenge/qr-code`, { auth: `Bearer ${token}`, body: { action: "signIn" } })).body;
  assert.equal((await claim(theirs, challengeId)).status, 403);
  assert.equal((await claim(mine, challengeId)).status, 200);
  assert.equal((await claim(mine, challengeId)).status, 200, "the same device may retry its claim");
  assert.deepEqual((await answer(mine, challengeId, false)).body, { isVerified: false });
  assert.deepEqual((await verify(challengeId, deviceCode)).body, { isClaimed: true, isConsumed: true, isVerified: false });
});

test("long-poll: Prefer: wait answers as soon as the phone claims, then approves", async () => {
  const key = await enrolQr("wes");
  const { challengeId, deviceCode } = (await call(`${server.apiUrl}/client/challenge/qr-code`, { auth: tenantBasic(), body: { action: "signIn" } })).body;
  const waitingForClaim = verify(challengeId, deviceCode, { prefer: "wait=20" });
  await new Promise((r) => setTimeout(r, 100));
  await claim(key, challengeId);
  const claimed = await waitingForClaim;
  assert.equal(claimed.body.isClaimed, true);
  assert.equal(claimed.headers.get("preference-applied"), "wait=20");
  const waitingForAnswer = verify(challengeId, deviceCode, { prefer: "wait=20" });
  await new Promise((r) => setTimeout(r, 100));
  await answer(key, challengeId, true);
  const approved = await waitingForAnswer;
  assert.equal(approved.body.isVerified, true);
  assert.equal(typeof approved.body.accessToken, "string");
});

test("WebSocket, as the official browser SDK speaks it: CREATE_CHALLENGE, then STATE_CHANGE up to approval", async () => {
  const key = await enrolQr("xena");
  const wsUrl = server.apiUrl.replace("http://", "ws://").replace("v1", "ws-v1-challenge");
  const socket = new WebSocket(wsUrl, ["authsignal-ws", `x.authsignal.tenant.${server.tenantId}`]);
  const messages: Array<{ type: string; data: Record<string, any> }> = [];
  const next = (type: string) =>
    new Promise<Record<string, any>>((resolve) => {
      const check = () => {
        const found = messages.find((m) => m.type === type && !("seen" in m));
        if (found) {
          Object.assign(found, { seen: true });
          resolve(found.data);
        } else setTimeout(check, 10);
      };
      check();
    });
  socket.on("message", (m) => messages.push(JSON.parse(String(m))));
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  assert.equal(socket.protocol, "authsignal-ws");
  socket.send(JSON.stringify({ type: "CREATE_CHALLENGE", data: { challengeType: "QR_CODE", actionCode: "signIn", custom: { a: 1 } } }));
  const created = await next("CHALLENGE_CREATED");
  assert.equal(created.challengeType, "QR_CODE");
  assert.equal(created.state, "unclaimed");
  await claim(key, created.challengeId);
  assert.equal((await next("STATE_CHANGE")).state, "claimed");
  await answer(key, created.challengeId, true);
  const approved = await next("STATE_CHANGE");
  assert.equal(approved.state, "approved");
  assert.equal(typeof approved.accessToken, "string");
  const valid = await call(`${server.apiUrl}/validate`, { auth: serverAuth(server.apiSecretKey), body: { token: approved.accessToken } });
  assert.equal(valid.body.userId, "xena");

  socket.send("not json");
  assert.equal((await next("ERROR")).errorCode, "invalid_request");
  socket.close();
});

test("a WebSocket with an unknown tenant, or from an origin the tenant does not allow, is refused before it opens", async () => {
  const wsUrl = server.apiUrl.replace("http://", "ws://").replace("v1", "ws-v1-challenge");
  const refusal = (protocols: string[], origin?: string) =>
    new Promise<number>((resolve) => {
      const socket = new WebSocket(wsUrl, protocols, origin ? { origin } : {});
      socket.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      socket.on("open", () => resolve(101));
      socket.on("error", () => undefined);
    });
  assert.equal(await refusal(["authsignal-ws", "x.authsignal.tenant.nope"]), 401);
  await call(`${server.origin}/admin/v1/tenants/${server.tenantId}`, { method: "PATCH", auth: `Bearer ${server.adminToken}`, body: { allowedOrigins: ["https://shop.example"] } });
  try {
    assert.equal(await refusal(["authsignal-ws", `x.authsignal.tenant.${server.tenantId}`], "https://evil.example"), 403);
    assert.equal(await refusal(["authsignal-ws", `x.authsignal.tenant.${server.tenantId}`], "https://shop.example"), 101);
  } finally {
    await call(`${server.origin}/admin/v1/tenants/${server.tenantId}`, { method: "PATCH", auth: `Bearer ${server.adminToken}`, body: { allowedOrigins: [] } });
  }
});
