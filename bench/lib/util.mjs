// Small helpers of the latency benchmark: timing, bounded concurrency, statistics, formatting.
import { performance } from "node:perf_hooks";

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const now = () => performance.now();
export const log = (...parts) => process.stderr.write(`[bench ${(now() / 1000).toFixed(1)}s] ${parts.join(" ")}\n`);

export class TimeoutError extends Error {}
export function withTimeout(promise, ms, label) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new TimeoutError(`${label}: no end after ${ms} ms`)), ms))),
  ]);
}

/** Runs fn over items with at most `limit` in flight; returns results in order (errors as {error}). */
export async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i], i);
      } catch (error) {
        results[i] = { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
export function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: sorted[0] ?? NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    atOrBelowZero: sorted.filter((v) => v <= 0).length,
  };
}
export const ms = (v) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1)) : "—");
export const mb = (kb) => (kb / 1024).toFixed(1);

export function errorText(error) {
  if (!error) return "";
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Counts errors by message, so a thousand identical failures are one line in the report. */
export class ErrorTally {
  constructor() {
    this.counts = new Map();
  }
  add(message) {
    this.counts.set(message, (this.counts.get(message) ?? 0) + 1);
  }
  get total() {
    let total = 0;
    for (const n of this.counts.values()) total += n;
    return total;
  }
  lines() {
    return [...this.counts].map(([m, n]) => `${n}× ${m}`);
  }
}
