import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError, humaniseAction, initialView } from "./session.js";

test("action codes as words", () => {
  assert.equal(humaniseAction("signIn"), "Sign in");
  assert.equal(humaniseAction("approve_payment"), "Approve payment");
  assert.equal(humaniseAction("add-device"), "Add device");
  assert.equal(humaniseAction("withdraw"), "Withdraw");
  assert.equal(humaniseAction("resetMFA"), "Reset MFA");
  assert.equal(humaniseAction("verifyOTPCode"), "Verify OTP code");
  assert.equal(humaniseAction("SIGN_IN"), "SIGN IN");
  assert.equal(humaniseAction("transfer2"), "Transfer 2");
  assert.equal(humaniseAction("__x__"), "X");
  assert.equal(humaniseAction("--"), "--");
});

test("first view: push with a push device, else QR with a QR device, else enrolment", () => {
  const user = (push: number, methods: string[] = []) => ({
    user: {
      userId: "u",
      displayName: null,
      isEnrolled: push > 0 || methods.length > 0,
      enrolledVerificationMethods: methods,
      pushAuthenticators: Array.from({ length: push }, (_, i) => ({ userAuthenticatorId: `a${i}`, deviceName: null, devicePlatform: null })),
    },
  });
  assert.equal(initialView(user(1, ["PUSH"])), "push");
  assert.equal(initialView(user(2, ["PUSH", "QR_CODE"])), "push");
  assert.equal(initialView(user(0, ["QR_CODE"])), "qr");
  assert.equal(initialView(user(0, [])), "enrol");
  assert.equal(initialView(user(0, ["PUSH"])), "enrol", "an expired push credential only: enrol again");
});

test("SDK failures carry the protocol status where known", () => {
  assert.equal(ApiError.fromSdk({ error: "x", errorCode: "expired_token" }).statusCode, 401);
  assert.equal(ApiError.fromSdk({ error: "x", errorCode: "too_many_requests" }).statusCode, 429);
  assert.equal(ApiError.fromSdk({ error: "x", errorCode: "network_error" }).statusCode, 0);
  assert.equal(ApiError.fromSdk({ error: "gone", errorCode: "challenge_expired" }).message, "gone");
});

test("errors that end the session, and anything thrown as an ApiError", () => {
  assert.equal(new ApiError("expired_token", 401, "x").endsSession, true);
  assert.equal(new ApiError("origin_not_allowed", 403, "x").endsSession, true);
  assert.equal(new ApiError("too_many_requests", 429, "x").endsSession, false);
  const original = new ApiError("forbidden", 403, "no");
  assert.equal(ApiError.from(original), original);
  const wrapped = ApiError.from(new TypeError("boom"));
  assert.equal(wrapped.errorCode, "network_error");
  assert.equal(wrapped.statusCode, 0);
});
