import { test } from "node:test";
import assert from "node:assert/strict";
import { checkPushLimits } from "./push-limits.js";
import { DEFAULT_TENANT_SETTINGS, type Challenge } from "../model.js";

const settings = DEFAULT_TENANT_SETTINGS; // 5 per 600 s, cooling 3600 s, back-off base 30 s
const answered = (state: "approved" | "denied", answeredAt: number, denyReason: Challenge["denyReason"] = null) =>
  ({ state, answeredAt, denyReason }) as Challenge;
const now = 10_000_000;

test("no history: allowed", () => assert.equal(checkPushLimits(settings, [], [], now), undefined));

test("a not-me denial pauses pushes for the cooling period", () => {
  const hit = checkPushLimits(settings, [answered("denied", now - 1000, "not_me")], [], now);
  assert.equal(hit?.reason, "fraud_cooling");
  assert.equal(hit?.retryAt, now - 1000 + 3_600_000);
  assert.equal(checkPushLimits(settings, [answered("denied", now - 3_600_001, "not_me")], [], now), undefined);
});

test("one denial costs nothing; two or more back off exponentially; an approval resets", () => {
  assert.equal(checkPushLimits(settings, [answered("denied", now - 1)], [], now), undefined);
  const two = [answered("denied", now - 1000), answered("denied", now - 2000)];
  assert.equal(checkPushLimits(settings, two, [], now)?.reason, "denial_backoff");
  assert.equal(checkPushLimits(settings, two, [], now)?.retryAt, now - 1000 + 30_000);
  const three = [answered("denied", now - 1000), ...two];
  assert.equal(checkPushLimits(settings, three, [], now)?.retryAt, now - 1000 + 60_000);
  assert.equal(checkPushLimits(settings, two, [], now + 30_000), undefined);
  assert.equal(checkPushLimits(settings, [answered("approved", now - 10), ...two], [], now), undefined);
});

test("at most N push challenges per window", () => {
  const times = [now - 500_000, now - 400_000, now - 300_000, now - 200_000];
  assert.equal(checkPushLimits(settings, [], times, now), undefined);
  const hit = checkPushLimits(settings, [], [...times, now - 100_000], now);
  assert.equal(hit?.reason, "rate_limit");
  assert.equal(hit?.retryAt, now - 500_000 + 600_000);
});
