import { test } from "node:test";
import assert from "node:assert/strict";
import { deviceLabel, friendlyLimitMessage } from "./push-view.js";
import { qrCodeLink } from "./qr-view.js";

test("device labels", () => {
  assert.equal(deviceLabel({ userAuthenticatorId: "a", deviceName: "Pixel 8", devicePlatform: "android" }), "Pixel 8");
  assert.equal(deviceLabel({ userAuthenticatorId: "a", deviceName: null, devicePlatform: "ios" }), "your iPhone");
  assert.equal(deviceLabel({ userAuthenticatorId: "a", deviceName: null, devicePlatform: "android" }), "your Android phone");
  assert.equal(deviceLabel({ userAuthenticatorId: "a", deviceName: null, devicePlatform: null }), "your phone");
  assert.equal(deviceLabel(undefined), "your phone");
});

test("a fatigue limit's retry time is shown as a local time", () => {
  const message = friendlyLimitMessage("At most 5 push challenges per 600 s. Retry after 2030-01-02T03:04:05.000Z.", "en-GB");
  assert.match(message, /^At most 5 push challenges per 600 s\. You can try again at \d\d:\d\d\.$/);
  assert.equal(friendlyLimitMessage("Slow down."), "Slow down.");
  assert.equal(friendlyLimitMessage("Retry after soon."), "Retry after soon.");
});

test("the QR code's link", () => {
  assert.equal(
    qrCodeLink("https://auth.example.com/v1", "tenant 1", "ch_123"),
    "signet://qr-code?apiUrl=https%3A%2F%2Fauth.example.com%2Fv1&tenantId=tenant%201&challengeId=ch_123",
  );
});
