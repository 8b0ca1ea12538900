import { test } from "node:test";
import assert from "node:assert/strict";
import { Signet } from "./signet.js";
import { fakeFetch, fakeWebSocket, json, sleep, until } from "./test-support/fakes.js";

const TENANT = "tenant-1";
const tenantBasic = `Basic ${btoa(encodeURIComponent(TENANT))}`;

test("long-poll mode: create with tenant Basic, verify held with Prefer: wait=25, claimed then approved", async () => {
  let verifies = 0;
  const { fetch, requests } = fakeFetch((r) => {
    if (r.url.endsWith("/client/challenge/qr-code")) return json(200, { challengeId: "q1", expiresAt: "2030-01-01T00:00:00.000Z", deviceCode: "secret", verificationCode: "42" });
    verifies += 1;
    if (verifies === 1) return json(200, { isClaimed: true, isConsumed: false, isVerified: false }, { "preference-applied": "wait=25" });
    return json(200, { isClaimed: true, isConsumed: true, isVerified: true, accessToken: "val" });
  });
  const signet = new Signet({ tenantId: TENANT, baseUrl: "http://h/v1", fetch });
  const states: Array<[string, string | undefined]> = [];
  const created = await signet.qrCode.challenge({ action: "signIn", custom: { kiosk: 1 }, transport: "long-poll", onStateChange: (s, t) => states.push([s, t]) });
  assert.deepEqual(created, { data: { challengeId: "q1", expiresAt: "2030-01-01T00:00:00.000Z", verificationCode: "42" } });
  await until(() => states.length === 2);
  assert.deepEqual(states, [
    ["claimed", undefined],
    ["approved", "val"],
  ]);
  assert.equal(requests[0]!.headers.authorization, tenantBasic);
  assert.deepEqual(requests[0]!.body, { action: "signIn", custom: { kiosk: 1 } });
  assert.deepEqual(requests[1]!.body, { challengeId: "q1", deviceCode: "secret" });
  assert.equal(requests[1]!.headers.authorization, tenantBasic);
  assert.equal(requests[1]!.headers.prefer, "wait=25");
  await sleep(20);
  assert.equal(requests.length, 3, "no read after the final state");
});

test("a track token makes the create call Bearer (verify stays tenant Basic); errors come back in the protocol shape", async () => {
  const { fetch, requests } = fakeFetch((r) =>
    r.url.endsWith("/client/challenge/qr-code")
      ? json(400, { error: "invalid_request", errorCode: "invalid_request", errorDescription: "custom must be omitted with a track token" })
      : json(500, {}),
  );
  const signet = new Signet({ tenantId: TENANT, baseUrl: "http://h/v1", fetch });
  signet.setToken("TRACK");
  const result = await signet.qrCode.challenge({ action: "signIn", custom: { a: 1 }, transport: "polling", onStateChange: () => undefined });
  assert.equal(result.error, "custom must be omitted with a track token");
  assert.equal(result.errorCode, "invalid_request");
  assert.equal(requests[0]!.headers.authorization, "Bearer TRACK");
  signet.qrCode.disconnect();
  assert.equal((await signet.qrCode.refresh()).errorCode, "challenge_not_started");
});

test("websocket mode: CREATE_CHALLENGE → CHALLENGE_CREATED, STATE_CHANGE mapped, socket closed after approval", async () => {
  const { WebSocket, sockets } = fakeWebSocket({
    onCreate: (s) => s.open(),
    onSend: (s, m) => {
      if (m.type === "CREATE_CHALLENGE") {
        assert.deepEqual(m.data, { challengeType: "QR_CODE", actionCode: "signIn" });
        s.receive("CHALLENGE_CREATED", { challengeId: "q1", challengeType: "QR_CODE", expiresAt: "2030-01-01T00:00:00.000Z", state: "unclaimed" });
      }
    },
  });
  const signet = new Signet({ tenantId: TENANT, baseUrl: "https://auth.example.com/v1", WebSocket });
  const states: Array<[string, string | undefined]> = [];
  const created = await signet.qrCode.challenge({ action: "signIn", onStateChange: (s, t) => states.push([s, t]) });
  assert.deepEqual(created, { data: { challengeId: "q1", expiresAt: "2030-01-01T00:00:00.000Z" } });
  const socket = sockets[0]!;
  assert.equal(socket.url, "wss://auth.example.com/ws-v1-challenge");
  assert.deepEqual(socket.protocols, ["authsignal-ws", `x.authsignal.tenant.${TENANT}`]);
  socket.receive("STATE_CHANGE", { challengeId: "q1", state: "claimed" });
  socket.receive("STATE_CHANGE", { challengeId: "q1", state: "claimed" });
  socket.receive("STATE_CHANGE", { challengeId: "q1", state: "approved", accessToken: "val" });
  assert.deepEqual(states, [
    ["claimed", undefined],
    ["approved", "val"],
  ]);
  assert.equal(socket.closedByClient, true);
});

