/**
 * When to try a failed webhook delivery again: exponential back-off from `baseMs` (doubling per
 * attempt, capped at `maxDelayMs`) with ±20% jitter, until the delivery is `maxAgeMs` old.
 */
export interface RetryPolicy {
  baseMs: number;
  maxDelayMs: number;
  maxAgeMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 5_000, maxDelayMs: 3 * 3_600_000, maxAgeMs: 24 * 3_600_000 };

/** Delay after the `attempt`-th failed attempt (1-based); `random` in [0, 1). */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random: number = Math.random()): number {
  const exponential = Math.min(policy.baseMs * 2 ** Math.max(0, attempt - 1), policy.maxDelayMs);
  return Math.round(exponential * (0.8 + 0.4 * random));
}

/** The next attempt's time, or undefined when the delivery has been tried long enough. */
export function nextAttemptAt(policy: RetryPolicy, createdAt: number, now: number, attempt: number, random?: number): number | undefined {
  const at = now + retryDelayMs(policy, attempt, random);
  return at - createdAt > policy.maxAgeMs ? undefined : at;
}
