import { test } from "node:test";
import assert from "node:assert/strict";
import { preferredWaitSeconds, longPoll } from "./long-poll.js";
import { Waiters } from "./waiters.js";
import { InProcessEventBus } from "../events/in-process-event-bus.js";

test("Prefer: wait=N is read, capped at 30, and 0 when absent", () => {
  assert.equal(preferredWaitSeconds("wait=10"), 10);
  assert.equal(preferredWaitSeconds("respond-async, wait=5"), 5);
  assert.equal(preferredWaitSeconds("wait=600"), 30);
  assert.equal(preferredWaitSeconds(undefined), 0);
  assert.equal(preferredWaitSeconds("wait=abc"), 0);
  assert.equal(preferredWaitSeconds("return=minimal"), 0);
});

const event = { tenantId: "t", challengeId: "c", userId: null, method: "PUSH" as const };

test("a long-poll answers when the state changes, and leaves no waiter behind", async () => {
  const bus = new InProcessEventBus();
  const waiters = new Waiters(bus, 10);
  let state = "pending";
  const polled = longPoll({ waiters, tenantId: "t", topic: "challenge:c", waitSeconds: 5, read: async () => state, isDone: (a, b) => a !== b });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(waiters.size, 1);
  state = "approved";
  bus.publish(event);
  assert.deepEqual(await polled, { result: "approved", waited: true });
  assert.equal(waiters.size, 0);
});

test("over the per-tenant bound a long-poll answers at once", async () => {
  const waiters = new Waiters(new InProcessEventBus(), 1);
  const held = waiters.waitFor("t", "x", 1000)!;
  const r = await longPoll({ waiters, tenantId: "t", topic: "y", waitSeconds: 5, read: async () => 1, isDone: () => false });
  assert.deepEqual(r, { result: 1, waited: false });
  assert.ok(waiters.waitFor("other", "x", 10), "other tenants are not affected");
  held.cancel();
});

test("closeAll wakes every waiter and refuses new ones", async () => {
  const waiters = new Waiters(new InProcessEventBus(), 10);
  const a = waiters.waitFor("t", "x", 60_000)!;
  let shut = false;
  waiters.watch("t", "y", () => undefined, () => (shut = true));
  waiters.closeAll();
  assert.equal(await a.wake, "closed");
  assert.equal(shut, true);
  assert.equal(waiters.size, 0);
  assert.equal(waiters.waitFor("t", "x", 10), undefined);
});
