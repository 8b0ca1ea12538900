import { test } from "node:test";
import assert from "node:assert/strict";
import { codeMatches, deviceView, numberMatchingFields, verificationChoices } from "./number-matching.js";

test("codes are two digits; choices are three distinct codes including the right one", () => {
  for (let i = 0; i < 200; i++) {
    const { verificationCode, verificationChoices: choices } = numberMatchingFields("choices");
    assert.match(verificationCode!, /^\d\d$/);
    assert.equal(new Set(choices).size, 3);
    assert.ok(choices!.includes(verificationCode!));
  }
  assert.deepEqual(numberMatchingFields("off"), { verificationCode: null, verificationChoices: null });
  assert.equal(numberMatchingFields("type").verificationChoices, null);
});

test("the right code is in a random position", () => {
  const positions = new Set(Array.from({ length: 200 }, () => verificationChoices("42").indexOf("42")));
  assert.deepEqual([...positions].sort(), [0, 1, 2]);
});

test("matching and the device's view", () => {
  assert.equal(codeMatches(null, undefined), true);
  assert.equal(codeMatches("07", "07"), true);
  assert.equal(codeMatches("07", "7"), false);
  assert.equal(codeMatches("07", undefined), false);
  assert.equal(codeMatches("07", 7), false);
  assert.deepEqual(deviceView({ verificationCode: "07", verificationChoices: null }), { verificationCodeRequired: true });
  assert.deepEqual(deviceView({ verificationCode: "07", verificationChoices: ["07", "12", "55"] }), { verificationCodeRequired: true, verificationCodeChoices: ["07", "12", "55"] });
  assert.deepEqual(deviceView({ verificationCode: null, verificationChoices: null }), {});
});
