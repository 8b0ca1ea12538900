import type { Challenge } from "../model.js";

export interface HourBucket {
  hour: string;
  approved: number;
  denied: number;
  expired: number;
  superseded: number;
  pending: number;
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}

/** Challenges per hour by outcome, and approval latency (answer time − creation time) percentiles. */
export function challengeStats(challenges: Challenge[], since: number, hours: number) {
  const hourMs = 3_600_000;
  const start = Math.floor(since / hourMs) * hourMs;
  const buckets: HourBucket[] = Array.from({ length: hours + 1 }, (_, i) => ({
    hour: new Date(start + i * hourMs).toISOString(),
    approved: 0,
    denied: 0,
    expired: 0,
    superseded: 0,
    pending: 0,
  }));
  const latencies: number[] = [];
  for (const c of challenges) {
    const bucket = buckets[Math.floor((c.createdAt - start) / hourMs)];
    if (!bucket) continue;
    const key = c.state === "claimed" ? "pending" : c.state;
    bucket[key] += 1;
    if (c.state === "approved" && c.answeredAt !== null) latencies.push(c.answeredAt - c.createdAt);
  }
  latencies.sort((a, b) => a - b);
  return {
    hours: buckets,
    approvalLatencyMs: { count: latencies.length, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) },
  };
}
