import { test } from "node:test";
import assert from "node:assert/strict";
import { judgeWait, longPollTransport } from "./long-poll.js";
import { pollingTransport } from "./polling.js";
import { failure } from "../result.js";
import type { ChallengeState, ChallengeUpdate } from "../states.js";
import type { ChallengeRead, ChallengeReader, TransportContext } from "./types.js";

test("judgeWait: the header decides; without it (CORS hides it) a held answer counts; an early unchanged one does not", () => {
  assert.equal(judgeWait({ preferenceApplied: true, elapsedMs: 3, waitSeconds: 25, changed: false }), "honoured");
  assert.equal(judgeWait({ preferenceApplied: false, elapsedMs: 25_010, waitSeconds: 25, changed: false }), "honoured");
  assert.equal(judgeWait({ preferenceApplied: false, elapsedMs: 40, waitSeconds: 25, changed: false }), "not-honoured");
  assert.equal(judgeWait({ preferenceApplied: false, elapsedMs: 40, waitSeconds: 25, changed: true }), "unknown");
});

function context(initial?: ChallengeState) {
  const updates: ChallengeUpdate[] = [];
  const controller = new AbortController();
  const ctx: TransportContext = {
    signal: controller.signal,
    onUpdate: (u) => updates.push(u),
    lastState: () => updates.at(-1)?.state ?? initial,
  };
  return { ctx, updates, controller };
}

/** A reader that answers from a list, recording the wait it was asked for. */
function scripted(answers: ChallengeRead[]) {
  const waits: number[] = [];
  const read: ChallengeReader = async ({ waitSeconds }) => {
    waits.push(waitSeconds);
    const next = answers.shift();
    if (!next) throw new Error("no more answers");
    return next;
  };
  return { read, waits };
}
const state = (s: ChallengeState, extra: Partial<{ preferenceApplied: boolean; elapsedMs: number; token: string }> = {}): ChallengeRead => ({
  update: extra.token ? { state: s, token: extra.token } : { state: s },
  preferenceApplied: extra.preferenceApplied ?? false,
  elapsedMs: extra.elapsedMs ?? 5,
});

test("long-poll asks for wait=25 and keeps going while the server holds requests, to the final state", async () => {
  const { read, waits } = scripted([state("pending", { preferenceApplied: true, elapsedMs: 25_000 }), state("pending", { elapsedMs: 25_001 }), state("approved", { token: "t" })]);
  const { ctx, updates } = context();
  const outcome = await longPollTransport(read, { assumedState: "pending" })(ctx);
  assert.deepEqual(outcome, { kind: "final", update: { state: "approved", token: "t" } });
  assert.deepEqual(waits, [25, 25, 25]);
  assert.equal(updates.length, 3);
});

test("long-poll gives up (to polling) when an unchanged answer comes back at once", async () => {
  const { read } = scripted([state("pending")]);
  const { ctx } = context();
  const outcome = await longPollTransport(read, { assumedState: "pending" })(ctx);
  assert.equal(outcome.kind, "unavailable");
});

test("long-poll: a change that came back early proves nothing; the next early unchanged answer does", async () => {
  const { read } = scripted([state("claimed"), state("claimed")]);
  const { ctx, updates } = context("unclaimed");
  const outcome = await longPollTransport(read)(ctx);
  assert.equal(outcome.kind, "unavailable");
  assert.deepEqual(
    updates.map((u) => u.state),
    ["claimed", "claimed"],
  );
});

test("long-poll and polling: an expired_token is fatal; a 503 makes the transport unavailable", async () => {
  const fatal = await longPollTransport(scripted([{ failure: failure("expired", "expired_token") }]).read)(context().ctx);
  assert.equal(fatal.kind, "fatal");
  const busy = await longPollTransport(scripted([{ failure: failure("busy", "service_unavailable") }]).read)(context().ctx);
  assert.equal(busy.kind, "unavailable");
  const pollFatal = await pollingTransport(scripted([{ failure: failure("nope", "challenge_not_found") }]).read, { intervalMs: 1 })(context().ctx);
  assert.equal(pollFatal.kind, "fatal");
});

test("polling reads with no wait, tolerates a few network errors, and stops at a final state", async () => {
  const { read, waits } = scripted([
    state("pending"),
    { failure: failure("offline", "network_error") },
    { failure: failure("offline", "network_error") },
    state("pending"),
    state("expired"),
  ]);
  const { ctx } = context();
  const outcome = await pollingTransport(read, { intervalMs: 1 })(ctx);
  assert.deepEqual(outcome, { kind: "final", update: { state: "expired" } });
  assert.deepEqual(waits, [0, 0, 0, 0, 0]);
});

test("polling ends after maxErrors consecutive errors, and when aborted", async () => {
  const errors = Array.from({ length: 3 }, () => ({ failure: failure("offline", "network_error") }));
  const outcome = await pollingTransport(scripted(errors).read, { intervalMs: 1, maxErrors: 3 })(context().ctx);
  assert.equal(outcome.kind, "unavailable");
  const { ctx, controller } = context();
  const waiting = pollingTransport(scripted([state("pending")]).read, { intervalMs: 60_000 })(ctx);
  setTimeout(() => controller.abort(), 5);
  assert.deepEqual(await waiting, { kind: "aborted" });
});
