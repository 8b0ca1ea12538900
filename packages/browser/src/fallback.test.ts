import { test } from "node:test";
import assert from "node:assert/strict";
import { chainFor, followChallenge } from "./fallback.js";
import { failure } from "./result.js";
import type { ChallengeUpdate } from "./states.js";
import type { NamedTransport, Transport, TransportContext, TransportName, TransportOutcome } from "./transports/types.js";

/** A fake transport that reports `updates` and then ends with `outcome`; counts its runs. */
function fake(name: TransportName, script: (context: TransportContext, run: number) => Promise<TransportOutcome> | TransportOutcome) {
  let runs = 0;
  const transport: NamedTransport & { runs: () => number } = {
    name,
    run: (async (context) => script(context, ++runs)) as Transport,
    runs: () => runs,
  };
  return transport;
}
const unavailable = (reason = "down"): TransportOutcome => ({ kind: "unavailable", reason });
const final = (update: ChallengeUpdate): TransportOutcome => ({ kind: "final", update });
const noDelay = { retryDelayMs: () => 0 };

test("the transport option stands for a chain: auto is websocket → sse → long-poll → polling", () => {
  assert.deepEqual(chainFor("auto"), ["websocket", "sse", "long-poll", "polling"]);
  assert.deepEqual(chainFor("long-poll"), ["long-poll", "polling"]);
  assert.deepEqual(chainFor("websocket"), ["websocket"]);
  assert.deepEqual(chainFor("sse"), ["sse"]);
  assert.deepEqual(chainFor("polling"), ["polling"]);
});

test("a socket that cannot open falls back to SSE, which sees the result", async () => {
  const ws = fake("websocket", () => unavailable("refused"));
  const sse = fake("sse", (c) => {
    c.onUpdate({ state: "pending" });
    return final({ state: "approved", token: "t" });
  });
  const lp = fake("long-poll", () => unavailable());
  const started: string[] = [];
  const states: string[] = [];
  const result = await followChallenge([ws, sse, lp], { onTransport: (n) => started.push(n), onUpdate: (u) => states.push(u.state) });
  assert.deepEqual(result.data, { update: { state: "approved", token: "t" }, transport: "sse" });
  assert.deepEqual(started, ["websocket", "sse"]);
  assert.deepEqual(states, ["pending", "approved"]);
  assert.equal(lp.runs(), 0);
});

test("a drop after progress hands over too; the next transport re-reads, and a repeated state is not reported twice", async () => {
  const ws = fake("websocket", (c) => {
    c.onUpdate({ state: "pending" });
    return unavailable("closed 1006");
  });
  const sse = fake("sse", (c) => {
    assert.equal(c.lastState(), "pending", "the next transport knows what was seen");
    c.onUpdate({ state: "pending" });
    return final({ state: "rejected" });
  });
  const states: string[] = [];
  const result = await followChallenge([ws, sse], { onUpdate: (u) => states.push(u.state) });
  assert.equal(result.data?.update.state, "rejected");
  assert.deepEqual(states, ["pending", "rejected"]);
});

test("every transport down: each is tried, then the last is retried with backoff, then network_error", async () => {
  const chain = chainFor("auto").map((n) => fake(n, () => unavailable(`${n} down`)));
  const delays: number[] = [];
  const result = await followChallenge(chain, { maxRetries: 3, retryDelayMs: (n) => (delays.push(n), 0) });
  assert.equal(result.errorCode, "network_error");
  assert.match(result.error ?? "", /polling: polling down/);
  assert.deepEqual(chain.map((t) => t.runs()), [1, 1, 1, 4]);
  assert.deepEqual(delays, [1, 2, 3]);
});

test("a forced transport is retried (a reconnect) and progress resets the retry count", async () => {
  const ws = fake("websocket", (c, run) => {
    if (run <= 2) return unavailable("refused");
    if (run <= 6) {
      c.onUpdate({ state: "pending" });
      return unavailable("dropped after subscribing");
    }
    return final({ state: "approved", token: "t" });
  });
  const result = await followChallenge([ws], { maxRetries: 2, ...noDelay });
  assert.equal(result.data?.transport, "websocket");
  assert.equal(ws.runs(), 7);
});

test("a fatal error ends the wait without trying other transports", async () => {
  const ws = fake("websocket", () => ({ kind: "fatal", failure: failure("The token has expired.", "expired_token") }));
  const sse = fake("sse", () => final({ state: "approved" }));
  const result = await followChallenge([ws, sse]);
  assert.deepEqual(result, { error: "The token has expired.", errorCode: "expired_token" });
  assert.equal(sse.runs(), 0);
});

test("aborting stops the running transport and answers aborted", async () => {
  let sawAbort = false;
  const ws = fake(
    "websocket",
    (c) =>
      new Promise<TransportOutcome>((resolve) =>
        c.signal.addEventListener("abort", () => {
          sawAbort = true;
          resolve({ kind: "aborted" });
        }),
      ),
  );
  const controller = new AbortController();
  const waiting = followChallenge([ws], { signal: controller.signal });
  setTimeout(() => controller.abort(), 10);
  const result = await waiting;
  assert.equal(result.errorCode, "aborted");
  assert.ok(sawAbort);
  const again = await followChallenge([ws], { signal: controller.signal });
  assert.equal(again.errorCode, "aborted", "an already aborted signal answers at once");
});

test("the transports' signal is aborted once a result is found (cleanup), and a thrown error counts as unavailable", async () => {
  let signal: AbortSignal | undefined;
  const ws = fake("websocket", () => {
    throw new Error("boom");
  });
  const sse = fake("sse", (c) => {
    signal = c.signal;
    return final({ state: "expired" });
  });
  const result = await followChallenge([ws, sse]);
  assert.equal(result.data?.update.state, "expired");
  assert.equal(signal?.aborted, true);
});

test("initialState is neither reported again nor lost", async () => {
  const poll = fake("polling", (c) => {
    assert.equal(c.lastState(), "unclaimed");
    c.onUpdate({ state: "unclaimed" });
    c.onUpdate({ state: "claimed" });
    return final({ state: "approved", token: "t" });
  });
  const states: Array<[string, string | undefined]> = [];
  await followChallenge([poll], { initialState: "unclaimed", onUpdate: (u) => states.push([u.state, u.token]) });
  assert.deepEqual(states, [
    ["claimed", undefined],
    ["approved", "t"],
  ]);
});
