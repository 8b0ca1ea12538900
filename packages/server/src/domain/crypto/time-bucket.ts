/**
 * The time-based message a device signs to remove its credential: the ten-minute bucket of the
 * current time rendered as the Android and iOS SDKs render a double, e.g. "2961234.0".
 */
const BUCKET_SECONDS = 600;

export function timeBucketMessage(nowMs: number, offset = 0): string {
  return `${Math.floor(nowMs / 1000 / BUCKET_SECONDS) + offset}.0`;
}

/** The messages accepted at `nowMs`: the current bucket and its two neighbours. */
export function acceptedTimeBucketMessages(nowMs: number): string[] {
  return [0, -1, 1].map((offset) => timeBucketMessage(nowMs, offset));
}
