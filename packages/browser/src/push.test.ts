import { test } from "node:test";
import assert from "node:assert/strict";
import { Signet } from "./signet.js";
import { fakeFetch, fakeWebSocket, json } from "./test-support/fakes.js";

const TENANT = "tén/ant";

test("challenge and verify: Bearer auth, the server's fields, accessToken renamed token", async () => {
  const { fetch, requests } = fakeFetch((r) => {
    if (r.url.endsWith("/client/challenge/push")) return json(200, { challengeId: "c1", verificationCode: "07", deliveryResults: [{ userAuthenticatorId: "u1" }] });
    return json(200, { isVerified: true, isConsumed: true, accessToken: "val" });
  });
  const signet = new Signet({ tenantId: TENANT, baseUrl: "http://h/v1", fetch });
  assert.equal((await signet.push.challenge()).errorCode, "token_not_set");
  assert.equal(requests.length, 0);
  signet.setToken("TRACK");
  const started = await signet.push.challenge({ action: "signIn" });
  assert.deepEqual(started, { data: { challengeId: "c1", verificationCode: "07", deliveryResults: [{ userAuthenticatorId: "u1" }] } });
  assert.equal(requests[0]!.headers.authorization, "Bearer TRACK");
  assert.equal(requests[0]!.headers["content-type"], "application/json");
  assert.deepEqual(requests[0]!.body, { action: "signIn" });
  assert.deepEqual(await signet.push.verify({ challengeId: "c1" }), { data: { isVerified: true, isConsumed: true, token: "val" } });
});

test("errors: the protocol's shape, network errors, and onTokenExpired", async () => {
  let expired = 0;
  const { fetch } = fakeFetch((r) => {
    if (r.url.endsWith("/client/challenge/push")) return json(401, { error: "expired_token", errorCode: "expired_token", errorDescription: "The token has expired." });
    throw new TypeError("Failed to fetch");
  });
  const signet = new Signet({ tenantId: TENANT, baseUrl: "http://h/v1", fetch, onTokenExpired: () => expired++ });
  signet.setToken("T");
  assert.deepEqual(await signet.push.challenge(), { error: "The token has expired.", errorCode: "expired_token", errorDescription: "The token has expired." });
  assert.equal(expired, 1);
  assert.deepEqual(await signet.push.verify({ challengeId: "c" }), { error: "Failed to fetch", errorCode: "network_error" });
});

test("waitForResult, auto: no socket, SSE refused, long-poll not held → polling finds the approval", async () => {
  const { WebSocket, sockets } = fakeWebSocket({ onCreate: (s) => s.drop(1006) });
  let verifies = 0;
  const { fetch, requests } = fakeFetch((r) => {
    if (r.url.endsWith("/events")) return json(503, { error: "service_unavailable", errorCode: "service_unavailable" });
    verifies += 1;
    return verifies === 1 ? json(200, { isVerified: false, isConsumed: false }) : json(200, { isVerified: true, isConsumed: true, accessToken: "val" });
  });
  const signet = new Signet({ tenantId: TENANT, baseUrl: "http://h/v1", fetch, WebSocket });
  signet.setToken("T");
  const transports: string[] = [];
  const states: string[] = [];
  const result = await signet.push.waitForResult({
    challengeId: "c1",
    onTransportChange: (t) => transports.push(t),
    onStateChange: (s, token) => states.push(`${s}${token ? `:${token}` : ""}`),
  });
  assert.deepEqual(result, { data: { isVerified: true, token: "val", state: "approved", transport: "polling" } });
  assert.deepEqual(transports, ["websocket", "sse", "long-poll", "polling"]);
  assert.deepEqual(states, ["pending", "approved:val"]);
  assert.equal(sockets[0]!.url, "ws://h/ws-v1-challenge");
  const verifyCalls = requests.filter((r) => r.url.endsWith("/client/verify/push"));
  assert.equal(verifyCalls[0]!.headers.prefer, "wait=25");
  assert.equal(verifyCalls[1]!.headers.prefer, undefined);
});

test("waitForResult: an expired challenge (410) ends expired; a denial ends rejected; a bad token is an error", async () => {
  const answer = { current: json(410, { error: "challenge_expired", errorCode: "challenge_expired" }) };
  const { fetch } = fakeFetch(() => answer.current.clone());
  const signet = new Signet({ tenantId: TENANT, baseUrl: "http://h/v1", fetch });
  signet.setToken("T");
  assert.deepEqual((await signet.push.waitForResult({ challengeId: "c", transport: "polling" })).data, { isVerified: false, state: "expired", transport: "polling" });
  answer.current = json(200, { isVerified: false, isConsumed: true });
  assert.deepEqual((await signet.push.waitForResult({ challengeId: "c", transport: "long-poll" })).data, { isVerified: false, state: "rejected", transport: "long-poll" });
  answer.current = json(401, { error: "invalid_token", errorCode: "invalid_token", errorDescription: "The token is invalid." });
  assert.equal((await signet.push.waitForResult({ challengeId: "c", transport: "sse" })).errorCode, "invalid_token");
  signet.setToken("");
  assert.equal((await signet.push.waitForResult({ challengeId: "c" })).errorCode, "token_not_set");
});
