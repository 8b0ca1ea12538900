/**
 * Geometry of the dashboard's stacked bar chart (pure: no DOM), so it can be unit-tested. The
 * screen turns the result into SVG rectangles.
 */
import type { HourBucket } from "./types.js";

export const SERIES = ["approved", "denied", "expired", "superseded", "pending"] as const;
export type Series = (typeof SERIES)[number];

export const SERIES_LABELS: Record<Series, string> = {
  approved: "Approved",
  denied: "Denied",
  expired: "Expired",
  superseded: "Superseded",
  pending: "Pending",
};

/** The smallest 1, 2 or 5 × 10^k at or above n (at least 1), so axes read in round numbers. */
export function niceCeiling(n: number): number {
  if (!(n > 1)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= n) return step * magnitude;
  return 10 * magnitude;
}

/**
 * Axis ticks from 0 to max inclusive: a round step (1, 2 or 5 × 10^k) that divides max into at
 * most `maxIntervals` parts, so the top tick is max itself and no two ticks crowd each other.
 */
export function ticks(max: number, maxIntervals = 5): number[] {
  let step: number | undefined;
  for (let magnitude = 1; magnitude <= max && step === undefined; magnitude *= 10) {
    for (const m of [1, 2, 5]) {
      const candidate = m * magnitude;
      if (max % candidate === 0 && max / candidate <= maxIntervals) {
        step = candidate;
        break;
      }
    }
  }
  step ??= Math.max(1, Math.ceil(max / maxIntervals));
  const out: number[] = [];
  for (let v = 0; v <= max; v += step) out.push(v);
  if (out[out.length - 1] !== max) out.push(max);
  return out;
}

export interface Segment {
  series: Series;
  value: number;
  y: number;
  height: number;
}

export interface Bar {
  hour: string;
  total: number;
  x: number;
  width: number;
  segments: Segment[];
}

export interface ChartGeometry {
  width: number;
  height: number;
  plot: { left: number; top: number; width: number; height: number };
  max: number;
  ticks: Array<{ value: number; y: number }>;
  bars: Bar[];
}

export interface ChartSize {
  width: number;
  height: number;
  margin?: { top: number; right: number; bottom: number; left: number };
  /** Fraction of each slot left empty between bars. */
  gap?: number;
}

export function stackedBars(hours: HourBucket[], size: ChartSize): ChartGeometry {
  const margin = size.margin ?? { top: 12, right: 12, bottom: 28, left: 40 };
  const plot = { left: margin.left, top: margin.top, width: size.width - margin.left - margin.right, height: size.height - margin.top - margin.bottom };
  const totals = hours.map((h) => SERIES.reduce((n, s) => n + h[s], 0));
  const max = niceCeiling(Math.max(0, ...totals));
  const scale = (v: number) => (v / max) * plot.height;
  const slot = hours.length > 0 ? plot.width / hours.length : 0;
  const gap = size.gap ?? 0.2;
  const bars = hours.map((h, i): Bar => {
    let base = plot.top + plot.height;
    const segments: Segment[] = [];
    for (const series of SERIES) {
      const value = h[series];
      if (value <= 0) continue;
      const height = scale(value);
      base -= height;
      segments.push({ series, value, y: base, height });
    }
    return { hour: h.hour, total: totals[i] ?? 0, x: plot.left + i * slot + (slot * gap) / 2, width: slot * (1 - gap), segments };
  });
  return {
    width: size.width,
    height: size.height,
    plot,
    max,
    ticks: ticks(max).map((value) => ({ value, y: plot.top + plot.height - scale(value) })),
    bars,
  };
}

/** Totals per series over all hours. */
export function seriesTotals(hours: HourBucket[]): Record<Series, number> {
  const totals = { approved: 0, denied: 0, expired: 0, superseded: 0, pending: 0 };
  for (const h of hours) for (const s of SERIES) totals[s] += h[s];
  return totals;
}
