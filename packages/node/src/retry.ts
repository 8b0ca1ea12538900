import { SignetError } from "./errors.js";

/**
 * The retry policy: only what cannot do harm twice is repeated.
 * - GET and DELETE (idempotent), and a POST the caller made idempotent (a `track` with its own
 *   `idempotencyKey`: the server answers a repeat with the same action).
 * - Never `POST /validate` (a validation token is accepted once: a lost answer must not turn into
 *   a second validation that says "already validated"), never a PATCH, never an unkeyed track.
 * - Only after a transient failure: no answer (network error or timeout) or 502, 503, 504.
 * - Exponential back-off from 100 ms with jitter.
 */
export interface RetryableCall {
  method: string;
  /** The caller made this call idempotent (e.g. a track with an idempotencyKey). */
  idempotent?: boolean;
}

export const DEFAULT_RETRIES = 2;
export const BASE_DELAY_MS = 100;
export const MAX_DELAY_MS = 5_000;
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/** May this call be sent again after a transient failure? */
export function mayRetry(call: RetryableCall): boolean {
  return call.method === "GET" || call.method === "DELETE" || call.idempotent === true;
}

/** A failure worth another try: no answer at all (network error, timeout), or a gateway error. */
export function isTransient(error: unknown): boolean {
  return error instanceof SignetError && (error.statusCode === 0 || TRANSIENT_STATUSES.has(error.statusCode));
}

/**
 * A DELETE that is being repeated (attempt > 0) and answers 404 already did its work on an earlier
 * attempt whose answer was lost: the caller asked for the resource to be gone, and it is.
 */
export function alreadyDone(call: RetryableCall, error: unknown, attempt: number): boolean {
  return attempt > 0 && call.method === "DELETE" && error instanceof SignetError && error.statusCode === 404;
}

/**
 * The pause before retry number `attempt + 1`: base·2^attempt, of which the upper half is random
 * (equal jitter), capped at 5 s. `random` is in [0, 1).
 */
export function backoffMs(attempt: number, random: number = Math.random()): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

export interface RetryOptions {
  /** Retries after the first attempt (0: none). */
  retries: number;
  /** Is this call safe to repeat at all? */
  retryable: boolean;
  /** Waits between attempts (tests pass a recorder). */
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `attempt(0)`, then again after each transient failure while the policy allows. */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const retries = options.retryable && Number.isFinite(options.retries) ? Math.max(0, Math.floor(options.retries)) : 0;
  const sleep = options.sleep ?? sleepFor;
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= retries || !isTransient(error)) throw error;
      await sleep(backoffMs(n));
    }
  }
}
