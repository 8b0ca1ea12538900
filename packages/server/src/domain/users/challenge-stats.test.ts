import { test } from "node:test";
import assert from "node:assert/strict";
import { challengeStats } from "./challenge-stats.js";
import type { Challenge } from "../model.js";

const c = (createdAt: number, state: Challenge["state"], answeredAt: number | null = null) => ({ createdAt, state, answeredAt }) as Challenge;

test("counts per hour by outcome and approval latency percentiles", () => {
  const h = 3_600_000;
  const stats = challengeStats([c(0, "approved", 1000), c(10, "approved", 3010), c(h + 5, "denied", h + 50), c(h + 6, "expired"), c(2 * h, "claimed")], 0, 2);
  assert.equal(stats.hours.length, 3);
  assert.deepEqual(stats.hours[0], { hour: new Date(0).toISOString(), approved: 2, denied: 0, expired: 0, superseded: 0, pending: 0 });
  assert.equal(stats.hours[1]?.denied, 1);
  assert.equal(stats.hours[1]?.expired, 1);
  assert.equal(stats.hours[2]?.pending, 1);
  assert.deepEqual(stats.approvalLatencyMs, { count: 2, p50: 1000, p95: 3000, p99: 3000 });
});
