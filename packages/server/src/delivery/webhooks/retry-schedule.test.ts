import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_RETRY_POLICY, nextAttemptAt, retryDelayMs } from "./retry-schedule.js";

test("the first retry comes within 10 s, then the delay doubles, with jitter, up to the cap", () => {
  assert.ok(retryDelayMs(DEFAULT_RETRY_POLICY, 1, 0.999) <= 10_000);
  assert.equal(retryDelayMs(DEFAULT_RETRY_POLICY, 1, 0.5), 5_000);
  assert.equal(retryDelayMs(DEFAULT_RETRY_POLICY, 2, 0.5), 10_000);
  assert.equal(retryDelayMs(DEFAULT_RETRY_POLICY, 5, 0.5), 80_000);
  assert.equal(retryDelayMs(DEFAULT_RETRY_POLICY, 30, 0.5), DEFAULT_RETRY_POLICY.maxDelayMs);
  assert.equal(retryDelayMs(DEFAULT_RETRY_POLICY, 3, 0), 16_000);
  assert.equal(retryDelayMs(DEFAULT_RETRY_POLICY, 3, 0.999_999), 24_000);
});

test("deliveries are retried for about a day, then given up", () => {
  let now = 0;
  let attempt = 0;
  let next: number | undefined = 0;
  while (next !== undefined) {
    now = next;
    attempt += 1;
    next = nextAttemptAt(DEFAULT_RETRY_POLICY, 0, now, attempt, 0.5);
  }
  assert.ok(now <= DEFAULT_RETRY_POLICY.maxAgeMs && now > DEFAULT_RETRY_POLICY.maxAgeMs - DEFAULT_RETRY_POLICY.maxDelayMs * 1.2, String(now));
  assert.ok(attempt > 10 && attempt < 30, String(attempt));
});
