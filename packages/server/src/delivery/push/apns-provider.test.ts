import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { ApnsProvider, type ApnsOptions } from "./apns-provider.js";
import { newApnsKey, startFakeApns, type FakeApns } from "../../testing/fakes/fake-apns.js";

const TEAM = "TEAM123456";
const KEY_ID = "KEY1234567";
const TOPIC = "com.example.signet";
const TOKEN = "a1".repeat(32);

/** A fake and a provider sharing one movable clock. */
async function setup(overrides: Partial<ApnsOptions> = {}) {
  let now = Date.UTC(2026, 0, 1, 12);
  const clock = () => now;
  const key = newApnsKey();
  const fake = await startFakeApns({ teamId: TEAM, keyId: KEY_ID, publicKey: key.publicKey, topic: TOPIC, clock });
  const provider = new ApnsProvider({
    teamId: TEAM,
    keyId: KEY_ID,
    privateKeyPem: key.privateKeyPem,
    topic: TOPIC,
    production: true,
    baseUrl: fake.url,
    clock,
    ...overrides,
  });
  const message = () => ({ challengeId: "chl_0123", title: "Sign-in request", expiresAt: now + 120_000 });
  const cleanup = async () => {
    await provider.close();
    await fake.close();
  };
  return { fake, provider, message, clock, advance: (ms: number) => void (now += ms), cleanup };
}

const jwtOf = (fake: FakeApns, i: number) => fake.received[i]!.headers.authorization!.replace(/^bearer /, "");

test("APNs: delivers an alert with only the challenge id and the generic title", async () => {
  const { fake, provider, message, cleanup } = await setup();
  try {
    const sent = message();
    assert.deepEqual(await provider.send({ pushToken: TOKEN, platform: "ios" }, sent), { ok: true });
    assert.equal(fake.received.length, 1);
    const [notification] = fake.received;
    assert.equal(notification!.token, TOKEN);
    assert.deepEqual(notification!.body, { aps: { alert: { title: "Sign-in request" }, sound: "default" }, challengeId: "chl_0123" });
    const h = notification!.headers;
    assert.equal(h["apns-topic"], TOPIC);
    assert.equal(h["apns-push-type"], "alert");
    assert.equal(h["apns-priority"], "10");
    assert.equal(h["apns-expiration"], String(Math.floor(sent.expiresAt / 1000)));
    const jwt = jwtOf(fake, 0);
    assert.deepEqual(decodeProtectedHeader(jwt), { alg: "ES256", kid: KEY_ID });
    assert.deepEqual(Object.keys(decodeJwt(jwt)).sort(), ["iat", "iss"]);
    assert.equal(decodeJwt(jwt).iss, TEAM);
  } finally {
    await cleanup();
  }
});

test("APNs: an unregistered token and a bad device token are dead", async () => {
  const { fake, provider, message, cleanup } = await setup();
  try {
    fake.markDead(TOKEN);
    const gone = await provider.send({ pushToken: TOKEN, platform: "ios" }, message());
    assert.equal(gone.ok, false);
    assert.deepEqual({ ...gone, detail: undefined }, { ok: false, errorCode: "unregistered", tokenDead: true, detail: undefined });
    const bad = await provider.send({ pushToken: "abcd".repeat(5), platform: "ios" }, message()); // hex, but not a device token: APNs says so
    assert.deepEqual(bad, { ok: false, errorCode: "invalid_token", tokenDead: true, detail: "APNs 400 BadDeviceToken" });
    const junk = await provider.send({ pushToken: "../../admin", platform: "ios" }, message()); // refused before any request
    assert.equal(junk.ok === false && junk.errorCode, "invalid_token");
    assert.deepEqual(fake.rejected.map((r) => r.reason), ["Unregistered", "BadDeviceToken"]);
  } finally {
    await cleanup();
  }
});

test("APNs: a token signed with another key, or a wrong topic, is provider_rejected and leaves the token alone", async () => {
  const { provider, message, cleanup } = await setup({ privateKeyPem: newApnsKey().privateKeyPem });
  try {
    const result = await provider.send({ pushToken: TOKEN, platform: "ios" }, message());
    assert.deepEqual(result, { ok: false, errorCode: "provider_rejected", tokenDead: false, detail: "APNs 403 InvalidProviderToken" });
  } finally {
    await cleanup();
  }
  const other = await setup({ topic: "com.example.other" });
  try {
    const result = await other.provider.send({ pushToken: TOKEN, platform: "ios" }, other.message());
    assert.deepEqual(result, { ok: false, errorCode: "provider_rejected", tokenDead: false, detail: "APNs 400 TopicDisallowed" });
  } finally {
    await other.cleanup();
  }
});

