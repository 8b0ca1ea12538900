import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE_URL, CREDENTIAL_BODY, DEVICE_AUTH, expectedHeaders, publicKeyParam, storedPublicKey, testDevice } from "./test-support/device.js";
import { verifyDer } from "./test-support/node-crypto.js";

const BUCKET_MS = 2961234 * 600 * 1000 + 123_456; // inside the ten-minute bucket 2961234

test("push.addCredential creates the push key and enrols it with the Bearer token", async () => {
  const { device, requests, keyStore } = testDevice({ body: CREDENTIAL_BODY });
  const result = await device.push.addCredential({ token: "track-token", deviceName: "Pixel", devicePlatform: "android", pushToken: "fcm-1" });
  assert.deepEqual(result, { data: { credentialId: "ua_1", userId: "user-1", createdAt: "2025-01-01T00:00:00.000Z" } });
  const publicKey = await storedPublicKey(keyStore, "push");
  assert.deepEqual(requests, [
    {
      url: `${BASE_URL}/client/user-authenticators/push`,
      method: "POST",
      headers: expectedHeaders("Bearer track-token", true),
      body: { publicKey, deviceName: "Pixel", devicePlatform: "android", pushToken: "fcm-1" },
    },
  ]);
  assert.equal(await keyStore.load("in-app"), null);
  assert.equal(await keyStore.load("qr-code"), null);
});

test("push.addCredential reuses the existing key and sends only the fields given", async () => {
  const { device, requests, keyStore } = testDevice({ body: CREDENTIAL_BODY }, { body: CREDENTIAL_BODY });
  await device.push.addCredential({ token: "t1" });
  const first = await storedPublicKey(keyStore, "push");
  await device.push.addCredential({ token: "t2" });
  assert.equal(await storedPublicKey(keyStore, "push"), first);
  assert.deepEqual(requests.map((r) => r.body), [{ publicKey: first }, { publicKey: first }]);
});

test("push.addCredential maps an API error and keeps the key for a retry", async () => {
  const { device, keyStore } = testDevice({
    status: 403,
    body: { error: "insufficient_scope", errorCode: "insufficient_scope", errorDescription: "Needs add:authenticators." },
  });
  const result = await device.push.addCredential({ token: "read-only" });
  assert.deepEqual(result, { error: "Needs add:authenticators.", errorCode: "insufficient_scope" });
  assert.notEqual(await keyStore.load("push"), null);
});

test("push methods that need a key answer no_credential without calling the server", async () => {
  const { device, requests } = testDevice();
  for (const result of [
    await device.push.getCredential(),
    await device.push.removeCredential(),
    await device.push.getChallenge(),
    await device.push.updateChallenge({ challengeId: "c", approved: true }),
    await device.push.updateCredential({ pushToken: "p" }),
  ]) {
    assert.equal(result.errorCode, "no_credential");
    assert.equal(typeof result.error, "string");
    assert.equal(result.data, undefined);
  }
  assert.equal(requests.length, 0);
});

test("push.getCredential sends the double-base64 public key with device Basic auth", async () => {
  const { device, requests, keyStore } = testDevice(
    { body: CREDENTIAL_BODY },
    { body: { ...CREDENTIAL_BODY, lastVerifiedAt: "2025-01-02T00:00:00.000Z", expiresAt: "2026-01-01T00:00:00.000Z" } },
  );
  await device.push.addCredential({ token: "t" });
  const result = await device.push.getCredential();
  assert.deepEqual(result, {
    data: {
      credentialId: "ua_1",
      userId: "user-1",
      createdAt: "2025-01-01T00:00:00.000Z",
      lastAuthenticatedAt: "2025-01-02T00:00:00.000Z",
      expiresAt: "2026-01-01T00:00:00.000Z",
    },
  });
  const publicKey = await storedPublicKey(keyStore, "push");
  assert.deepEqual(requests[1], {
    url: `${BASE_URL}/client/user-authenticators/push?publicKey=${publicKeyParam(publicKey)}`,
    method: "GET",
    headers: expectedHeaders(DEVICE_AUTH, false),
    body: undefined,
  });
});

