/**
 * Which calls may be retried, and when. Only what cannot do harm twice: GET and DELETE (idempotent)
 * and a track that carries its own idempotencyKey. POST /validate is never retried (a validation
 * token is accepted once), nor is any PATCH.
 */
export interface RetryableCall {
  method: string;
  idempotent?: boolean;
}

const RETRY_STATUSES = new Set([502, 503, 504]);

export function mayRetry(call: RetryableCall): boolean {
  return call.method === "GET" || call.method === "DELETE" || call.idempotent === true;
}

/** A failure worth another try: no answer at all, or a gateway error. */
export const isTransient = (statusCode: number): boolean => statusCode === 0 || RETRY_STATUSES.has(statusCode);

/** Exponential back-off from 100 ms with full jitter. */
export const backoffMs = (attempt: number, random: number = Math.random()): number => Math.round(100 * 2 ** attempt * random);
