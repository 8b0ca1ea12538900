import { test } from "node:test";
import assert from "node:assert/strict";
import { requiredFacts } from "./required-facts.js";
import { validateActionConfig } from "./validate-action-config.js";
import { sequentialIds } from "./test-helpers.js";

const v = (windowMinutes: number) => ({ field: "velocity", op: "gt", value: 1, windowMinutes });

test("no rules, or rules on request-borne facts only: nothing to look up", () => {
  const none = { velocityWindows: [], needsDeviceNovelty: false, needsEnrolment: false };
  assert.deepEqual(requiredFacts({ defaultOutcome: "ALLOW", rules: [] }), none);
  const config = validateActionConfig(
    { defaultOutcome: "ALLOW", rules: [{ name: "r", outcome: "BLOCK", condition: { any: [
      { field: "ip", op: "eq", value: "10.0.0.1" }, { field: "hour", op: "eq", value: 3 }, { field: "custom.x", op: "eq", value: 1 },
    ] } }] },
    sequentialIds,
  );
  assert.deepEqual(requiredFacts(config), none);
});

test("velocity windows (distinct, ascending), device novelty and enrolment, found at any depth", () => {
  const config = validateActionConfig(
    {
      defaultOutcome: "ALLOW",
      rules: [
        { name: "a", outcome: "BLOCK", condition: { all: [v(60), { not: { any: [v(5), v(60)] } }] } },
        { name: "b", outcome: "REVIEW", condition: { not: { not: { field: "device.isNew", op: "eq", value: true } } } },
        { name: "c", outcome: "REVIEW", condition: v(1440) },
      ],
    },
    sequentialIds,
  );
  assert.deepEqual(requiredFacts(config), { velocityWindows: [5, 60, 1440], needsDeviceNovelty: true, needsEnrolment: false });
  for (const field of ["user.isEnrolled", "user.authenticatorCount"]) {
    const value = field === "user.isEnrolled" ? true : 1;
    const enrol = validateActionConfig({ defaultOutcome: "ALLOW", rules: [{ name: "e", outcome: "ALLOW", condition: { field, op: "eq", value } }] }, sequentialIds);
    assert.deepEqual(requiredFacts(enrol), { velocityWindows: [], needsDeviceNovelty: false, needsEnrolment: true }, field);
  }
});