test("push.getCredential passes a 404 through as an error", async () => {
  const { device } = testDevice(
    { body: CREDENTIAL_BODY },
    { status: 404, body: { error: "credential_not_found", errorCode: "credential_not_found", errorDescription: "No credential." } },
  );
  await device.push.addCredential({ token: "t" });
  assert.deepEqual(await device.push.getCredential(), { error: "No credential.", errorCode: "credential_not_found" });
});

test("push.removeCredential signs the time bucket and deletes the key on 200", async (t) => {
  t.mock.method(Date, "now", () => BUCKET_MS);
  const { device, requests, keyStore } = testDevice({ body: CREDENTIAL_BODY }, { body: { removedAuthenticatorId: "ua_1" } });
  await device.push.addCredential({ token: "t" });
  const publicKey = await storedPublicKey(keyStore, "push");
  assert.deepEqual(await device.push.removeCredential(), { data: true });
  const request = requests[1];
  assert.equal(request?.url, `${BASE_URL}/client/user-authenticators/push/remove`);
  assert.equal(request?.method, "POST");
  assert.deepEqual(request?.headers, expectedHeaders(DEVICE_AUTH, true));
  const body = request?.body as { publicKey: string; signature: string };
  assert.deepEqual(Object.keys(body).sort(), ["publicKey", "signature"]);
  assert.equal(body.publicKey, publicKey);
  assert.ok(verifyDer(publicKey, "2961234.0", body.signature), "signature over the time bucket");
  assert.equal(await keyStore.load("push"), null);
});

test("push.removeCredential also deletes the key when the server no longer knows it (404)", async () => {
  const { device, keyStore } = testDevice(
    { body: CREDENTIAL_BODY },
    { status: 404, body: { error: "credential_not_found", errorCode: "credential_not_found", errorDescription: "No credential." } },
  );
  await device.push.addCredential({ token: "t" });
  assert.deepEqual(await device.push.removeCredential(), { data: true });
  assert.equal(await keyStore.load("push"), null);
});

test("push.removeCredential keeps the key on other errors, network failures and non-protocol 404s", async () => {
  const { device, keyStore } = testDevice(
    { body: CREDENTIAL_BODY },
    { status: 401, body: { error: "invalid_signature", errorCode: "invalid_signature", errorDescription: "Bad signature." } },
    new TypeError("fetch failed"),
    { status: 404, text: "<html>Not Found</html>" },
  );
  await device.push.addCredential({ token: "t" });
  assert.deepEqual(await device.push.removeCredential(), { error: "Bad signature.", errorCode: "invalid_signature" });
  assert.deepEqual(await device.push.removeCredential(), { error: "fetch failed", errorCode: "network_error" });
  assert.deepEqual(await device.push.removeCredential(), { error: "Unexpected HTTP 404 answer", errorCode: "http_error" });
  assert.notEqual(await keyStore.load("push"), null);
});

test("push.getChallenge answers null when there is no pending challenge", async () => {
  const { device, requests, keyStore } = testDevice(
    { body: CREDENTIAL_BODY },
    { body: { userAuthenticatorId: "ua_1", challengeId: null } },
    { body: { userAuthenticatorId: "ua_1" } },
  );
  await device.push.addCredential({ token: "t" });
  assert.deepEqual(await device.push.getChallenge(), { data: null });
  assert.deepEqual(await device.push.getChallenge(), { data: null });
  const publicKey = await storedPublicKey(keyStore, "push");
  assert.deepEqual(requests[1], {
    url: `${BASE_URL}/client/user-authenticators/push/challenge?publicKey=${publicKeyParam(publicKey)}`,
    method: "GET",
    headers: expectedHeaders(DEVICE_AUTH, false),
    body: undefined,
  });
});

test("push.getChallenge returns the challenge, passing number-matching fields through", async () => {
  const challenge = {
    challengeId: "ch_1",
    userId: "user-1",
    actionCode: "signIn",
    idempotencyKey: "idem-1",
    deviceId: "dev-1",
    userAgent: "Firefox",
    ipAddress: "203.0.113.9",
    expiresAt: 1_800_000_000_000,
    verificationCodeRequired: true,
    verificationCodeChoices: ["12", "34", "56"],
  };
  const { device } = testDevice({ body: CREDENTIAL_BODY }, { body: { userAuthenticatorId: "ua_1", unknownField: 1, ...challenge } });
  await device.push.addCredential({ token: "t" });
  assert.deepEqual(await device.push.getChallenge(), { data: challenge });
});

