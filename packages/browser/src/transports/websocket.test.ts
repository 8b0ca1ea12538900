import { test } from "node:test";
import assert from "node:assert/strict";
import { parseSocketMessage, socketProtocols, socketUrl, websocketTransport } from "./websocket.js";
import { fakeWebSocket } from "../test-support/fakes.js";
import type { ChallengeUpdate } from "../states.js";
import type { TransportContext } from "./types.js";

test("socketUrl: ws(s), and the path's v1 becomes ws-v1-challenge (never the host)", () => {
  assert.equal(socketUrl("http://127.0.0.1:4000/v1"), "ws://127.0.0.1:4000/ws-v1-challenge");
  assert.equal(socketUrl("https://v1.example.com/v1/"), "wss://v1.example.com/ws-v1-challenge");
  assert.equal(socketUrl("https://example.com/auth/v1"), "wss://example.com/auth/ws-v1-challenge");
  assert.equal(socketUrl("https://example.com/"), "wss://example.com/ws-v1-challenge");
});

test("subprotocols: authsignal-ws plus the token, or the tenant without one", () => {
  assert.deepEqual(socketProtocols({ token: "abc", tenantId: "t1" }), ["authsignal-ws", "x.authsignal.token.abc"]);
  assert.deepEqual(socketProtocols({ tenantId: "t1" }), ["authsignal-ws", "x.authsignal.tenant.t1"]);
});

test("parseSocketMessage accepts {type, data} JSON only", () => {
  assert.deepEqual(parseSocketMessage('{"type":"STATE_CHANGE","data":{"state":"claimed"}}'), { type: "STATE_CHANGE", data: { state: "claimed" } });
  assert.deepEqual(parseSocketMessage('{"type":"X"}'), { type: "X", data: {} });
  assert.equal(parseSocketMessage("nope"), undefined);
  assert.equal(parseSocketMessage('{"data":{}}'), undefined);
  assert.equal(parseSocketMessage(new ArrayBuffer(2)), undefined);
});

function context() {
  const updates: ChallengeUpdate[] = [];
  const controller = new AbortController();
  const ctx: TransportContext = { signal: controller.signal, onUpdate: (u) => updates.push(u), lastState: () => updates.at(-1)?.state };
  return { ctx, updates, controller };
}

test("SUBSCRIBE with the token, STATE_CHANGE up to the final state, then the socket is closed", async () => {
  const { WebSocket, sockets } = fakeWebSocket({
    onCreate: (s) => s.open(),
    onSend: (s, m) => {
      assert.deepEqual(m, { type: "SUBSCRIBE", data: { challengeId: "ch1" } });
      s.receive("STATE_CHANGE", { challengeId: "other", state: "approved" });
      s.receive("STATE_CHANGE", { challengeId: "ch1", challengeType: "PUSH", state: "pending" });
      s.receive("STATE_CHANGE", { challengeId: "ch1", challengeType: "PUSH", state: "approved", accessToken: "tok" });
    },
  });
  const { ctx, updates } = context();
  const outcome = await websocketTransport({ url: "ws://x/ws-v1-challenge", token: "T", challengeId: "ch1", WebSocket })(ctx);
  assert.deepEqual(outcome, { kind: "final", update: { state: "approved", token: "tok" } });
  assert.deepEqual(updates, [{ state: "pending" }, { state: "approved", token: "tok" }]);
  assert.deepEqual(sockets[0]!.protocols, ["authsignal-ws", "x.authsignal.token.T"]);
  assert.equal(sockets[0]!.closedByClient, true);
});

test("a socket that fails to open, or drops, is unavailable; an ERROR about the token is fatal", async () => {
  const refused = fakeWebSocket({ onCreate: (s) => s.drop(1006) });
  assert.equal((await websocketTransport({ url: "ws://x", token: "T", challengeId: "c", WebSocket: refused.WebSocket })(context().ctx)).kind, "unavailable");

  const dropped = fakeWebSocket({
    onCreate: (s) => s.open(),
    onSend: (s) => {
      s.receive("STATE_CHANGE", { challengeId: "c", state: "pending" });
      s.drop(1001);
    },
  });
  const { ctx, updates } = context();
  const outcome = await websocketTransport({ url: "ws://x", token: "T", challengeId: "c", WebSocket: dropped.WebSocket })(ctx);
  assert.deepEqual(outcome, { kind: "unavailable", reason: "the WebSocket closed (code 1001)" });
  assert.equal(updates.length, 1);

  const expired = fakeWebSocket({
    onCreate: (s) => {
      s.open();
      // The server checks the token after the handshake and reports it in a later frame.
      setTimeout(() => s.receive("ERROR", { error: "expired_token", errorCode: "expired_token", errorDescription: "The token has expired." }), 0);
    },
  });
  const fatal = await websocketTransport({ url: "ws://x", token: "T", challengeId: "c", WebSocket: expired.WebSocket })(context().ctx);
  assert.deepEqual(fatal, { kind: "fatal", failure: { error: "The token has expired.", errorCode: "expired_token", errorDescription: "The token has expired." } });

  const busy = fakeWebSocket({ onCreate: (s) => s.open(), onSend: (s) => s.receive("ERROR", { errorCode: "too_many_requests", error: "too_many_requests" }) });
  assert.equal((await websocketTransport({ url: "ws://x", token: "T", challengeId: "c", WebSocket: busy.WebSocket })(context().ctx)).kind, "unavailable");
});

test("a socket that never opens times out; no WebSocket at all is unavailable; abort closes the socket", async () => {
  const silent = fakeWebSocket({});
  const timedOut = await websocketTransport({ url: "ws://x", token: "T", challengeId: "c", WebSocket: silent.WebSocket, openTimeoutMs: 20 })(context().ctx);
  assert.equal(timedOut.kind, "unavailable");
  assert.equal(silent.sockets[0]!.closedByClient, true);

  const none = await websocketTransport({ url: "ws://x", token: "T", challengeId: "c", WebSocket: undefined })(context().ctx);
  assert.equal(none.kind, "unavailable");

  const open = fakeWebSocket({ onCreate: (s) => s.open() });
  const { ctx, controller } = context();
  const waiting = websocketTransport({ url: "ws://x", token: "T", challengeId: "c", WebSocket: open.WebSocket })(ctx);
  setTimeout(() => controller.abort(), 20);
  assert.deepEqual(await waiting, { kind: "aborted" });
  assert.equal(open.sockets[0]!.closedByClient, true);
});
