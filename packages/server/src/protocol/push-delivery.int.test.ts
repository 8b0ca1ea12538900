import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestServer, type TestServer } from "../testing/test-server.js";
import { call, newTestKey, serverAuth } from "../testing/test-keys.js";
import { newApnsKey, startFakeApns, type FakeApns } from "../testing/fakes/fake-apns.js";
import { fcmTestServiceAccount, startFakeFcm, type FakeFcm } from "../testing/fakes/fake-fcm.js";

// Direct push delivery through the whole service: providers configured per tenant through the admin
// API (sealed at rest, shown without secrets), the device's platform picks the provider, the push
// payload carries only the challenge id and a generic title, dead tokens are forgotten.
let server: TestServer;
let apns: FakeApns;
let fcm: FakeFcm;
const IOS_TOKEN = "a1".repeat(32);
const ANDROID_TOKEN = "fcm-registration-token-1";

before(async () => {
  server = await startTestServer();
  const apnsKey = newApnsKey();
  apns = await startFakeApns({ teamId: "TEAM123456", keyId: "KEY1234567", publicKey: apnsKey.publicKey, topic: "com.example.bank" });
  fcm = await startFakeFcm();
  const { account, publicKey } = fcmTestServiceAccount(fcm.tokenUri);
  fcm.trust(publicKey);
  const admin = (kind: string, body: object) => call(`${server.origin}/admin/v1/tenants/${server.tenantId}/push-providers/${kind}`, { method: "PUT", auth: `Bearer ${server.adminToken}`, body });
  const a = await admin("apns", { teamId: "TEAM123456", keyId: "KEY1234567", privateKeyPem: apnsKey.privateKeyPem, topic: "com.example.bank", production: false, baseUrl: apns.url });
  assert.equal(a.status, 200, JSON.stringify(a.body));
  const f = await admin("fcm", { serviceAccount: account, baseUrl: fcm.url });
  assert.equal(f.status, 200, JSON.stringify(f.body));
});
after(async () => {
  await server?.close();
  await apns?.close();
  await fcm?.close();
});

async function enrol(userId: string, devicePlatform: string, pushToken?: string) {
  const { token } = (await call(`${server.apiUrl}/users/${userId}/actions/enroll`, { auth: serverAuth(server.apiSecretKey), body: { scope: "add:authenticators" } })).body;
  const r = await call(`${server.apiUrl}/client/user-authenticators/push`, { auth: `Bearer ${token}`, body: { publicKey: newTestKey().publicKey, devicePlatform, ...(pushToken ? { pushToken } : {}) } });
  assert.equal(r.status, 200);
  return r.body.userAuthenticatorId as string;
}
async function startPush(userId: string) {
  const { token } = (await call(`${server.apiUrl}/users/${userId}/actions/signIn`, { auth: serverAuth(server.apiSecretKey), body: { ipAddress: "198.51.100.9", custom: { secret: "s3cr3t" } } })).body;
  return (await call(`${server.apiUrl}/client/challenge/push`, { auth: `Bearer ${token}`, body: { action: "signIn" } })).body;
}

test("the providers are listed without their secrets", async () => {
  const list = (await call(`${server.origin}/admin/v1/tenants/${server.tenantId}/push-providers`, { auth: `Bearer ${server.adminToken}` })).body;
  assert.deepEqual(list.map((p: any) => p.kind).sort(), ["apns", "fcm"]);
  const text = JSON.stringify(list);
  assert.ok(!text.includes("PRIVATE KEY"), "no private key in the listing");
  assert.equal(list.find((p: any) => p.kind === "apns").teamId, "TEAM123456");
});

test("each device gets its notification through its platform's provider; deliveryResults say how it went", async () => {
  const ios = await enrol("una", "ios", IOS_TOKEN);
  const android = await enrol("una", "android", ANDROID_TOKEN);
  const silent = await enrol("una", "ios");
  const started = await startPush("una");
  const results = Object.fromEntries(started.deliveryResults.map((r: any) => [r.userAuthenticatorId, r.errorCode ?? "ok"]));
  assert.deepEqual(results, { [ios]: "ok", [android]: "ok", [silent]: "no_push_token" });

  const note = apns.received.at(-1)!;
  assert.equal(note.token, IOS_TOKEN);
  assert.equal(note.headers["apns-topic"], "com.example.bank");
  assert.equal(note.headers["apns-push-type"], "alert");
  const expiration = Number(note.headers["apns-expiration"]) - Date.now() / 1000;
  assert.ok(expiration > 290 && expiration <= 301, `apns-expiration is the challenge's expiry (5 minutes), got +${expiration}s`);
  assert.equal(note.body.challengeId, started.challengeId);
  const message = fcm.received.at(-1)!;
  assert.equal(message.token, ANDROID_TOKEN);
  assert.equal(message.data.challengeId, started.challengeId);
  for (const payload of [JSON.stringify(note.body), JSON.stringify(message)]) {
    for (const userData of ["una", "signIn", "198.51.100.9", "s3cr3t"]) assert.ok(!payload.includes(userData), `no user data (${userData}) in ${payload}`);
  }
});

test("a token the service calls dead is forgotten; a delivery failure never fails the challenge", async () => {
  const android = await enrol("vera", "android", "fcm-registration-token-dead");
  fcm.markDead("fcm-registration-token-dead");
  const started = await startPush("vera");
  assert.equal(typeof started.challengeId, "string", "the challenge exists anyway");
  assert.deepEqual(started.deliveryResults, [{ userAuthenticatorId: android, errorCode: "unregistered" }]);
  const detail = (await call(`${server.origin}/admin/v1/tenants/${server.tenantId}/users/vera`, { auth: `Bearer ${server.adminToken}` })).body;
  assert.equal(detail.authenticators[0].hasPushToken, false);
});

test("a bad provider configuration is refused with the field named, and nothing is stored", async () => {
  const r = await call(`${server.origin}/admin/v1/tenants/${server.tenantId}/push-providers/apns`, {
    method: "PUT",
    auth: `Bearer ${server.adminToken}`,
    body: { teamId: "TEAM123456", keyId: "KEY1234567", privateKeyPem: "not a key", topic: "com.example.bank" },
  });
  assert.equal(r.status, 400);
  assert.match(r.body.errorDescription, /privateKeyPem/);
  const list = (await call(`${server.origin}/admin/v1/tenants/${server.tenantId}/push-providers`, { auth: `Bearer ${server.adminToken}` })).body;
  assert.equal(list.find((p: any) => p.kind === "apns").teamId, "TEAM123456");
  const web = await call(`${server.origin}/admin/v1/tenants/${server.tenantId}/push-providers/webpush`, { method: "PUT", auth: `Bearer ${server.adminToken}`, body: { subject: "mailto:security@example.com" } });
  assert.equal(web.status, 200, JSON.stringify(web.body));
  assert.match(web.body.vapidPublicKey, /^[A-Za-z0-9_-]{80,}$/, "VAPID keys generated; only the public one shown");
  assert.ok(!JSON.stringify(web.body).includes("vapidPrivateKey"));
});