test("push.getChallenge({ withCustomData }) signs the server's nonce into X-Authsignal-Signature", async () => {
  const { device, requests, keyStore } = testDevice(
    { body: CREDENTIAL_BODY },
    { body: { message: "nonce-abc" } },
    { body: { userAuthenticatorId: "ua_1", challengeId: "ch_1", userId: "user-1", custom: { amount: 42 } } },
  );
  await device.push.addCredential({ token: "t" });
  const result = await device.push.getChallenge({ withCustomData: true });
  assert.deepEqual(result, { data: { challengeId: "ch_1", userId: "user-1", custom: { amount: 42 } } });
  const publicKey = await storedPublicKey(keyStore, "push");
  const query = `?publicKey=${publicKeyParam(publicKey)}`;
  assert.deepEqual(requests[1], {
    url: `${BASE_URL}/client/user-authenticators/push/challenge/sign${query}`,
    method: "POST",
    headers: expectedHeaders(DEVICE_AUTH, false),
    body: undefined,
  });
  assert.equal(requests[2]?.url, `${BASE_URL}/client/user-authenticators/push/challenge${query}`);
  assert.equal(requests[2]?.method, "GET");
  const signature = requests[2]?.headers["x-authsignal-signature"] ?? "";
  assert.deepEqual(requests[2]?.headers, expectedHeaders(DEVICE_AUTH, false, { "x-authsignal-signature": signature }));
  assert.ok(verifyDer(publicKey, "nonce-abc", signature));
});

test("push.getChallenge({ withCustomData }) stops when the nonce request fails", async () => {
  const { device, requests } = testDevice({ body: CREDENTIAL_BODY }, { status: 500, body: { error: "internal_error" } });
  await device.push.addCredential({ token: "t" });
  assert.deepEqual(await device.push.getChallenge({ withCustomData: true }), { error: "internal_error", errorCode: "internal_error" });
  assert.equal(requests.length, 2);
});

test("push.updateChallenge signs the challenge id and posts the answer", async () => {
  const { device, requests, keyStore } = testDevice({ body: CREDENTIAL_BODY }, { body: { isVerified: true } }, { body: { isVerified: false } });
  await device.push.addCredential({ token: "t" });
  const publicKey = await storedPublicKey(keyStore, "push");
  assert.deepEqual(await device.push.updateChallenge({ challengeId: "ch_1", approved: true, verificationCode: "34" }), { data: { isVerified: true } });
  assert.deepEqual(await device.push.updateChallenge({ challengeId: "ch_2", approved: false, verificationCode: null }), { data: { isVerified: false } });
  for (const [index, challengeId, approved, extra] of [[1, "ch_1", true, { verificationCode: "34" }], [2, "ch_2", false, {}]] as const) {
    const request = requests[index];
    assert.equal(request?.url, `${BASE_URL}/client/user-authenticators/push/challenge`);
    assert.equal(request?.method, "POST");
    assert.deepEqual(request?.headers, expectedHeaders(DEVICE_AUTH, true));
    const body = request?.body as Record<string, unknown>;
    assert.deepEqual(body, { challengeId, publicKey, approved, signature: body.signature, ...extra });
    assert.ok(verifyDer(publicKey, challengeId, String(body.signature)));
  }
});

