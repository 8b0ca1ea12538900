import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE_URL, CREDENTIAL_BODY, DEVICE_AUTH, expectedHeaders, publicKeyParam, storedPublicKey, testDevice } from "./test-support/device.js";
import { verifyDer } from "./test-support/node-crypto.js";

const VERIFIED = { token: "validation-token", userId: "user-1", userAuthenticatorId: "ua_1", username: "ada" };

test("inApp.addCredential enrols the in-app key (never a push token)", async () => {
  const { device, requests, keyStore } = testDevice({ body: CREDENTIAL_BODY });
  const input = { token: "track-token", deviceName: "Laptop", devicePlatform: "web", pushToken: "ignored" };
  const result = await device.inApp.addCredential(input);
  assert.equal(result.data?.credentialId, "ua_1");
  const publicKey = await storedPublicKey(keyStore, "in-app");
  assert.deepEqual(requests, [
    {
      url: `${BASE_URL}/client/user-authenticators/in-app`,
      method: "POST",
      headers: expectedHeaders("Bearer track-token", true),
      body: { publicKey, deviceName: "Laptop", devicePlatform: "web" },
    },
  ]);
  assert.equal(await keyStore.load("push"), null);
});

test("inApp.getCredential and removeCredential use the in-app path and key", async () => {
  const { device, requests, keyStore } = testDevice({ body: CREDENTIAL_BODY }, { body: CREDENTIAL_BODY }, { body: {} });
  await device.inApp.addCredential({ token: "t" });
  const publicKey = await storedPublicKey(keyStore, "in-app");
  assert.equal((await device.inApp.getCredential()).data?.userId, "user-1");
  assert.deepEqual(await device.inApp.removeCredential(), { data: true });
  assert.equal(requests[1]?.url, `${BASE_URL}/client/user-authenticators/in-app?publicKey=${publicKeyParam(publicKey)}`);
  assert.equal(requests[2]?.url, `${BASE_URL}/client/user-authenticators/in-app/remove`);
  assert.equal((requests[2]?.body as { publicKey: string }).publicKey, publicKey);
  assert.equal(await keyStore.load("in-app"), null);
});

test("inApp.verify with a track token: challenge then signed verification, both Bearer", async () => {
  const { device, requests, keyStore } = testDevice({ body: CREDENTIAL_BODY }, { body: { challengeId: "ch_9" } }, { body: VERIFIED });
  await device.inApp.addCredential({ token: "t" });
  const publicKey = await storedPublicKey(keyStore, "in-app");
  assert.deepEqual(await device.inApp.verify({ action: "transfer", token: "track-2" }), { data: VERIFIED });
  assert.deepEqual(requests[1], {
    url: `${BASE_URL}/client/challenge`,
    method: "POST",
    headers: expectedHeaders("Bearer track-2", true),
    body: { action: "transfer" },
  });
  const body = requests[2]?.body as Record<string, unknown>;
  assert.equal(requests[2]?.url, `${BASE_URL}/client/verify/in-app`);
  assert.equal(requests[2]?.method, "POST");
  assert.deepEqual(requests[2]?.headers, expectedHeaders("Bearer track-2", true));
  assert.deepEqual(body, { challengeId: "ch_9", publicKey, signature: body.signature });
  assert.ok(verifyDer(publicKey, "ch_9", String(body.signature)));
});

test("inApp.verify without a token uses device Basic auth for both calls", async () => {
  const { username: _omitted, ...withoutUsername } = VERIFIED;
  const { device, requests } = testDevice({ body: CREDENTIAL_BODY }, { body: { challengeId: "ch_1" } }, { body: withoutUsername });
  await device.inApp.addCredential({ token: "t" });
  assert.deepEqual(await device.inApp.verify(), { data: withoutUsername });
  assert.deepEqual(requests[1]?.headers, expectedHeaders(DEVICE_AUTH, true));
  assert.deepEqual(requests[1]?.body, {});
  assert.deepEqual(requests[2]?.headers, expectedHeaders(DEVICE_AUTH, true));
});

test("inApp.verify stops at a failed challenge and maps the error", async () => {
  const { device, requests } = testDevice(
    { body: CREDENTIAL_BODY },
    { status: 401, body: { error: "expired_token", errorCode: "expired_token", errorDescription: "The token has expired." } },
  );
  await device.inApp.addCredential({ token: "t" });
  assert.deepEqual(await device.inApp.verify({ token: "old" }), { error: "The token has expired.", errorCode: "expired_token" });
  assert.equal(requests.length, 2);
});

test("inApp.verify without a local key answers no_credential", async () => {
  const { device, requests } = testDevice();
  assert.equal((await device.inApp.verify({ action: "x" })).errorCode, "no_credential");
  assert.equal(requests.length, 0);
});

test("inApp.verify treats a verification answer without token as invalid_response", async () => {
  const { device } = testDevice({ body: CREDENTIAL_BODY }, { body: { challengeId: "ch_1" } }, { body: { userId: "u" } });
  await device.inApp.addCredential({ token: "t" });
  assert.equal((await device.inApp.verify()).errorCode, "invalid_response");
});