test("APNs: a key that is not a P-256 .p8 is reported by send, not thrown", async () => {
  const { provider, message, cleanup } = await setup({ privateKeyPem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" });
  try {
    const result = await provider.send({ pushToken: TOKEN, platform: "ios" }, message());
    assert.equal(result.ok === false && result.errorCode, "provider_rejected");
  } finally {
    await cleanup();
  }
});

test("APNs: 5xx and a closed port are provider_unavailable, 429 provider_rejected, silence a timeout", async () => {
  const { fake, provider, message, cleanup } = await setup({ timeoutMs: 300 });
  try {
    fake.failNext(503, "ServiceUnavailable");
    assert.deepEqual(await provider.send({ pushToken: TOKEN, platform: "ios" }, message()), {
      ok: false,
      errorCode: "provider_unavailable",
      tokenDead: false,
      detail: "APNs 503 ServiceUnavailable",
    });
    fake.failNext(429, "TooManyRequests");
    const limited = await provider.send({ pushToken: TOKEN, platform: "ios" }, message());
    assert.equal(limited.ok === false && limited.errorCode, "provider_rejected");
    fake.hangNext();
    const silent = await provider.send({ pushToken: TOKEN, platform: "ios" }, message());
    assert.deepEqual({ ...silent, detail: undefined }, { ok: false, errorCode: "timeout", tokenDead: false, detail: undefined });
    assert.deepEqual(await provider.send({ pushToken: TOKEN, platform: "ios" }, message()), { ok: true }, "the connection survives a cancelled stream");
    await fake.close();
    const down = await provider.send({ pushToken: TOKEN, platform: "ios" }, message());
    assert.equal(down.ok === false && down.errorCode, "provider_unavailable");
    assert.equal(down.ok === false && down.tokenDead, false);
  } finally {
    await cleanup();
  }
});

test("APNs: one connection and one provider token are reused; the token is renewed after 50 minutes", async () => {
  const { fake, provider, message, advance, clock, cleanup } = await setup();
  try {
    const send = () => provider.send({ pushToken: TOKEN, platform: "ios" }, message());
    const start = clock();
    assert.deepEqual(await send(), { ok: true });
    advance(10 * 60_000);
    assert.deepEqual(await send(), { ok: true });
    advance(39 * 60_000); // 49 minutes old
    assert.deepEqual(await send(), { ok: true });
    assert.equal(new Set([0, 1, 2].map((i) => jwtOf(fake, i))).size, 1, "reused while younger than 50 minutes");
    advance(2 * 60_000); // 51 minutes
    assert.deepEqual(await send(), { ok: true });
    assert.notEqual(jwtOf(fake, 3), jwtOf(fake, 0));
    assert.equal(decodeJwt(jwtOf(fake, 3)).iat, Math.floor(clock() / 1000));
    assert.equal(decodeJwt(jwtOf(fake, 0)).iat, Math.floor(start / 1000));
    assert.equal(fake.connections, 1);
  } finally {
    await cleanup();
  }
});

test("APNs: concurrent sends share the connection; after GOAWAY the provider reconnects", async () => {
  const { fake, provider, message, cleanup } = await setup();
  try {
    const results = await Promise.all(Array.from({ length: 5 }, () => provider.send({ pushToken: TOKEN, platform: "ios" }, message())));
    assert.ok(results.every((r) => r.ok));
    assert.equal(fake.connections, 1);
    fake.goaway();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(await provider.send({ pushToken: TOKEN, platform: "ios" }, message()), { ok: true });
    assert.equal(fake.connections, 2);
    assert.equal(fake.received.length, 6);
  } finally {
    await cleanup();
  }
});

test("APNs: the fake refuses a provider token older than an hour (ExpiredProviderToken)", async () => {
  let providerNow = Date.now() - 61 * 60_000; // the provider's clock lags an hour behind APNs
  const key = newApnsKey();
  const fake = await startFakeApns({ teamId: TEAM, keyId: KEY_ID, publicKey: key.publicKey, topic: TOPIC });
  const provider = new ApnsProvider({ teamId: TEAM, keyId: KEY_ID, privateKeyPem: key.privateKeyPem, topic: TOPIC, production: false, baseUrl: fake.url, clock: () => providerNow });
  try {
    const result = await provider.send({ pushToken: TOKEN, platform: "ios" }, { challengeId: "c", title: "Sign-in request", expiresAt: Date.now() + 60_000 });
    assert.deepEqual(result, { ok: false, errorCode: "provider_rejected", tokenDead: false, detail: "APNs 403 ExpiredProviderToken" });
    providerNow += 31 * 60_000; // now 30 minutes behind: a fresh token passes, the cached one (31 minutes younger) would not
    const again = await provider.send({ pushToken: TOKEN, platform: "ios" }, { challengeId: "c", title: "Sign-in request", expiresAt: Date.now() + 60_000 });
    assert.deepEqual(again, { ok: true }, "a refused token is not reused");
  } finally {
    await provider.close();
    await fake.close();
  }
});