test("push.updateCredential gets a message to sign, then PATCHes the signed update", async () => {
  const updated = { userAuthenticatorId: "ua_1", userId: "user-1", lastVerifiedAt: "2025-02-01T00:00:00.000Z", pushToken: "fcm-2", expiresAt: "2026-02-01T00:00:00.000Z" };
  const { device, requests, keyStore } = testDevice({ body: CREDENTIAL_BODY }, { body: { challengeId: "upd_1", message: "sign-me" } }, { body: updated });
  await device.push.addCredential({ token: "t" });
  const result = await device.push.updateCredential({ pushToken: "fcm-2", resetExpiry: true });
  assert.deepEqual(result, {
    data: { credentialId: "ua_1", userId: "user-1", lastAuthenticatedAt: "2025-02-01T00:00:00.000Z", pushToken: "fcm-2", expiresAt: "2026-02-01T00:00:00.000Z" },
  });
  const publicKey = await storedPublicKey(keyStore, "push");
  assert.deepEqual(requests[1], {
    url: `${BASE_URL}/client/user-authenticators/push/sign?publicKey=${publicKeyParam(publicKey)}`,
    method: "POST",
    headers: expectedHeaders(DEVICE_AUTH, false),
    body: undefined,
  });
  const body = requests[2]?.body as Record<string, unknown>;
  assert.equal(requests[2]?.url, `${BASE_URL}/client/user-authenticators/push`);
  assert.equal(requests[2]?.method, "PATCH");
  assert.deepEqual(requests[2]?.headers, expectedHeaders(DEVICE_AUTH, true));
  assert.deepEqual(body, { challengeId: "upd_1", publicKey, signature: body.signature, pushToken: "fcm-2", resetExpiry: true });
  assert.ok(verifyDer(publicKey, "sign-me", String(body.signature)));
});

test("push.updateCredential treats a sign answer without message as invalid_response", async () => {
  const { device, requests } = testDevice({ body: CREDENTIAL_BODY }, { body: { challengeId: "upd_1" } });
  await device.push.addCredential({ token: "t" });
  const result = await device.push.updateCredential();
  assert.equal(result.errorCode, "invalid_response");
  assert.equal(requests.length, 2);
});

test("push.updateChallenge sends denyReason with a denial, and only when given", async () => {
  const { device, requests, keyStore } = testDevice(
    { body: CREDENTIAL_BODY },
    { body: { isVerified: false } },
    { body: { isVerified: false } },
    { body: { isVerified: false } },
  );
  await device.push.addCredential({ token: "t" });
  const publicKey = await storedPublicKey(keyStore, "push");
  assert.deepEqual(await device.push.updateChallenge({ challengeId: "ch_1", approved: false, denyReason: "not_me" }), { data: { isVerified: false } });
  assert.deepEqual(await device.push.updateChallenge({ challengeId: "ch_2", approved: false, denyReason: "cancelled" }), { data: { isVerified: false } });
  assert.deepEqual(await device.push.updateChallenge({ challengeId: "ch_3", approved: false, denyReason: null }), { data: { isVerified: false } });
  for (const [index, challengeId, extra] of [[1, "ch_1", { denyReason: "not_me" }], [2, "ch_2", { denyReason: "cancelled" }], [3, "ch_3", {}]] as const) {
    const request = requests[index];
    assert.equal(request?.url, `${BASE_URL}/client/user-authenticators/push/challenge`);
    assert.equal(request?.method, "POST");
    assert.deepEqual(request?.headers, expectedHeaders(DEVICE_AUTH, true));
    const body = request?.body as Record<string, unknown>;
    assert.deepEqual(body, { challengeId, publicKey, approved: false, signature: body.signature, ...extra });
    assert.ok(verifyDer(publicKey, challengeId, String(body.signature)));
  }
});

test("push.waitForChallenge long-polls with Prefer: wait=25 by default and returns the challenge", async () => {
  const { device, requests, keyStore } = testDevice(
    { body: CREDENTIAL_BODY },
    { body: { userAuthenticatorId: "ua_1", challengeId: "ch_1", userId: "user-1", actionCode: "signIn" } },
    { body: { userAuthenticatorId: "ua_1", challengeId: null } },
  );
  await device.push.addCredential({ token: "t" });
  assert.deepEqual(await device.push.waitForChallenge(), { data: { challengeId: "ch_1", userId: "user-1", actionCode: "signIn" } });
  assert.deepEqual(await device.push.waitForChallenge({ waitSeconds: 5 }), { data: null }, "no challenge after the wait");
  const publicKey = await storedPublicKey(keyStore, "push");
  const url = `${BASE_URL}/client/user-authenticators/push/challenge?publicKey=${publicKeyParam(publicKey)}`;
  assert.deepEqual(requests.slice(1), [
    { url, method: "GET", headers: expectedHeaders(DEVICE_AUTH, false, { prefer: "wait=25" }), body: undefined },
    { url, method: "GET", headers: expectedHeaders(DEVICE_AUTH, false, { prefer: "wait=5" }), body: undefined },
  ]);
});

