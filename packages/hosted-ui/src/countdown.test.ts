import { test } from "node:test";
import assert from "node:assert/strict";
import { describeDuration, formatCountdown } from "./countdown.js";

test("countdown: m:ss, rounded up", () => {
  assert.equal(formatCountdown(300_000), "5:00");
  assert.equal(formatCountdown(299_001), "5:00");
  assert.equal(formatCountdown(299_000), "4:59");
  assert.equal(formatCountdown(65_000), "1:05");
  assert.equal(formatCountdown(10_000), "0:10");
  assert.equal(formatCountdown(1), "0:01");
  assert.equal(formatCountdown(0), "0:00");
  assert.equal(formatCountdown(-5_000), "0:00");
  assert.equal(formatCountdown(3_600_000), "60:00");
});

test("durations in words", () => {
  assert.equal(describeDuration(300), "5 minutes");
  assert.equal(describeDuration(60), "1 minute");
  assert.equal(describeDuration(90), "1 minute 30 seconds");
  assert.equal(describeDuration(61), "1 minute 1 second");
  assert.equal(describeDuration(10), "10 seconds");
  assert.equal(describeDuration(1), "1 second");
  assert.equal(describeDuration(0), "0 seconds");
});
