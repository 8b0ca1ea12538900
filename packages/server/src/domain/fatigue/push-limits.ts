import type { Challenge, TenantSettings } from "../model.js";

export interface LimitHit {
  reason: "fraud_cooling" | "denial_backoff" | "rate_limit";
  /** When the next push challenge will be allowed. */
  retryAt: number;
  description: string;
}

const MAX_BACKOFF_MS = 3_600_000;

/**
 * Push-fatigue defences, as a pure decision over the user's recent history: a "not me" denial pauses
 * pushes for the cooling period; two or more consecutive explicit denials impose an exponential wait
 * (timeouts do not count: only answered challenges are looked at); and at most `pushLimitCount` push
 * challenges per window. `recent` is the user's answered push challenges, newest first;
 * `createdInWindow` the creation times of their push challenges in the window, oldest first.
 */
export function checkPushLimits(settings: TenantSettings, recent: Challenge[], createdInWindow: number[], now: number): LimitHit | undefined {
  const fraud = recent.find((c) => c.state === "denied" && c.denyReason === "not_me");
  if (fraud?.answeredAt != null) {
    const retryAt = fraud.answeredAt + settings.fraudCoolingSeconds * 1000;
    if (retryAt > now) return { reason: "fraud_cooling", retryAt, description: "Push challenges are paused for this user after a fraud report." };
  }
  let denials = 0;
  for (const c of recent) {
    if (c.state !== "denied") break;
    denials += 1;
  }
  const last = recent[0]?.answeredAt;
  if (denials >= 2 && last != null) {
    const wait = Math.min(settings.denialBackoffBaseSeconds * 1000 * 2 ** (denials - 2), MAX_BACKOFF_MS);
    if (last + wait > now) return { reason: "denial_backoff", retryAt: last + wait, description: `${denials} consecutive denials: wait before the next push.` };
  }
  if (createdInWindow.length >= settings.pushLimitCount) {
    const retryAt = (createdInWindow[0] ?? now) + settings.pushLimitWindowSeconds * 1000;
    return { reason: "rate_limit", retryAt, description: `At most ${settings.pushLimitCount} push challenges per ${settings.pushLimitWindowSeconds} s.` };
  }
  return undefined;
}
