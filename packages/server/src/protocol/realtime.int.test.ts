import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { WebSocket } from "ws";
import { startTestServer, type TestServer } from "../testing/test-server.js";
import { call, deviceAuth, newTestKey, publicKeyQuery, serverAuth, type TestKey } from "../testing/test-keys.js";

// Every waiting party learns of a change at once: long-poll, SSE, WebSocket, and the phone's long-poll.
let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.close());

async function pushSetup(userId: string): Promise<{ key: TestKey; token: string }> {
  const key = newTestKey();
  const enrol = (await call(`${server.apiUrl}/users/${userId}/actions/enroll`, { auth: serverAuth(server.apiSecretKey), body: { scope: "add:authenticators" } })).body;
  await call(`${server.apiUrl}/client/user-authenticators/push`, { auth: `Bearer ${enrol.token}`, body: { publicKey: key.publicKey } });
  const { token } = (await call(`${server.apiUrl}/users/${userId}/actions/signIn`, { auth: serverAuth(server.apiSecretKey), body: {} })).body;
  return { key, token };
}
const startPush = async (token: string) => (await call(`${server.apiUrl}/client/challenge/push`, { auth: `Bearer ${token}`, body: {} })).body.challengeId as string;
const approve = (key: TestKey, challengeId: string, approved = true) =>
  call(`${server.apiUrl}/client/user-authenticators/push/challenge`, {
    auth: deviceAuth(server.tenantId),
    body: { challengeId, publicKey: key.publicKey, approved, signature: key.sign(challengeId) },
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("push verify without Prefer answers at once; with Prefer: wait it answers when the phone approves", async () => {
  const { key, token } = await pushSetup("ann");
  const challengeId = await startPush(token);
  const started = Date.now();
  const immediate = await call(`${server.apiUrl}/client/verify/push`, { auth: `Bearer ${token}`, body: { challengeId } });
  assert.deepEqual(immediate.body, { isVerified: false, isConsumed: false });
  assert.equal(immediate.headers.get("preference-applied"), null);
  const waiting = call(`${server.apiUrl}/client/verify/push`, { auth: `Bearer ${token}`, body: { challengeId }, headers: { prefer: "wait=25" } });
  await sleep(150);
  await approve(key, challengeId);
  const result = await waiting;
  assert.equal(result.body.isVerified, true);
  assert.equal(typeof result.body.accessToken, "string");
  assert.ok(Date.now() - started < 20_000, "answered long before the wait ran out");
});

test("a long-poll with nothing happening answers with the unchanged state after N seconds", async () => {
  const { token } = await pushSetup("ben");
  const challengeId = await startPush(token);
  const r = await call(`${server.apiUrl}/client/verify/push`, { auth: `Bearer ${token}`, body: { challengeId }, headers: { prefer: "wait=1" } });
  assert.deepEqual(r.body, { isVerified: false, isConsumed: false });
  assert.equal(r.headers.get("preference-applied"), "wait=1");
});

test("the phone's long-poll returns as soon as a challenge for it exists", async () => {
  const { key, token } = await pushSetup("cal");
  const url = `${server.apiUrl}/client/user-authenticators/push/challenge?publicKey=${publicKeyQuery(key.publicKey)}`;
  const waiting = call(url, { auth: deviceAuth(server.tenantId), headers: { prefer: "wait=25" } });
  await sleep(150);
  const challengeId = await startPush(token);
  const seen = await waiting;
  assert.equal(seen.body.challengeId, challengeId);
  assert.equal(seen.body.actionCode, "signIn");
});

test("SSE: the state at once, the change when it happens, then the stream closes", async () => {
  const { key, token } = await pushSetup("dia");
  const challengeId = await startPush(token);
  const response = await fetch(`${server.apiUrl}/client/challenges/${challengeId}/events`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /text\/event-stream/);
  const reader = response.body!.getReader();
  let text = "";
  const readUntil = async (needle: string) => {
    while (!text.includes(needle)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
    }
  };
  await readUntil('"state":"pending"');
  await approve(key, challengeId);
  await readUntil('"state":"approved"');
  const { done } = await reader.read().then(async (r) => (r.done ? r : reader.read()));
  assert.equal(done, true, "the stream ends once the challenge is final");
  const events = text.split("\n\n").filter((e) => e.startsWith("event: state"));
  assert.equal(events.length, 2);
  const final = JSON.parse(events[1]!.split("data: ")[1]!);
  assert.equal(final.isVerified, true);
  assert.equal(typeof final.accessToken, "string");
});

test("SSE refuses a token of another action, and a wrong QR device code", async () => {
  const { token } = await pushSetup("eli");
  const challengeId = await startPush(token);
  const other = (await call(`${server.apiUrl}/users/eli/actions/other`, { auth: serverAuth(server.apiSecretKey), body: {} })).body.token;
  const r = await fetch(`${server.apiUrl}/client/challenges/${challengeId}/events`, { headers: { authorization: `Bearer ${other}` } });
  assert.equal(r.status, 404);
  const q = await fetch(`${server.apiUrl}/client/challenges/${challengeId}/events?deviceCode=guess`);
  assert.equal(q.status, 404);
});

test("WebSocket SUBSCRIBE follows a push challenge with a track token", async () => {
  const { key, token } = await pushSetup("fay");
  const challengeId = await startPush(token);
  const socket = new WebSocket(server.apiUrl.replace("http", "ws").replace("v1", "ws-v1-challenge"), ["authsignal-ws", `x.authsignal.token.${token}`]);
  const messages: any[] = [];
  socket.on("message", (m) => messages.push(JSON.parse(String(m))));
  await new Promise((resolve) => socket.once("open", resolve));
  socket.send(JSON.stringify({ type: "SUBSCRIBE", data: { challengeId } }));
  while (!messages.some((m) => m.data.state === "pending")) await sleep(10);
  await approve(key, challengeId);
  while (!messages.some((m) => m.data.state === "approved")) await sleep(10);
  const approved = messages.find((m) => m.data.state === "approved");
  assert.equal(approved.type, "STATE_CHANGE");
  assert.equal(approved.data.challengeType, "PUSH");
  assert.equal(typeof approved.data.accessToken, "string");
  socket.close();
});

test("shutdown wakes long-polls and ends streams; no waiter is left", async () => {
  const own = await startTestServer();
  const key = newTestKey();
  const enrol = (await call(`${own.apiUrl}/users/gus/actions/enroll`, { auth: serverAuth(own.apiSecretKey), body: { scope: "add:authenticators" } })).body;
  await call(`${own.apiUrl}/client/user-authenticators/push`, { auth: `Bearer ${enrol.token}`, body: { publicKey: key.publicKey } });
  const { token } = (await call(`${own.apiUrl}/users/gus/actions/signIn`, { auth: serverAuth(own.apiSecretKey), body: {} })).body;
  const challengeId = (await call(`${own.apiUrl}/client/challenge/push`, { auth: `Bearer ${token}`, body: {} })).body.challengeId;
  const poll = call(`${own.apiUrl}/client/verify/push`, { auth: `Bearer ${token}`, body: { challengeId }, headers: { prefer: "wait=30" } });
  const sse = await fetch(`${own.apiUrl}/client/challenges/${challengeId}/events`, { headers: { authorization: `Bearer ${token}` } });
  const sseDone = (async () => {
    const reader = sse.body!.getReader();
    while (!(await reader.read()).done);
  })();
  await sleep(150);
  const started = Date.now();
  await own.close();
  assert.deepEqual((await poll).body, { isVerified: false, isConsumed: false });
  await sseDone;
  assert.ok(Date.now() - started < 5_000, "shutdown did not wait for the 30 s long-poll");
});
