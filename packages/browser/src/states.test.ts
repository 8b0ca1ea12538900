import { test } from "node:test";
import assert from "node:assert/strict";
import { isFinalState, pushStateFromVerify, qrStateFromVerify, stateFromServer, stateFromSocket } from "./states.js";
import { updateFromStateEvent } from "./transports/sse.js";
import { updateFromStateChange } from "./transports/websocket.js";
import { pushUpdate } from "./push.js";
import { qrUpdate } from "./qr-rest.js";

test("server states (SSE) map onto the SDK's: pending QR is unclaimed, denied is rejected", () => {
  assert.equal(stateFromServer("pending", "PUSH"), "pending");
  assert.equal(stateFromServer("pending", "QR_CODE"), "unclaimed");
  assert.equal(stateFromServer("claimed", "QR_CODE"), "claimed");
  assert.equal(stateFromServer("approved", "PUSH"), "approved");
  assert.equal(stateFromServer("denied", "PUSH"), "rejected");
  assert.equal(stateFromServer("superseded", "PUSH"), "superseded");
  assert.equal(stateFromServer("expired", "QR_CODE"), "expired");
  assert.equal(stateFromServer("bogus", "PUSH"), undefined);
  assert.equal(stateFromServer(undefined), undefined);
});

test("socket states pass through; unknown ones are dropped", () => {
  for (const s of ["pending", "unclaimed", "claimed", "approved", "rejected", "superseded", "expired"]) assert.equal(stateFromSocket(s), s);
  assert.equal(stateFromSocket("denied"), "rejected");
  assert.equal(stateFromSocket("weird"), undefined);
  assert.equal(stateFromSocket(3), undefined);
});

test("REST verify bodies: push and QR", () => {
  assert.equal(pushStateFromVerify({ isVerified: false, isConsumed: false }), "pending");
  assert.equal(pushStateFromVerify({ isVerified: false, isConsumed: true }), "rejected");
  assert.equal(pushStateFromVerify({ isVerified: true, isConsumed: true }), "approved");
  assert.equal(qrStateFromVerify({ isClaimed: false, isConsumed: false, isVerified: false }), "unclaimed");
  assert.equal(qrStateFromVerify({ isClaimed: true, isConsumed: false, isVerified: false }), "claimed");
  assert.equal(qrStateFromVerify({ isClaimed: true, isConsumed: true, isVerified: false }), "rejected");
  assert.equal(qrStateFromVerify({ isClaimed: true, isConsumed: true, isVerified: true }), "approved");
});

test("final states", () => {
  assert.deepEqual(
    ["pending", "unclaimed", "claimed", "approved", "rejected", "superseded", "expired"].filter((s) => isFinalState(s as never)),
    ["approved", "rejected", "superseded", "expired"],
  );
});

test("each channel's payload becomes an update, accessToken renamed token", () => {
  assert.deepEqual(updateFromStateEvent('{"challengeId":"c","challengeType":"PUSH","state":"approved","isVerified":true,"accessToken":"tok"}'), {
    state: "approved",
    token: "tok",
  });
  assert.deepEqual(updateFromStateEvent('{"challengeType":"QR_CODE","state":"pending"}'), { state: "unclaimed" });
  assert.equal(updateFromStateEvent("not json"), undefined);
  assert.deepEqual(updateFromStateChange({ challengeId: "c", state: "rejected" }), { state: "rejected" });
  assert.deepEqual(updateFromStateChange({ challengeId: "c", state: "approved", accessToken: "t" }), { state: "approved", token: "t" });
  assert.deepEqual(pushUpdate({ isVerified: true, isConsumed: true, accessToken: "t" }), { state: "approved", token: "t" });
  assert.equal(pushUpdate({ isVerified: true }), undefined);
  assert.deepEqual(qrUpdate({ isClaimed: true, isConsumed: false, isVerified: false }), { state: "claimed" });
  assert.equal(qrUpdate({}), undefined);
});
