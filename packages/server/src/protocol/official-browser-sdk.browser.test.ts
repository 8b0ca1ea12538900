import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { startTestServer, type TestServer } from "../testing/test-server.js";
import { launchChromium, serveStatic, type StaticSite } from "../testing/chromium.js";
import { call, deviceAuth, newTestKey, publicKeyQuery, serverAuth, type TestKey } from "../testing/test-keys.js";

// The official @authsignal/browser SDK, unmodified, in headless Chromium, on a page of another origin.
const require = createRequire(import.meta.url);
const sdkSource = readFileSync(require.resolve("@authsignal/browser").replace(/index\.js$/, "index.js"));

let server: TestServer;
let site: StaticSite;
let browser: Browser;
let page: Page;

before(async () => {
  server = await startTestServer();
  site = await serveStatic({
    "/": { body: "<!doctype html><title>customer app</title><p>customer app</p>", type: "text/html" },
    "/authsignal.js": { body: sdkSource, type: "text/javascript" },
  });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(site.origin + "/");
  await page.evaluate(
    async ({ tenantId, baseUrl }) => {
      const { Authsignal } = await import("/authsignal.js" as string);
      (window as any).authsignal = new Authsignal({ tenantId, baseUrl });
      (window as any).states = [];
    },
    { tenantId: server.tenantId, baseUrl: server.apiUrl },
  );
});
after(async () => {
  await browser?.close();
  await site?.close();
  await server?.close();
});

async function enrol(userId: string, method: string): Promise<TestKey> {
  const key = newTestKey();
  const { token } = (await call(`${server.apiUrl}/users/${userId}/actions/enroll`, { auth: serverAuth(server.apiSecretKey), body: { scope: "add:authenticators" } })).body;
  assert.equal((await call(`${server.apiUrl}/client/user-authenticators/${method}`, { auth: `Bearer ${token}`, body: { publicKey: key.publicKey } })).status, 200);
  return key;
}
const validate = (token: string) => call(`${server.apiUrl}/validate`, { auth: serverAuth(server.apiSecretKey), body: { token } });

test("the seeds' push flow: push.challenge and push.verify in the browser, the phone approves, validate once", async () => {
  const key = await enrol("pia", "push");
  const { token } = (await call(`${server.apiUrl}/users/pia/actions/signIn`, { auth: serverAuth(server.apiSecretKey), body: {} })).body;
  const started = await page.evaluate(async (t) => {
    const a = (window as any).authsignal;
    a.setToken(t);
    return a.push.challenge({ action: "signIn" });
  }, token);
  assert.equal(typeof started.data?.challengeId, "string", JSON.stringify(started));
  const challengeId = started.data.challengeId as string;

  const pending = await page.evaluate((id) => (window as any).authsignal.push.verify({ challengeId: id }), challengeId);
  assert.deepEqual(pending.data, { isVerified: false, isConsumed: false });

  const seen = (await call(`${server.apiUrl}/client/user-authenticators/push/challenge?publicKey=${publicKeyQuery(key.publicKey)}`, { auth: deviceAuth(server.tenantId) })).body;
  assert.equal(seen.challengeId, challengeId);
  await call(`${server.apiUrl}/client/user-authenticators/push/challenge`, {
    auth: deviceAuth(server.tenantId),
    body: { challengeId, publicKey: key.publicKey, approved: true, signature: key.sign(challengeId) },
  });
  const verified = await page.evaluate((id) => (window as any).authsignal.push.verify({ challengeId: id }), challengeId);
  assert.equal(verified.data.isVerified, true);
  assert.equal(typeof verified.data.token, "string", "the SDK hands the accessToken over as token");
  const first = await validate(verified.data.token);
  assert.equal(first.body.isValid, true);
  assert.equal(first.body.userId, "pia");
  assert.equal((await validate(verified.data.token)).body.isValid, false);
});

