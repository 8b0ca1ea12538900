import { test } from "node:test";
import assert from "node:assert/strict";
import { niceCeiling, seriesTotals, stackedBars, ticks } from "./chart.js";
import type { HourBucket } from "./types.js";

const hour = (i: number, counts: Partial<HourBucket> = {}): HourBucket => ({
  hour: new Date(Date.UTC(2024, 0, 1, i)).toISOString(),
  approved: 0,
  denied: 0,
  expired: 0,
  superseded: 0,
  pending: 0,
  ...counts,
});

test("niceCeiling rounds up to 1, 2 or 5 × 10^k", () => {
  const cases: Array<[number, number]> = [[0, 1], [1, 1], [2, 2], [3, 5], [5, 5], [6, 10], [11, 20], [21, 50], [99, 100], [101, 200], [1234, 2000]];
  for (const [n, expected] of cases) assert.equal(niceCeiling(n), expected, String(n));
});

test("ticks are round, evenly spaced whole numbers from 0 to the maximum", () => {
  assert.deepEqual(ticks(1), [0, 1]);
  assert.deepEqual(ticks(2), [0, 1, 2]);
  assert.deepEqual(ticks(5), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(ticks(10), [0, 2, 4, 6, 8, 10]);
  assert.deepEqual(ticks(20), [0, 5, 10, 15, 20]);
  assert.deepEqual(ticks(50), [0, 10, 20, 30, 40, 50]);
  assert.deepEqual(ticks(200), [0, 50, 100, 150, 200]);
  assert.deepEqual(ticks(7), [0, 2, 4, 6, 7], "a maximum that is not round still ends the axis");
});

test("bars stack bottom-up in series order, scaled to the plot", () => {
  const g = stackedBars([hour(0, { approved: 3, denied: 1 }), hour(1), hour(2, { expired: 5 })], {
    width: 340,
    height: 120,
    margin: { top: 10, right: 10, bottom: 10, left: 30 },
    gap: 0,
  });
  assert.deepEqual(g.plot, { left: 30, top: 10, width: 300, height: 100 });
  assert.equal(g.max, 5);
  assert.equal(g.bars.length, 3);
  const [first, empty, third] = g.bars;
  assert.equal(first!.x, 30);
  assert.equal(first!.width, 100);
  assert.equal(first!.total, 4);
  assert.deepEqual(first!.segments, [
    { series: "approved", value: 3, y: 50, height: 60 },
    { series: "denied", value: 1, y: 30, height: 20 },
  ]);
  assert.deepEqual(empty!.segments, [], "no zero-height rectangles");
  assert.equal(third!.x, 230);
  assert.deepEqual(third!.segments, [{ series: "expired", value: 5, y: 10, height: 100 }], "the tallest bar fills the plot");
  assert.deepEqual(g.ticks.at(-1), { value: 5, y: 10 });
  assert.deepEqual(g.ticks[0], { value: 0, y: 110 });
});

test("the gap narrows bars symmetrically; no data is a flat chart", () => {
  const g = stackedBars([hour(0, { approved: 1 })], { width: 100, height: 100, margin: { top: 0, right: 0, bottom: 0, left: 0 }, gap: 0.2 });
  assert.equal(g.bars[0]!.x, 10);
  assert.equal(g.bars[0]!.width, 80);
  const none = stackedBars([hour(0), hour(1)], { width: 100, height: 100 });
  assert.equal(none.max, 1);
  assert.ok(none.bars.every((b) => b.segments.length === 0));
  assert.equal(stackedBars([], { width: 100, height: 100 }).bars.length, 0);
});

test("seriesTotals sums each outcome", () => {
  assert.deepEqual(seriesTotals([hour(0, { approved: 2, pending: 1 }), hour(1, { approved: 1, superseded: 4 })]), { approved: 3, denied: 0, expired: 0, superseded: 4, pending: 1 });
});
