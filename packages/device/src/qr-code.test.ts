import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE_URL, CREDENTIAL_BODY, DEVICE_AUTH, expectedHeaders, publicKeyParam, storedPublicKey, testDevice } from "./test-support/device.js";
import { verifyDer } from "./test-support/node-crypto.js";

test("qrCode add, get and remove use the qr-code path and their own key", async (t) => {
  t.mock.method(Date, "now", () => 1_776_740_400_000);
  const { device, requests, keyStore } = testDevice({ body: CREDENTIAL_BODY }, { body: CREDENTIAL_BODY }, { body: { removedAuthenticatorId: "ua_1" } });
  assert.equal((await device.qrCode.addCredential({ token: "t", deviceName: "Phone" })).data?.credentialId, "ua_1");
  const publicKey = await storedPublicKey(keyStore, "qr-code");
  assert.deepEqual(requests[0], {
    url: `${BASE_URL}/client/user-authenticators/qr-code`,
    method: "POST",
    headers: expectedHeaders("Bearer t", true),
    body: { publicKey, deviceName: "Phone" },
  });
  assert.equal((await device.qrCode.getCredential()).data?.credentialId, "ua_1");
  assert.deepEqual(requests[1], {
    url: `${BASE_URL}/client/user-authenticators/qr-code?publicKey=${publicKeyParam(publicKey)}`,
    method: "GET",
    headers: expectedHeaders(DEVICE_AUTH, false),
    body: undefined,
  });
  assert.deepEqual(await device.qrCode.removeCredential(), { data: true });
  const body = requests[2]?.body as { publicKey: string; signature: string };
  assert.equal(requests[2]?.url, `${BASE_URL}/client/user-authenticators/qr-code/remove`);
  assert.ok(verifyDer(publicKey, "2961234.0", body.signature));
  assert.equal(await keyStore.load("qr-code"), null);
});

test("each method has its own key", async () => {
  const { device, keyStore } = testDevice({ body: CREDENTIAL_BODY }, { body: CREDENTIAL_BODY }, { body: CREDENTIAL_BODY });
  await device.push.addCredential({ token: "t" });
  await device.qrCode.addCredential({ token: "t" });
  await device.inApp.addCredential({ token: "t" });
  const keys = await Promise.all(["push", "qr-code", "in-app"].map((alias) => storedPublicKey(keyStore, alias)));
  assert.equal(new Set(keys).size, 3);
});

test("qrCode.claimChallenge signs the challenge id and returns what to show", async () => {
  const claim = {
    success: true,
    ipAddress: "203.0.113.7",
    userAgent: "Kiosk/1.0",
    actionCode: "kioskLogin",
    idempotencyKey: "idem-9",
    custom: { store: "Leeds" },
    verificationCodeRequired: true,
    verificationCodeChoices: ["07", "42", "93"],
  };
  const { device, requests, keyStore } = testDevice({ body: CREDENTIAL_BODY }, { body: { ...claim, unknownField: 1 } }, { body: { success: true, ipAddress: null } });
  await device.qrCode.addCredential({ token: "t" });
  const publicKey = await storedPublicKey(keyStore, "qr-code");
  assert.deepEqual(await device.qrCode.claimChallenge({ challengeId: "qr_1" }), { data: claim });
  assert.deepEqual(await device.qrCode.claimChallenge({ challengeId: "qr_2" }), { data: { success: true } });
  for (const [index, challengeId] of [[1, "qr_1"], [2, "qr_2"]] as const) {
    const request = requests[index];
    assert.equal(request?.url, `${BASE_URL}/client/user-authenticators/qr-code/challenge/claim`);
    assert.equal(request?.method, "POST");
    assert.deepEqual(request?.headers, expectedHeaders(DEVICE_AUTH, true));
    const body = request?.body as Record<string, unknown>;
    assert.deepEqual(body, { challengeId, publicKey, signature: body.signature });
    assert.ok(verifyDer(publicKey, challengeId, String(body.signature)));
  }
});

test("qrCode.claimChallenge passes API errors through and rejects a body without success", async () => {
  const { device } = testDevice(
    { body: CREDENTIAL_BODY },
    { status: 409, body: { error: "challenge_already_answered", errorCode: "challenge_already_answered", errorDescription: "Claimed by another device." } },
    { body: { ipAddress: "203.0.113.7" } },
  );
  await device.qrCode.addCredential({ token: "t" });
  assert.deepEqual(await device.qrCode.claimChallenge({ challengeId: "qr_1" }), { error: "Claimed by another device.", errorCode: "challenge_already_answered" });
  assert.equal((await device.qrCode.claimChallenge({ challengeId: "qr_1" })).errorCode, "invalid_response");
});

test("qrCode.updateChallenge posts the signed answer with the qr-code key", async () => {
  const { device, requests, keyStore } = testDevice(
    { body: CREDENTIAL_BODY },
    { body: CREDENTIAL_BODY },
    { body: { isVerified: true } },
    { body: { isVerified: false } },
  );
  await device.push.addCredential({ token: "t" });
  await device.qrCode.addCredential({ token: "t" });
  const publicKey = await storedPublicKey(keyStore, "qr-code");
  assert.deepEqual(await device.qrCode.updateChallenge({ challengeId: "qr_1", approved: true, verificationCode: "42" }), { data: { isVerified: true } });
  assert.deepEqual(await device.qrCode.updateChallenge({ challengeId: "qr_2", approved: false, denyReason: "cancelled" }), { data: { isVerified: false } });
  for (const [index, challengeId, approved, extra] of [[2, "qr_1", true, { verificationCode: "42" }], [3, "qr_2", false, { denyReason: "cancelled" }]] as const) {
    const request = requests[index];
    assert.equal(request?.url, `${BASE_URL}/client/user-authenticators/qr-code/challenge`);
    assert.equal(request?.method, "POST");
    assert.deepEqual(request?.headers, expectedHeaders(DEVICE_AUTH, true));
    const body = request?.body as Record<string, unknown>;
    assert.deepEqual(body, { challengeId, publicKey, approved, signature: body.signature, ...extra });
    assert.ok(verifyDer(publicKey, challengeId, String(body.signature)), "signed with the qr-code key, not the push key");
  }
});

test("qrCode challenge calls without a key answer no_credential without calling the server", async () => {
  const { device, requests } = testDevice();
  for (const result of [
    await device.qrCode.claimChallenge({ challengeId: "qr_1" }),
    await device.qrCode.updateChallenge({ challengeId: "qr_1", approved: true }),
  ]) {
    assert.equal(result.errorCode, "no_credential");
    assert.equal(result.data, undefined);
  }
  assert.equal(requests.length, 0);
});