test("a denial reads as consumed and not verified in the browser", async () => {
  const key = await enrol("quin", "push");
  const { token } = (await call(`${server.apiUrl}/users/quin/actions/signIn`, { auth: serverAuth(server.apiSecretKey), body: {} })).body;
  const { data } = await page.evaluate(async (t) => {
    const a = (window as any).authsignal;
    a.setToken(t);
    return a.push.challenge({ action: "signIn" });
  }, token);
  await call(`${server.apiUrl}/client/user-authenticators/push/challenge`, {
    auth: deviceAuth(server.tenantId),
    body: { challengeId: data.challengeId, publicKey: key.publicKey, approved: false, signature: key.sign(data.challengeId) },
  });
  const result = await page.evaluate((id) => (window as any).authsignal.push.verify({ challengeId: id }), data.challengeId);
  assert.deepEqual(result.data, { isVerified: false, isConsumed: true });
});

test("a bad token comes back as the SDK's {error, errorCode}", async () => {
  const result = await page.evaluate(async () => {
    const a = (window as any).authsignal;
    a.setToken("not-a-token");
    return a.push.challenge({ action: "signIn" });
  });
  assert.equal(result.errorCode, "invalid_token");
  assert.equal(typeof result.error, "string");
});

for (const polling of [true, false]) {
  test(`QR code sign-in in ${polling ? "polling" : "WebSocket"} mode: unclaimed → claimed → approved with a token`, async () => {
    const userId = polling ? "rosa" : "sami";
    const key = await enrol(userId, "qr-code");
    const started = await page.evaluate(async (usePolling) => {
      const a = (window as any).authsignal;
      a.setToken(null);
      (window as any).states = [];
      return a.qrCode.challenge({
        action: "kioskLogin",
        polling: usePolling,
        pollInterval: 200,
        onStateChange: (state: string, token?: string) => (window as any).states.push({ state, token }),
      });
    }, polling);
    const challengeId = started.data?.challengeId as string;
    assert.equal(typeof challengeId, "string", JSON.stringify(started));
    assert.ok(Date.parse(started.data.expiresAt) > Date.now());

    const claim = await call(`${server.apiUrl}/client/user-authenticators/qr-code/challenge/claim`, {
      auth: deviceAuth(server.tenantId),
      body: { challengeId, publicKey: key.publicKey, signature: key.sign(challengeId) },
    });
    assert.equal(claim.body.actionCode, "kioskLogin");
    await page.waitForFunction(() => (window as any).states.some((s: any) => s.state === "claimed"), undefined, { timeout: 10_000 });
    await call(`${server.apiUrl}/client/user-authenticators/qr-code/challenge`, {
      auth: deviceAuth(server.tenantId),
      body: { challengeId, publicKey: key.publicKey, approved: true, signature: key.sign(challengeId) },
    });
    await page.waitForFunction(() => (window as any).states.some((s: any) => s.state === "approved"), undefined, { timeout: 10_000 });
    const approved = await page.evaluate(() => (window as any).states.find((s: any) => s.state === "approved"));
    await page.evaluate(() => (window as any).authsignal.qrCode.disconnect());
    const valid = await validate(approved.token);
    assert.equal(valid.body.isValid, true);
    assert.equal(valid.body.userId, userId, "the token resolves to the claiming device's user");
    assert.equal(valid.body.verificationMethod, "QR_CODE");
  });
}

test("a tenant that restricts origins refuses this page, and allows it once listed", async () => {
  const admin = (allowedOrigins: string[]) =>
    call(`${server.origin}/admin/v1/tenants/${server.tenantId}`, { method: "PATCH", auth: `Bearer ${server.adminToken}`, body: { allowedOrigins } });
  await enrol("tara", "push");
  const { token } = (await call(`${server.apiUrl}/users/tara/actions/signIn`, { auth: serverAuth(server.apiSecretKey), body: {} })).body;
  const challenge = (t: string) =>
    page.evaluate(async (tok) => {
      const a = (window as any).authsignal;
      a.setToken(tok);
      return a.push.challenge({ action: "signIn" });
    }, t);
  try {
    await admin(["https://elsewhere.example"]);
    const refused = await challenge(token);
    assert.equal(refused.errorCode, "origin_not_allowed");
    await admin(["https://elsewhere.example", site.origin]);
    const allowed = await challenge(token);
    assert.equal(typeof allowed.data?.challengeId, "string");
  } finally {
    await admin([]);
  }
});
