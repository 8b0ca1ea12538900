import type { Waiters } from "./waiters.js";

export const MAX_WAIT_SECONDS = 30;

/** Reads `Prefer: wait=N` (RFC 7240); N is capped at 30 seconds. 0 when absent or malformed. */
export function preferredWaitSeconds(header: string | string[] | undefined): number {
  const text = Array.isArray(header) ? header.join(",") : header ?? "";
  const match = /(?:^|[,;\s])wait\s*=\s*"?(\d{1,6})"?/i.exec(text);
  if (!match) return 0;
  return Math.min(Number(match[1]), MAX_WAIT_SECONDS);
}

export interface LongPoll<T> {
  waiters: Waiters;
  tenantId: string;
  topic: string;
  waitSeconds: number;
  read: () => Promise<T>;
  /** True when the result should be answered at once. */
  isDone: (first: T, current: T) => boolean;
}

/**
 * Answers as soon as `isDone` holds, or with the last reading when the wait is over. Subscribes
 * before each read so that no change between the read and the wait is missed. When the tenant has
 * too many waiters it answers at once (`waited` false), and the client falls back to polling.
 */
export async function longPoll<T>({ waiters, tenantId, topic, waitSeconds, read, isDone }: LongPoll<T>): Promise<{ result: T; waited: boolean }> {
  const first = await read();
  if (waitSeconds <= 0 || isDone(first, first)) return { result: first, waited: false };
  const deadline = Date.now() + waitSeconds * 1000;
  let current = first;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) return { result: current, waited: true };
    const waiter = waiters.waitFor(tenantId, topic, left);
    if (!waiter) return { result: current, waited: false };
    current = await read();
    if (isDone(first, current)) {
      waiter.cancel();
      return { result: current, waited: true };
    }
    const reason = await waiter.wake;
    current = await read();
    if (reason !== "event" || isDone(first, current)) return { result: current, waited: true };
  }
}
