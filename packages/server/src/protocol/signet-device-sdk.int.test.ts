import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryKeyStore, SignetDevice } from "@signet/device";
import type { KeyStore } from "@signet/device";
import { FileKeyStore } from "@signet/device/node";
import { startTestServer, type TestServer } from "../testing/test-server.js";
import { basicAuth, call, serverAuth } from "../testing/test-keys.js";

// End to end with Signet's own device SDK (@signet/device): push (polling and long polling),
// number matching, "this wasn't me", in-app, QR code, credential removal and the file key store,
// against the real server. The browser and kiosk sides are plain fetch calls.
let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.close());

/** A phone with its own keys; `statuses` records every HTTP status the SDK got. */
function newDevice(keyStore: KeyStore = new MemoryKeyStore()) {
  const statuses: number[] = [];
  const device = new SignetDevice({
    tenantId: server.tenantId,
    baseUrl: server.apiUrl,
    keyStore,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      statuses.push(response.status);
      return response;
    },
  });
  return { device, statuses };
}

const backend = (path: string, body: unknown) => call(`${server.apiUrl}${path}`, { auth: serverAuth(server.apiSecretKey), body });
const admin = (path: string, init: { method?: string; body?: unknown } = {}) => call(`${server.origin}/admin/v1${path}`, { auth: `Bearer ${server.adminToken}`, ...init });
const setTenant = async (body: object) => assert.equal((await admin(`/tenants/${server.tenantId}`, { method: "PATCH", body })).status, 200);
const kioskAuth = () => basicAuth(encodeURIComponent(server.tenantId));

/** Backend: track an action for the user; returns the track token and idempotency key. */
async function track(userId: string, action: string, body: object = {}) {
  const r = await backend(`/users/${userId}/actions/${action}`, body);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return { token: r.body.token as string, idempotencyKey: r.body.idempotencyKey as string };
}
const enrolToken = async (userId: string) => (await track(userId, "enroll", { scope: "add:authenticators" })).token;

/** Browser: start a push challenge with the track token. */
const startPush = (token: string) => call(`${server.apiUrl}/client/challenge/push`, { auth: `Bearer ${token}`, body: {} });
const verifyPush = async (token: string, challengeId: string) =>
  (await call(`${server.apiUrl}/client/verify/push`, { auth: `Bearer ${token}`, body: { challengeId } })).body;
const validate = async (token: string) => (await backend("/validate", { token })).body;

/** A device enrolled for push for `userId`. */
async function pushDevice(userId: string, keyStore?: KeyStore) {
  const phone = newDevice(keyStore);
  const added = await phone.device.push.addCredential({ token: await enrolToken(userId), devicePlatform: "android" });
  assert.ok(added.data, JSON.stringify(added));
  assert.equal(added.data.userId, userId);
  return { ...phone, credentialId: added.data.credentialId };
}

test("push: enrol, the browser starts a sign-in, the device sees and approves it, the backend validates once", async () => {
  const { device, credentialId } = await pushDevice("ada");
  assert.deepEqual(await device.push.getChallenge(), { data: null }, "nothing pending yet");

  // The backend passes the browser's context to track; the device shows it.
  const { token } = await track("ada", "signIn", { ipAddress: "198.51.100.7", userAgent: "Firefox/130.0" });
  const started = await startPush(token);
  assert.equal(started.status, 200, JSON.stringify(started.body));
  const { challengeId } = started.body;
  assert.equal(typeof challengeId, "string");
  assert.equal(started.body.verificationCode, undefined, "number matching is off by default");

  const seen = await device.push.getChallenge();
  assert.ok(seen.data, JSON.stringify(seen));
  assert.equal(seen.data.challengeId, challengeId);
  assert.equal(seen.data.userId, "ada");
  assert.equal(seen.data.actionCode, "signIn");
  assert.equal(seen.data.ipAddress, "198.51.100.7");
  assert.equal(seen.data.userAgent, "Firefox/130.0");
  assert.equal(seen.data.verificationCodeRequired, undefined);

  assert.deepEqual(await verifyPush(token, challengeId), { isVerified: false, isConsumed: false }, "pending");
  assert.deepEqual(await device.push.updateChallenge({ challengeId, approved: true }), { data: { isVerified: true } });
  const verified = await verifyPush(token, challengeId);
  assert.equal(verified.isVerified, true);
  assert.equal(verified.isConsumed, true);
  assert.equal(typeof verified.accessToken, "string");

  const first = await validate(verified.accessToken);
  assert.equal(first.isValid, true);
  assert.equal(first.userId, "ada");
  assert.equal(first.actionCode, "signIn");
  assert.equal(first.verificationMethod, "PUSH");
  assert.equal((await validate(verified.accessToken)).isValid, false, "a token validates once");

  assert.deepEqual(await device.push.getChallenge(), { data: null }, "nothing pending once answered");
  const credential = await device.push.getCredential();
  assert.equal(credential.data?.credentialId, credentialId);
  assert.equal(typeof credential.data?.lastAuthenticatedAt, "string", "lastVerifiedAt set by the approval");
});