test("websocket mode: an ERROR answers the create; a socket that cannot open is a network_error", async () => {
  const erroring = fakeWebSocket({
    onCreate: (s) => s.open(),
    onSend: (s) => s.receive("ERROR", { error: "invalid_request", errorCode: "invalid_request", errorDescription: "action is required" }),
  });
  const signet = new Signet({ tenantId: TENANT, baseUrl: "http://h/v1", WebSocket: erroring.WebSocket });
  const refused = await signet.qrCode.challenge({ action: "", onStateChange: () => undefined });
  assert.equal(refused.errorCode, "invalid_request");
  assert.equal(refused.error, "action is required");
  signet.qrCode.disconnect();
  assert.equal(erroring.sockets[0]!.closedByClient, true);

  const down = fakeWebSocket({ onCreate: (s) => s.drop(1006) });
  const offline = new Signet({ tenantId: TENANT, baseUrl: "http://h/v1", WebSocket: down.WebSocket });
  assert.equal((await offline.qrCode.challenge({ action: "signIn", onStateChange: () => undefined })).errorCode, "network_error");
});

test("websocket mode with a track token: after a drop it reconnects and re-subscribes, and sees the claim made meanwhile", async () => {
  let created = 0;
  const { WebSocket, sockets } = fakeWebSocket({
    onCreate: (s) => s.open(),
    onSend: (s, m) => {
      if (m.type === "CREATE_CHALLENGE") {
        created += 1;
        s.receive("CHALLENGE_CREATED", { challengeId: "q1", expiresAt: "2030-01-01T00:00:00.000Z", state: "unclaimed" });
      } else if (m.type === "SUBSCRIBE") {
        assert.deepEqual(m.data, { challengeId: "q1" });
        s.receive("STATE_CHANGE", { challengeId: "q1", state: "claimed" });
      }
    },
  });
  const signet = new Signet({ tenantId: TENANT, baseUrl: "http://h/v1", WebSocket });
  signet.setToken("TRACK");
  const states: string[] = [];
  await signet.qrCode.challenge({ action: "signIn", onStateChange: (s) => states.push(s) });
  sockets[0]!.drop(1006);
  await until(() => states.length === 1, 3000);
  assert.deepEqual(states, ["claimed"]);
  assert.equal(sockets.length, 2);
  assert.deepEqual(sockets[1]!.protocols, ["authsignal-ws", "x.authsignal.token.TRACK"]);
  assert.equal(created, 1, "the same challenge is followed, not a new one");
  signet.qrCode.disconnect();
  assert.equal(sockets[1]!.closedByClient, true);
});

test("refresh timer: a new code every refreshInterval, onRefresh told; disconnect stops it", async () => {
  let n = 0;
  const { fetch } = fakeFetch((r) => {
    if (r.url.endsWith("/client/challenge/qr-code")) {
      n += 1;
      return json(200, { challengeId: `q${n}`, expiresAt: "2030-01-01T00:00:00.000Z", deviceCode: `d${n}` });
    }
    return json(200, { isClaimed: false, isConsumed: false, isVerified: false }, { "preference-applied": "wait=25" });
  });
  const signet = new Signet({ tenantId: TENANT, baseUrl: "http://h/v1", fetch });
  const refreshed: string[] = [];
  await signet.qrCode.challenge({ action: "signIn", transport: "polling", pollInterval: 5, refreshInterval: 30, onRefresh: (id) => refreshed.push(id), onStateChange: () => undefined });
  await until(() => refreshed.length >= 2);
  signet.qrCode.disconnect();
  const count = n;
  await sleep(80);
  assert.equal(n, count, "no new challenge after disconnect");
  assert.deepEqual(refreshed.slice(0, 2), ["q2", "q3"]);
});
