import { test } from "node:test";
import assert from "node:assert/strict";
import { generateVapidKeys, WebPushProvider, type WebPushOptions } from "./web-push-provider.js";
import { startFakeWebPush } from "../../testing/fakes/fake-web-push.js";

const SUBJECT = "mailto:security@example.com";

async function setup(overrides: Partial<WebPushOptions> = {}) {
  const now = Date.UTC(2026, 0, 1, 12);
  const keys = generateVapidKeys();
  const fake = await startFakeWebPush({ vapidPublicKey: keys.vapidPublicKey });
  const provider = new WebPushProvider({ ...keys, subject: SUBJECT, ca: fake.certPem, allowPrivateEndpoints: true, clock: () => now, ...overrides });
  const message = { challengeId: "chl_0123", title: "Sign-in request", expiresAt: now + 90_500 };
  const send = (pushToken: string) => provider.send({ pushToken, platform: "web" }, message);
  const cleanup = async () => {
    await provider.close();
    await fake.close();
  };
  return { fake, keys, provider, send, cleanup };
}

test("Web Push: the payload decrypts (RFC 8291) to only the challenge id and the title; TTL and urgency are set", async () => {
  const { fake, send, cleanup } = await setup();
  try {
    const browser = fake.subscribe();
    assert.deepEqual(await send(browser.token), { ok: true });
    assert.equal(fake.received.length, 1);
    const [push] = fake.received;
    assert.deepEqual(JSON.parse(push!.plaintext), { challengeId: "chl_0123", title: "Sign-in request" });
    assert.equal(push!.ttl, "91", "seconds until the challenge expires, rounded up");
    assert.equal(push!.urgency, "high");
    assert.equal(push!.vapid.aud, fake.url);
    assert.equal(push!.vapid.sub, SUBJECT);
  } finally {
    await cleanup();
  }
});

test("Web Push: an expired (410) or unknown (404) subscription is dead", async () => {
  const { fake, send, cleanup } = await setup();
  try {
    const browser = fake.subscribe();
    fake.markDead(browser.token);
    assert.deepEqual(await send(browser.token), { ok: false, errorCode: "unregistered", tokenDead: true, detail: "push service 410: subscription expired" });
    const unknown = JSON.stringify({ ...browser.subscription, endpoint: `${fake.url}/push/nobody` });
    const result = await send(unknown);
    assert.equal(result.ok === false && result.errorCode, "unregistered");
    assert.equal(result.ok === false && result.tokenDead, true);
  } finally {
    await cleanup();
  }
});

test("Web Push: a token that is not a subscription's JSON is invalid_token and dead", async () => {
  const { fake, send, cleanup } = await setup();
  try {
    const browser = fake.subscribe();
    const cases = [
      "not json",
      JSON.stringify({ endpoint: browser.subscription.endpoint }),
      JSON.stringify({ ...browser.subscription, endpoint: "http://push.example.com/x" }),
      JSON.stringify({ ...browser.subscription, keys: { p256dh: browser.subscription.keys.p256dh, auth: "c2hvcnQ" } }),
    ];
    for (const token of cases) {
      const result = await send(token);
      assert.equal(result.ok === false && result.errorCode, "invalid_token", token);
      assert.equal(result.ok === false && result.tokenDead, true, token);
    }
    assert.equal(fake.received.length + fake.rejected.length, 0, "nothing was sent");
  } finally {
    await cleanup();
  }
});

test("Web Push: endpoints on private addresses are refused unless allowed", async () => {
  const { fake, cleanup } = await setup();
  const keys = generateVapidKeys();
  const guarded = new WebPushProvider({ ...keys, subject: SUBJECT, ca: fake.certPem });
  try {
    const result = await guarded.send({ pushToken: fake.subscribe().token, platform: "web" }, { challengeId: "c", title: "t", expiresAt: Date.now() + 60_000 });
    assert.deepEqual(result, { ok: false, errorCode: "invalid_token", tokenDead: true, detail: "the subscription's endpoint is a private address" });
    assert.equal(fake.rejected.length, 0);
  } finally {
    await guarded.close();
    await cleanup();
  }
});

test("Web Push: a VAPID key the subscription was not made for is provider_rejected, token kept", async () => {
  const { fake, send, cleanup } = await setup();
  try {
    const browser = fake.subscribe(generateVapidKeys().vapidPublicKey);
    const result = await send(browser.token);
    assert.equal(result.ok === false && result.errorCode, "provider_rejected");
    assert.equal(result.ok === false && result.tokenDead, false);
    assert.equal(fake.rejected[0]?.status, 403);
  } finally {
    await cleanup();
  }
});

test("Web Push: 5xx, an untrusted certificate and a closed port are provider_unavailable; silence a timeout", async () => {
  const { fake, send, cleanup } = await setup({ timeoutMs: 300 });
  try {
    const token = fake.subscribe().token;
    fake.failNext(503);
    const unavailable = await send(token);
    assert.equal(unavailable.ok === false && unavailable.errorCode, "provider_unavailable");
    fake.hangNext();
    const silent = await send(token);
    assert.equal(silent.ok === false && silent.errorCode, "timeout");
    assert.deepEqual(await send(token), { ok: true });
    const untrusting = new WebPushProvider({ ...generateVapidKeys(), subject: SUBJECT, allowPrivateEndpoints: true });
    const tls = await untrusting.send({ pushToken: token, platform: "web" }, { challengeId: "c", title: "t", expiresAt: Date.now() + 60_000 });
    await untrusting.close();
    assert.equal(tls.ok === false && tls.errorCode, "provider_unavailable");
    await fake.close();
    const down = await send(token);
    assert.equal(down.ok === false && down.errorCode, "provider_unavailable");
    assert.equal(down.ok === false && down.tokenDead, false);
  } finally {
    await cleanup();
  }
});

test("Web Push: the constructor checks the subject and the key pair", () => {
  const keys = generateVapidKeys();
  assert.match(keys.vapidPublicKey, /^[A-Za-z0-9_-]{87}$/);
  assert.match(keys.vapidPrivateKey, /^[A-Za-z0-9_-]{43}$/);
  assert.doesNotThrow(() => new WebPushProvider({ ...keys, subject: "https://signet.example.com/contact" }).close());
  for (const subject of ["", "ops@example.com", "http://example.com", "mailto:", "javascript:alert(1)"]) {
    assert.throws(() => new WebPushProvider({ ...keys, subject }), /subject must be a mailto: or https: URL/, subject);
  }
  const other = generateVapidKeys();
  assert.throws(() => new WebPushProvider({ ...keys, vapidPrivateKey: other.vapidPrivateKey, subject: SUBJECT }), /vapidPublicKey is not the public half/);
  assert.throws(() => new WebPushProvider({ ...keys, vapidPublicKey: "abc", subject: SUBJECT }), /vapidPublicKey must be/);
});
