import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { FcmProvider, type FcmOptions, type FcmServiceAccount } from "./fcm-provider.js";
import { fcmTestServiceAccount, startFakeFcm } from "../../testing/fakes/fake-fcm.js";

const TOKEN = "fcm-registration-token:APA91b" + "x".repeat(40);

/** A fake, a service account it trusts and a provider, sharing one movable clock. */
async function setup(overrides: Partial<FcmOptions> = {}) {
  let now = Date.UTC(2026, 0, 1, 12);
  const clock = () => now;
  const fake = await startFakeFcm({ clock, clientEmail: "signet-push@signet-test.iam.gserviceaccount.com" });
  const { account, publicKey } = fcmTestServiceAccount(fake.tokenUri);
  fake.trust(publicKey);
  const provider = new FcmProvider({ serviceAccount: account as unknown as FcmServiceAccount, baseUrl: fake.url, clock, ...overrides });
  const message = () => ({ challengeId: "chl_0123", title: "Sign-in request", expiresAt: now + 120_000 });
  const send = (pushToken = TOKEN) => provider.send({ pushToken, platform: "android" }, message());
  const cleanup = async () => {
    await provider.close();
    await fake.close();
  };
  return { fake, account, provider, send, advance: (ms: number) => void (now += ms), cleanup };
}

test("FCM: delivers a high-priority message with only the challenge id and the generic title", async () => {
  const { fake, send, cleanup } = await setup();
  try {
    assert.deepEqual(await send(), { ok: true });
    assert.deepEqual(fake.received, [
      { token: TOKEN, data: { challengeId: "chl_0123" }, notification: { title: "Sign-in request" }, android: { priority: "high", ttl: "120s" } },
    ]);
    assert.match(String(fake.requests[0]!.headers.authorization), /^Bearer ya29\.fake-/);
  } finally {
    await cleanup();
  }
});

test("FCM: the access token is cached until a minute before it expires", async () => {
  const { fake, send, advance, cleanup } = await setup();
  try {
    await Promise.all([send(), send(), send()]);
    assert.equal(fake.tokenRequests, 1, "concurrent sends share one token exchange");
    advance(3_600_000 - 61_000); // 61 s before expiry
    assert.deepEqual(await send(), { ok: true });
    assert.equal(fake.tokenRequests, 1);
    advance(2_000); // 59 s before expiry
    assert.deepEqual(await send(), { ok: true });
    assert.equal(fake.tokenRequests, 2);
    const bearers = fake.requests.map((r) => r.headers.authorization);
    assert.equal(new Set(bearers.slice(0, 4)).size, 1);
    assert.notEqual(bearers[4], bearers[0]);
  } finally {
    await cleanup();
  }
});

test("FCM: a 401 refreshes the access token once and retries", async () => {
  const { fake, send, cleanup } = await setup();
  try {
    assert.deepEqual(await send(), { ok: true });
    fake.revokeAccessTokens();
    assert.deepEqual(await send(), { ok: true });
    assert.equal(fake.tokenRequests, 2);
    assert.equal(fake.received.length, 2);
    const unauthenticated = { error: { code: 401, message: "Request had invalid authentication credentials.", status: "UNAUTHENTICATED" } };
    fake.failNext(401, unauthenticated);
    fake.failNext(401, unauthenticated);
    const refused = await send();
    assert.equal(refused.ok === false && refused.errorCode, "provider_rejected");
    assert.equal(refused.ok === false && refused.tokenDead, false);
    assert.equal(fake.tokenRequests, 3, "only one refresh per send");
  } finally {
    await cleanup();
  }
});

test("FCM: UNREGISTERED and an invalid registration token are dead", async () => {
  const { fake, send, cleanup } = await setup();
  try {
    fake.markDead(TOKEN);
    assert.deepEqual(await send(), {
      ok: false,
      errorCode: "unregistered",
      tokenDead: true,
      detail: "FCM 404 UNREGISTERED: Requested entity was not found.",
    });
    const invalid = await send("not a token");
    assert.deepEqual({ ...invalid, detail: undefined }, { ok: false, errorCode: "invalid_token", tokenDead: true, detail: undefined });
  } finally {
    await cleanup();
  }
});

test("FCM: INVALID_ARGUMENT about another field than the token does not kill the token", async () => {
  const { fake, send, cleanup } = await setup();
  try {
    fake.failNext(400, {
      error: {
        code: 400,
        message: "Invalid value at 'message.android.ttl'",
        status: "INVALID_ARGUMENT",
        details: [
          { "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", errorCode: "INVALID_ARGUMENT" },
          { "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: [{ field: "message.android.ttl" }] },
        ],
      },
    });
    const result = await send();
    assert.equal(result.ok === false && result.errorCode, "provider_rejected");
    assert.equal(result.ok === false && result.tokenDead, false);
  } finally {
    await cleanup();
  }
});

test("FCM: a service account key the token endpoint does not know is provider_rejected", async () => {
  const { fake, account, cleanup } = await setup();
  const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const provider = new FcmProvider({ serviceAccount: { ...(account as unknown as FcmServiceAccount), private_key: otherKey }, baseUrl: fake.url });
  try {
    const result = await provider.send({ pushToken: TOKEN, platform: "android" }, { challengeId: "c", title: "Sign-in request", expiresAt: Date.now() + 60_000 });
    assert.equal(result.ok, false);
    assert.equal(result.ok === false && result.errorCode, "provider_rejected");
    assert.equal(result.ok === false && result.tokenDead, false);
    assert.match(result.ok === false ? result.detail ?? "" : "", /^Google OAuth 400 invalid_grant/);
    assert.equal(fake.received.length, 0);
  } finally {
    await provider.close();
    await cleanup();
  }
});

test("FCM: 5xx and a closed port are provider_unavailable, silence a timeout", async () => {
  const { fake, send, cleanup } = await setup({ timeoutMs: 300 });
  try {
    fake.failNext(503, { error: { code: 503, message: "The service is currently unavailable.", status: "UNAVAILABLE" } });
    const unavailable = await send();
    assert.equal(unavailable.ok === false && unavailable.errorCode, "provider_unavailable");
    fake.hangNext();
    const silent = await send();
    assert.equal(silent.ok === false && silent.errorCode, "timeout");
    assert.deepEqual(await send(), { ok: true });
    await fake.close();
    const down = await send();
    assert.equal(down.ok === false && down.errorCode, "provider_unavailable");
    assert.equal(down.ok === false && down.tokenDead, false);
  } finally {
    await cleanup();
  }
});

test("FCM: an expired challenge is sent with a zero TTL, never a negative one", async () => {
  const { fake, provider, cleanup } = await setup();
  try {
    const result = await provider.send({ pushToken: TOKEN, platform: "android" }, { challengeId: "c", title: "Sign-in request", expiresAt: 0 });
    assert.deepEqual(result, { ok: true });
    assert.equal(fake.received[0]!.android.ttl, "0s");
  } finally {
    await cleanup();
  }
});