test("push.waitForChallenge resolves as soon as the browser starts a challenge", async () => {
  const { device } = await pushDevice("bea");
  const { token } = await track("bea", "signIn");
  let settled = false;
  const waitStarted = Date.now();
  const waiting = device.push.waitForChallenge({ waitSeconds: 20 }).finally(() => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(settled, false, "the server holds the request while nothing is pending");

  const challengeStarted = Date.now();
  const started = await startPush(token);
  assert.equal(started.status, 200);
  const result = await waiting;
  const latency = Date.now() - challengeStarted;
  assert.ok(result.data, JSON.stringify(result));
  assert.equal(result.data.challengeId, started.body.challengeId);
  assert.equal(result.data.actionCode, "signIn");
  assert.ok(latency < 2000, `answered ${latency} ms after the challenge started`);
  assert.ok(Date.now() - waitStarted < 10_000);
  assert.deepEqual(await device.push.updateChallenge({ challengeId: result.data.challengeId, approved: true }), { data: { isVerified: true } });
});

test("push.waitForChallenge answers null after the wait, and honours an AbortSignal", async () => {
  const { device } = await pushDevice("cleo");
  const t0 = Date.now();
  assert.deepEqual(await device.push.waitForChallenge({ waitSeconds: 1 }), { data: null });
  const waited = Date.now() - t0;
  assert.ok(waited >= 900 && waited < 5000, `waited ${waited} ms`);

  const controller = new AbortController();
  const t1 = Date.now();
  setTimeout(() => controller.abort(), 200);
  const aborted = await device.push.waitForChallenge({ waitSeconds: 20, signal: controller.signal });
  assert.equal(aborted.errorCode, "aborted", JSON.stringify(aborted));
  assert.ok(Date.now() - t1 < 5000, "the abort ends the wait");

  // The server is fine afterwards: a challenge started now is seen by the next wait at once.
  const { token } = await track("cleo", "signIn");
  const started = await startPush(token);
  const next = await device.push.waitForChallenge({ waitSeconds: 20 });
  assert.equal(next.data?.challengeId, started.body.challengeId);
});

test("number matching (choices): the device picks among three codes; a wrong pick fails at once", async () => {
  await setTenant({ numberMatching: "choices" });
  try {
    const { device, statuses } = await pushDevice("dora");

    const first = await track("dora", "signIn");
    const started = await startPush(first.token);
    const code = started.body.verificationCode as string;
    assert.match(code, /^\d\d$/, "the browser shows the code");
    const seen = await device.push.getChallenge();
    assert.ok(seen.data, JSON.stringify(seen));
    assert.equal(seen.data.verificationCodeRequired, true);
    assert.equal(seen.data.verificationCodeChoices?.length, 3);
    assert.ok(seen.data.verificationCodeChoices?.includes(code), "one of the choices is right");
    assert.ok(!("verificationCode" in seen.data), "the device is never told the code");
    const approved = await device.push.updateChallenge({ challengeId: seen.data.challengeId, approved: true, verificationCode: code });
    assert.deepEqual(approved, { data: { isVerified: true } });
    assert.equal((await verifyPush(first.token, seen.data.challengeId)).isVerified, true);

    const second = await track("dora", "signIn");
    const again = await startPush(second.token);
    const right = again.body.verificationCode as string;
    const choices = (await device.push.getChallenge()).data?.verificationCodeChoices ?? [];
    const wrong = choices.find((c) => c !== right);
    assert.ok(wrong !== undefined, JSON.stringify(choices));
    const challengeId = again.body.challengeId as string;
    assert.deepEqual(await device.push.updateChallenge({ challengeId, approved: true, verificationCode: wrong }), { data: { isVerified: false } });
    assert.deepEqual(await verifyPush(second.token, challengeId), { isVerified: false, isConsumed: true }, "consumed, not verified");
    const retry = await device.push.updateChallenge({ challengeId, approved: true, verificationCode: right });
    assert.equal(retry.errorCode, "challenge_already_answered", JSON.stringify(retry));
    assert.equal(statuses.at(-1), 409);
    const state = await call(`${server.apiUrl}/users/dora/actions/signIn/${second.idempotencyKey}`, { auth: serverAuth(server.apiSecretKey) });
    assert.equal(state.body.state, "CHALLENGE_FAILED");

    // QR-code challenges match numbers too: the claim carries the choices.
    const qr = newDevice();
    assert.ok((await qr.device.qrCode.addCredential({ token: await enrolToken("dora") })).data);
    const kiosk = await call(`${server.apiUrl}/client/challenge/qr-code`, { auth: kioskAuth(), body: { action: "kioskLogin" } });
    assert.equal(kiosk.status, 200, JSON.stringify(kiosk.body));
    const claim = await qr.device.qrCode.claimChallenge({ challengeId: kiosk.body.challengeId });
    assert.equal(claim.data?.verificationCodeRequired, true);
    assert.ok(claim.data?.verificationCodeChoices?.includes(kiosk.body.verificationCode), JSON.stringify(claim));
    const qrAnswer = await qr.device.qrCode.updateChallenge({ challengeId: kiosk.body.challengeId, approved: true, verificationCode: kiosk.body.verificationCode });
    assert.deepEqual(qrAnswer, { data: { isVerified: true } });
  } finally {
    await setTenant({ numberMatching: "off" });
  }
});

test('denyReason "not_me" pauses push for the user (429); a plain "cancelled" denial does not', async () => {
  const { device } = await pushDevice("eve");
  const { token } = await track("eve", "signIn");
  const { challengeId } = (await startPush(token)).body;
  assert.equal((await device.push.getChallenge()).data?.challengeId, challengeId);
  assert.deepEqual(await device.push.updateChallenge({ challengeId, approved: false, denyReason: "not_me" }), { data: { isVerified: false } });
  assert.deepEqual(await verifyPush(token, challengeId), { isVerified: false, isConsumed: true });
  const next = await startPush((await track("eve", "signIn")).token);
  assert.equal(next.status, 429, JSON.stringify(next.body));
  assert.equal(next.body.errorCode, "too_many_requests");

  const other = await pushDevice("fay");
  const t = await track("fay", "signIn");
  const c = (await startPush(t.token)).body.challengeId as string;
  assert.deepEqual(await other.device.push.updateChallenge({ challengeId: c, approved: false, denyReason: "cancelled" }), { data: { isVerified: false } });
  assert.equal((await startPush((await track("fay", "signIn")).token)).status, 200, "one plain denial is no fraud report");
});

test("in-app: verify with device credentials, and with a track token bound to the tracked action", async () => {
  const { device } = newDevice();
  const added = await device.inApp.addCredential({ token: await enrolToken("gus"), deviceName: "Gus's phone" });
  assert.ok(added.data, JSON.stringify(added));

  const verified = await device.inApp.verify({ action: "confirmPayment" });
  assert.ok(verified.data, JSON.stringify(verified));
  assert.equal(verified.data.userId, "gus");
  assert.equal(verified.data.userAuthenticatorId, added.data.credentialId);
  const checked = await validate(verified.data.token);
  assert.equal(checked.isValid, true);
  assert.equal(checked.userId, "gus");
  assert.equal(checked.actionCode, "confirmPayment");
  assert.equal(checked.verificationMethod, "DEVICE");
  assert.equal((await validate(verified.data.token)).isValid, false);

  const tracked = await track("gus", "approveTransfer");
  const bound = await device.inApp.verify({ token: tracked.token });
  assert.ok(bound.data, JSON.stringify(bound));
  const boundCheck = await validate(bound.data.token);
  assert.equal(boundCheck.isValid, true);
  assert.equal(boundCheck.actionCode, "approveTransfer");
  assert.equal(boundCheck.idempotencyKey, tracked.idempotencyKey, "the tracked action itself succeeded");
  const state = await call(`${server.apiUrl}/users/gus/actions/approveTransfer/${tracked.idempotencyKey}`, { auth: serverAuth(server.apiSecretKey) });
  assert.equal(state.body.state, "CHALLENGE_SUCCEEDED");
  assert.equal(state.body.verificationMethod, "DEVICE");
});

test("QR code: a kiosk shows a code, the device claims and approves it, the kiosk gets a token for the device's user", async () => {
  const { device } = newDevice();
  const added = await device.qrCode.addCredential({ token: await enrolToken("hal") });
  assert.ok(added.data, JSON.stringify(added));

  const kiosk = await call(`${server.apiUrl}/client/challenge/qr-code`, { auth: kioskAuth(), body: { action: "kioskLogin" }, headers: { "user-agent": "Kiosk/1.0" } });
  assert.equal(kiosk.status, 200, JSON.stringify(kiosk.body));
  const { challengeId, deviceCode } = kiosk.body;
  assert.equal(typeof deviceCode, "string");
  const poll = async () => (await call(`${server.apiUrl}/client/verify/qr-code`, { auth: kioskAuth(), body: { challengeId, deviceCode } })).body;
  assert.deepEqual(await poll(), { isClaimed: false, isConsumed: false, isVerified: false });

  const claim = await device.qrCode.claimChallenge({ challengeId });
  assert.ok(claim.data, JSON.stringify(claim));
  assert.equal(claim.data.success, true);
  assert.equal(claim.data.ipAddress, "127.0.0.1");
  assert.equal(claim.data.userAgent, "Kiosk/1.0");
  assert.equal(claim.data.actionCode, "kioskLogin");
  assert.equal(claim.data.verificationCodeRequired, undefined);
  assert.deepEqual(await poll(), { isClaimed: true, isConsumed: false, isVerified: false });

  assert.deepEqual(await device.qrCode.updateChallenge({ challengeId, approved: true }), { data: { isVerified: true } });
  const done = await poll();
  assert.equal(done.isVerified, true);
  assert.equal(done.isConsumed, true);
  assert.equal(typeof done.accessToken, "string");
  const checked = await validate(done.accessToken);
  assert.equal(checked.isValid, true);
  assert.equal(checked.userId, "hal");
  assert.equal(checked.actionCode, "kioskLogin");
  assert.equal(checked.verificationMethod, "QR_CODE");

  // Another device cannot claim a challenge already claimed.
  const intruder = newDevice();
  assert.ok((await intruder.device.qrCode.addCredential({ token: await enrolToken("ian") })).data);
  const second = (await call(`${server.apiUrl}/client/challenge/qr-code`, { auth: kioskAuth(), body: { action: "kioskLogin" } })).body;
  assert.ok((await device.qrCode.claimChallenge({ challengeId: second.challengeId })).data);
  assert.equal((await intruder.device.qrCode.claimChallenge({ challengeId: second.challengeId })).errorCode, "challenge_already_answered");
  assert.deepEqual(await device.qrCode.updateChallenge({ challengeId: second.challengeId, approved: false, denyReason: "cancelled" }), { data: { isVerified: false } });
});

test("removeCredential for each method: the server forgets it, the local key is gone", async () => {
  const { device } = await pushDevice("jo");
  assert.ok((await device.inApp.addCredential({ token: await enrolToken("jo") })).data);
  assert.ok((await device.qrCode.addCredential({ token: await enrolToken("jo") })).data);
  const listed = async () => (await call(`${server.apiUrl}/users/jo/authenticators`, { auth: serverAuth(server.apiSecretKey) })).body as { verificationMethod: string }[];
  assert.deepEqual((await listed()).map((a) => a.verificationMethod).sort(), ["DEVICE", "PUSH", "QR_CODE"]);

  for (const method of [device.push, device.inApp, device.qrCode]) {
    assert.ok((await method.getCredential()).data);
    assert.deepEqual(await method.removeCredential(), { data: true });
    const gone = await method.getCredential();
    assert.equal(gone.errorCode, "no_credential", JSON.stringify(gone));
  }
  assert.deepEqual(await listed(), []);
  const { token } = await track("jo", "signIn");
  assert.equal((await startPush(token)).body.errorCode, "credential_not_found", "no push authenticator left");
});

test("FileKeyStore: a second SignetDevice on the same directory is the same device", async () => {
  const dir = mkdtempSync(join(tmpdir(), "signet-device-keys-"));
  try {
    const first = await pushDevice("kim", new FileKeyStore(dir));
    const second = newDevice(new FileKeyStore(dir)).device;
    assert.equal((await second.push.getCredential()).data?.credentialId, first.credentialId);

    const { token } = await track("kim", "signIn");
    const { challengeId } = (await startPush(token)).body;
    assert.equal((await second.push.getChallenge()).data?.challengeId, challengeId);
    assert.deepEqual(await second.push.updateChallenge({ challengeId, approved: true }), { data: { isVerified: true } });
    assert.equal((await verifyPush(token, challengeId)).isVerified, true);

    assert.deepEqual(await second.push.removeCredential(), { data: true });
    assert.equal((await first.device.push.getCredential()).errorCode, "no_credential", "the key file is gone for both");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
