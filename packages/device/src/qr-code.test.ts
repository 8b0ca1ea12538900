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

test("qrCode does not pretend to claim or answer challenges yet", () => {
  const { device } = testDevice();
  assert.equal("claimChallenge" in device.qrCode, false);
  assert.equal("updateChallenge" in device.qrCode, false);
});
