import { test } from "node:test";
import assert from "node:assert/strict";
import { formatDetails, formatMs, formatSeconds, localInputToIso } from "./format.js";

test("durations read naturally", () => {
  assert.equal(formatMs(null), "—");
  assert.equal(formatMs(340.4), "340 ms");
  assert.equal(formatMs(2250), "2.25 s");
  assert.equal(formatMs(12_500), "12.5 s");
  assert.equal(formatMs(90_000), "1.5 min");
  assert.equal(formatSeconds(0), "0 s");
  assert.equal(formatSeconds(3600), "1 h");
  assert.equal(formatSeconds(90), "1 min 30 s");
  assert.equal(formatSeconds(7 * 86_400), "7 d");
  assert.equal(formatSeconds(null), "never");
});

test("audit details become key/value text; datetime-local values become ISO", () => {
  assert.deepEqual(formatDetails({ challengeId: "c1", approved: true, rules: 2, changed: ["name", "brandColor"], nested: { a: [1] } }), [
    ["challengeId", "c1"],
    ["approved", "true"],
    ["rules", "2"],
    ["changed", "name, brandColor"],
    ["nested", '{"a":[1]}'],
  ]);
  assert.deepEqual(formatDetails(undefined), []);
  assert.equal(localInputToIso(""), undefined);
  assert.equal(localInputToIso("nonsense"), undefined);
  assert.equal(localInputToIso("2024-03-10T01:59:00"), new Date(2024, 2, 10, 1, 59, 0).toISOString());
});
