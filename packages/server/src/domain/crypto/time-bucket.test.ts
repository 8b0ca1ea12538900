import { test } from "node:test";
import assert from "node:assert/strict";
import { acceptedTimeBucketMessages, timeBucketMessage } from "./time-bucket.js";

test("renders the ten-minute bucket with a trailing .0", () => {
  assert.equal(timeBucketMessage(1_776_740_400_000), "2961234.0");
  assert.equal(timeBucketMessage(1_776_740_999_999), "2961234.0");
  assert.equal(timeBucketMessage(1_776_741_000_000), "2961235.0");
});

test("accepts the current bucket and its neighbours", () => {
  assert.deepEqual(acceptedTimeBucketMessages(1_776_740_400_000), ["2961234.0", "2961233.0", "2961235.0"]);
});
