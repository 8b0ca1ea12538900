import type { PushErrorCode, PushMessage, PushResult } from "./push-provider.js";

export const DEFAULT_TIMEOUT_MS = 5_000;

export type PushFailureResult = Extract<PushResult, { ok: false }>;

export function failure(errorCode: PushErrorCode, tokenDead: boolean, detail?: string): PushFailureResult {
  return detail === undefined ? { ok: false, errorCode, tokenDead } : { ok: false, errorCode, tokenDead, detail };
}

/** Thrown inside a provider to stop a send with a given result; `send` turns it back into that result. */
export class PushFailure extends Error {
  constructor(readonly result: PushFailureResult) {
    super(result.detail ?? result.errorCode);
  }
}

/** Maps anything caught in a send to a result: a PushFailure's own, else provider_unavailable. */
export function toResult(error: unknown): PushFailureResult {
  if (error instanceof PushFailure) return error.result;
  return failure("provider_unavailable", false, describe(error));
}

export const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Whole seconds from now until the challenge expires, never negative (a negative TTL is a bad request). */
export const secondsUntil = (expiresAt: number, now: number): number => Math.max(0, Math.ceil((expiresAt - now) / 1000));

/** The app-level fields every platform carries: the challenge id and the generic title, nothing else. */
export const appPayload = (message: PushMessage): { challengeId: string; title: string } => ({
  challengeId: message.challengeId,
  title: message.title,
});

/** Validates an optional timeout option. */
export function timeoutOption(value: number | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`timeoutMs must be a positive number of milliseconds, got ${value}`);
  return value;
}

/** A response body's reason, trimmed for a result's detail. */
export const clip = (text: string, max = 300): string => (text.length > max ? `${text.slice(0, max)}…` : text);