test("push.getChallenge({ waitSeconds }) is the same long poll; fractions round down, 0 is sent as is", async () => {
  const none = { body: { userAuthenticatorId: "ua_1", challengeId: null } };
  const { device, requests } = testDevice({ body: CREDENTIAL_BODY }, none, none, none);
  await device.push.addCredential({ token: "t" });
  assert.deepEqual(await device.push.getChallenge({ waitSeconds: 30 }), { data: null });
  assert.deepEqual(await device.push.getChallenge({ waitSeconds: 2.9 }), { data: null });
  assert.deepEqual(await device.push.waitForChallenge({ waitSeconds: 0 }), { data: null });
  assert.deepEqual(requests.slice(1).map((r) => r.headers.prefer), ["wait=30", "wait=2", "wait=0"]);
});

test("push.waitForChallenge({ withCustomData }) signs the nonce, then waits with both headers", async () => {
  const { device, requests, keyStore } = testDevice(
    { body: CREDENTIAL_BODY },
    { body: { message: "nonce-xyz" } },
    { body: { userAuthenticatorId: "ua_1", challengeId: "ch_1", userId: "user-1", custom: { amount: 7 } } },
  );
  await device.push.addCredential({ token: "t" });
  const result = await device.push.waitForChallenge({ withCustomData: true, waitSeconds: 10 });
  assert.deepEqual(result, { data: { challengeId: "ch_1", userId: "user-1", custom: { amount: 7 } } });
  const publicKey = await storedPublicKey(keyStore, "push");
  const query = `?publicKey=${publicKeyParam(publicKey)}`;
  assert.deepEqual(requests[1], {
    url: `${BASE_URL}/client/user-authenticators/push/challenge/sign${query}`,
    method: "POST",
    headers: expectedHeaders(DEVICE_AUTH, false),
    body: undefined,
  });
  const signature = requests[2]?.headers["x-authsignal-signature"] ?? "";
  assert.deepEqual(requests[2], {
    url: `${BASE_URL}/client/user-authenticators/push/challenge${query}`,
    method: "GET",
    headers: expectedHeaders(DEVICE_AUTH, false, { "x-authsignal-signature": signature, prefer: "wait=10" }),
    body: undefined,
  });
  assert.ok(verifyDer(publicKey, "nonce-xyz", signature));
});

test("push.waitForChallenge resolves to aborted when its signal aborts mid-wait", async () => {
  const { device, requests } = testDevice({ body: CREDENTIAL_BODY }, { hang: true });
  await device.push.addCredential({ token: "t" });
  const controller = new AbortController();
  const waiting = device.push.waitForChallenge({ signal: controller.signal });
  setTimeout(() => controller.abort(), 20);
  const result = await waiting;
  assert.equal(result.errorCode, "aborted");
  assert.equal(typeof result.error, "string");
  assert.equal(requests.length, 2, "the wait was sent, then aborted");
});

test("push.waitForChallenge with an already aborted signal makes no request", async () => {
  const { device, requests } = testDevice({ body: CREDENTIAL_BODY });
  await device.push.addCredential({ token: "t" });
  const result = await device.push.waitForChallenge({ signal: AbortSignal.abort(new Error("user left the screen")) });
  assert.deepEqual(result, { error: "user left the screen", errorCode: "aborted" });
  assert.equal(requests.length, 1);
});

test("push.waitForChallenge refuses a negative or non-finite waitSeconds without a request", async () => {
  const { device, requests } = testDevice({ body: CREDENTIAL_BODY });
  await device.push.addCredential({ token: "t" });
  for (const waitSeconds of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
    const result = await device.push.waitForChallenge({ waitSeconds });
    assert.equal(result.errorCode, "invalid_input", String(waitSeconds));
  }
  assert.equal(requests.length, 1);
});

test("push.waitForChallenge without a key answers no_credential", async () => {
  const { device, requests } = testDevice();
  assert.equal((await device.push.waitForChallenge()).errorCode, "no_credential");
  assert.equal(requests.length, 0);
});
