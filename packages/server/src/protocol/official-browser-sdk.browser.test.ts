import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import type { Clock } from "../domain/clock.js";
import { startTestServer, type TestServer } from "../testing/test-server.js";
import { launchChromium, serveStatic, type StaticSite } from "../testing/browser.js";
import { basicAuth, call, deviceAuth, publicKeyQuery, serverAuth, type TestKey } from "../testing/test-keys.js";
import { answerPush as answerPushAs, enrolDevice, track } from "../testing/device-flows.js";
import { PAGE, SDK_SOURCE, nextResponse, openSdkPage, pushChallenge, pushVerify, qrChallenge, tokenExpiredCalls, type PageGlobals } from "../testing/official-sdk-page.js";

// The official @authsignal/browser SDK, unmodified, in headless Chromium, on a customer page served
// from another origin than Signet's (so every call is a real cross-origin request with CORS), against
// the real server. The phone is played here in Node with a test key, the customer backend with fetch.

/** Signet's clock runs with wall time plus an offset the expiry test moves forward. */
let clockOffsetMs = 0;
const clock: Clock = { now: () => Date.now() + clockOffsetMs };

let server: TestServer;
let site: StaticSite;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const openPage = (target: TestServer) => openSdkPage(browser, site, target, pageErrors);

before(async () => {
  server = await startTestServer({ clock });
  site = await serveStatic({
    "/": { body: PAGE, type: "text/html; charset=utf-8" },
    "/authsignal.js": { body: SDK_SOURCE, type: "text/javascript; charset=utf-8" },
  });
  assert.notEqual(new URL(site.origin).origin, new URL(server.origin).origin, "the page must be on another origin than Signet");
  browser = await launchChromium();
  page = await openPage(server);
});

after(async () => {
  await browser?.close();
  await site?.close();
  await server?.close();
});

// ---- the customer backend and the phone, in Node ----

const enrol = async (userId: string, method: "push" | "qr-code" | "in-app"): Promise<TestKey> => (await enrolDevice(server, userId, { method })).key;
const answerPush = (key: TestKey, challengeId: string, approved: boolean) => answerPushAs(server, key, challengeId, approved);

const validate = (token: string) => call(`${server.apiUrl}/validate`, { auth: serverAuth(server.apiSecretKey), body: { token } });

const admin = (target: TestServer, patch: Record<string, unknown>) =>
  call(`${target.origin}/admin/v1/tenants/${target.tenantId}`, { method: "PATCH", auth: `Bearer ${target.adminToken}`, body: patch });

// ---- tests ----

test("the seeds' push flow: push.challenge and push.verify in the browser, the phone approves, validate once", async () => {
  const key = await enrol("pia", "push");
  const { token } = await track(server, "pia", "signIn");

  const [challengeResponse, started] = await Promise.all([nextResponse(page, server, "/client/challenge/push"), pushChallenge(page, token)]);
  assert.equal(typeof started.data?.challengeId, "string", JSON.stringify(started));
  const challengeId = started.data!.challengeId;

  // A real cross-origin request: the browser sent Origin and the SDK's Bearer header; Signet answered with CORS headers.
  const sent = await challengeResponse.request().allHeaders();
  assert.equal(sent["origin"], site.origin);
  assert.equal(sent["authorization"], `Bearer ${token}`);
  assert.equal(challengeResponse.status(), 200);
  assert.equal((await challengeResponse.allHeaders())["access-control-allow-origin"], site.origin);

  const pending = await pushVerify(page, challengeId);
  assert.deepEqual(pending, { data: { isVerified: false, isConsumed: false } });

  // The phone looks for a pending challenge and sees this one, for signIn.
  const seen = await call(`${server.apiUrl}/client/user-authenticators/push/challenge?publicKey=${publicKeyQuery(key.publicKey)}`, {
    auth: deviceAuth(server.tenantId),
  });
  assert.equal(seen.status, 200, JSON.stringify(seen.body));
  assert.equal(seen.body.challengeId, challengeId);
  assert.equal(seen.body.actionCode, "signIn");
  assert.equal(seen.body.userId, "pia");
  const answered = await answerPush(key, challengeId, true);
  assert.equal(answered.status, 200, JSON.stringify(answered.body));
  assert.deepEqual(answered.body, { isVerified: true });

  const verified = await pushVerify(page, challengeId);
  assert.equal(verified.error, undefined, JSON.stringify(verified));
  assert.equal(verified.data?.isVerified, true);
  assert.equal(verified.data?.isConsumed, true);
  assert.equal(typeof verified.data?.token, "string", "the SDK hands the accessToken over as token");
  assert.equal("accessToken" in (verified.data ?? {}), false);

  const first = await validate(verified.data!.token!);
  assert.equal(first.status, 200);
  assert.equal(first.body.isValid, true, JSON.stringify(first.body));
  assert.equal(first.body.userId, "pia");
  assert.equal(first.body.actionCode, "signIn");
  assert.equal(first.body.state, "CHALLENGE_SUCCEEDED");
  assert.equal(first.body.verificationMethod, "PUSH");
  const second = await validate(verified.data!.token!);
  assert.equal(second.body.isValid, false, "an access token validates once");
});

test("a denial reads as consumed and not verified in the browser, with no token", async () => {
  const key = await enrol("quin", "push");
  const { token } = await track(server, "quin", "signIn");
  const started = await pushChallenge(page, token);
  const challengeId = started.data?.challengeId;
  assert.equal(typeof challengeId, "string", JSON.stringify(started));
  const answered = await answerPush(key, challengeId!, false);
  assert.equal(answered.status, 200, JSON.stringify(answered.body));
  assert.deepEqual(answered.body, { isVerified: false });
  const result = await pushVerify(page, challengeId!);
  assert.deepEqual(result, { data: { isVerified: false, isConsumed: true } });
});

test("a garbage token comes back as the SDK's {error, errorCode: invalid_token}, without onTokenExpired", async () => {
  const calls = await tokenExpiredCalls(page);
  const [response, result] = await Promise.all([nextResponse(page, server, "/client/challenge/push"), pushChallenge(page, "not-a-token")]);
  assert.equal(response.status(), 401);
  assert.equal((await response.allHeaders())["access-control-allow-origin"], site.origin, "error answers carry CORS headers too");
  assert.equal(result.data, undefined);
  assert.equal(result.errorCode, "invalid_token");
  assert.equal(typeof result.error, "string");
  assert.equal(await tokenExpiredCalls(page), calls);

  // Also for push.verify (a token from track is needed there too).
  const verify = await pushVerify(page, "no-such-challenge");
  assert.equal(verify.errorCode, "invalid_token");
});

test("an expired track token answers expired_token, and the SDK calls onTokenExpired", async () => {
  await enrol("rhea", "push");
  assert.equal((await admin(server, { tokenTtlSeconds: 10 })).status, 200);
  try {
    const { token } = await track(server, "rhea", "signIn");
    clockOffsetMs += 11_000; // Signet's clock, not the test's: no waiting
    const calls = await tokenExpiredCalls(page);
    const result = await pushChallenge(page, token);
    assert.equal(result.data, undefined, JSON.stringify(result));
    assert.equal(result.errorCode, "expired_token");
    assert.equal(typeof result.error, "string");
    assert.equal(await tokenExpiredCalls(page), calls + 1, "the SDK's handleTokenExpired fires on expired_token");
  } finally {
    assert.equal((await admin(server, { tokenTtlSeconds: 600 })).status, 200);
  }
});

test("in-app verification: the SDK's POST /client/challenge with tenant Basic auth works cross-origin", async () => {
  const key = await enrol("ravi", "in-app");
  const [response, started] = await Promise.all([
    nextResponse(page, server, "/client/challenge"),
    page.evaluate(() => (window as unknown as PageGlobals).authsignal.passkey.api.challenge({ action: "signIn" })),
  ]);
  assert.equal(typeof started.challengeId, "string", JSON.stringify(started));
  const sent = await response.request().allHeaders();
  assert.equal(sent["origin"], site.origin);
  assert.equal(sent["authorization"], basicAuth(encodeURIComponent(server.tenantId)), "the browser's tenant form: no colon");
  assert.equal(response.status(), 200);
  assert.equal((await response.allHeaders())["access-control-allow-origin"], site.origin);

  // The trusted device answers; its token is the customer backend's proof.
  const verified = await call(`${server.apiUrl}/client/verify/in-app`, {
    auth: deviceAuth(server.tenantId),
    body: { challengeId: started.challengeId, publicKey: key.publicKey, signature: key.sign(started.challengeId!) },
  });
  assert.equal(verified.status, 200, JSON.stringify(verified.body));
  assert.equal(verified.body.userId, "ravi");
  const valid = await validate(verified.body.token);
  assert.equal(valid.body.isValid, true, JSON.stringify(valid.body));
  assert.equal(valid.body.userId, "ravi");
  assert.equal(valid.body.actionCode, "signIn");
  assert.equal(valid.body.verificationMethod, "DEVICE");
});

for (const polling of [true, false]) {
  test(`QR code sign-in in ${polling ? "polling" : "WebSocket"} mode: unclaimed → claimed → approved with a token`, async () => {
    const userId = polling ? "rosa" : "sami";
    const key = await enrol(userId, "qr-code");
    const started = await page.evaluate(async (usePolling) => {
      const w = window as unknown as PageGlobals;
      w.authsignal.setToken(null);
      w.qrStates = [];
      return w.authsignal.qrCode.challenge({
        action: "kioskLogin",
        polling: usePolling,
        pollInterval: 200,
        onStateChange: (state, token) => w.qrStates.push({ state, token }),
      });
    }, polling);
    const challengeId = started.data?.challengeId;
    assert.equal(typeof challengeId, "string", JSON.stringify(started));
    assert.ok(Date.parse(started.data!.expiresAt) > clock.now());
    try {
      const claim = await call(`${server.apiUrl}/client/user-authenticators/qr-code/challenge/claim`, {
        auth: deviceAuth(server.tenantId),
        body: { challengeId, publicKey: key.publicKey, signature: key.sign(challengeId!) },
      });
      assert.equal(claim.status, 200, JSON.stringify(claim.body));
      assert.equal(claim.body.actionCode, "kioskLogin");
      await page.waitForFunction(() => (window as unknown as PageGlobals).qrStates.some((s) => s.state === "claimed"), undefined, { timeout: 30_000 });
      const approved = await call(`${server.apiUrl}/client/user-authenticators/qr-code/challenge`, {
        auth: deviceAuth(server.tenantId),
        body: { challengeId, publicKey: key.publicKey, approved: true, signature: key.sign(challengeId!) },
      });
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      await page.waitForFunction(() => (window as unknown as PageGlobals).qrStates.some((s) => s.state === "approved"), undefined, { timeout: 30_000 });
      const final = await page.evaluate(() => (window as unknown as PageGlobals).qrStates.find((s) => s.state === "approved"));
      assert.equal(typeof final?.token, "string", JSON.stringify(final));
      const valid = await validate(final!.token!);
      assert.equal(valid.body.isValid, true, JSON.stringify(valid.body));
      assert.equal(valid.body.userId, userId, "the token resolves to the claiming device's user");
      assert.equal(valid.body.actionCode, "kioskLogin");
      assert.equal(valid.body.verificationMethod, "QR_CODE");
    } finally {
      await page.evaluate(() => (window as unknown as PageGlobals).authsignal.qrCode.disconnect());
    }
  });
}

test("a tenant that restricts origins refuses this page (origin_not_allowed), and allows it once listed", async () => {
  await enrol("tara", "push");
  const { token } = await track(server, "tara", "signIn");
  try {
    assert.equal((await admin(server, { allowedOrigins: ["https://elsewhere.example"] })).status, 200);
    const [response, refused] = await Promise.all([nextResponse(page, server, "/client/challenge/push"), pushChallenge(page, token)]);
    assert.equal(response.status(), 403);
    assert.equal(refused.data, undefined, JSON.stringify(refused));
    assert.equal(refused.errorCode, "origin_not_allowed");
    assert.equal(typeof refused.error, "string");
    // Tenant Basic auth (the in-app challenge) is refused too.
    const refusedInApp = await page.evaluate(() => (window as unknown as PageGlobals).authsignal.passkey.api.challenge({ action: "signIn" }));
    assert.equal(refusedInApp.errorCode, "origin_not_allowed", JSON.stringify(refusedInApp));
    // So is a QR code challenge in polling mode (POST /client/challenge/qr-code).
    const refusedQr = await qrChallenge(page, true);
    assert.equal(refusedQr.result?.data, undefined, JSON.stringify(refusedQr));
    assert.equal(refusedQr.result?.errorCode, "origin_not_allowed", JSON.stringify(refusedQr));

    assert.equal((await admin(server, { allowedOrigins: ["https://elsewhere.example", site.origin] })).status, 200);
    const allowed = await pushChallenge(page, token);
    assert.equal(typeof allowed.data?.challengeId, "string", JSON.stringify(allowed));
  } finally {
    assert.equal((await admin(server, { allowedOrigins: [] })).status, 200);
  }
});

test(
  "a tenant that restricts origins refuses this page's QR code WebSocket too (the SDK's default QR mode)",
  async () => {
    try {
      assert.equal((await admin(server, { allowedOrigins: ["https://elsewhere.example"] })).status, 200);
      const refused = await qrChallenge(page, false);
      assert.equal(refused.result?.data?.challengeId, undefined, `a page on an origin the tenant did not list created a QR challenge: ${JSON.stringify(refused)}`);
    } finally {
      assert.equal((await admin(server, { allowedOrigins: [] })).status, 200);
    }
  },
);

test("with SIGNET_CORS_ORIGINS set, an unlisted origin gets no CORS grant (fetch fails) until a tenant lists it", async () => {
  const strict = await startTestServer({ env: { SIGNET_CORS_ORIGINS: "https://elsewhere.example" } });
  const strictPage = await openPage(strict);
  const inAppChallenge = () =>
    strictPage.evaluate(async () => {
      try {
        return { result: await (window as unknown as PageGlobals).authsignal.passkey.api.challenge({ action: "signIn" }) };
      } catch (error) {
        return { thrown: String(error) };
      }
    });
  try {
    // The preflight names no allowed origin, so the browser never sends the request.
    const preflight = await call(`${strict.apiUrl}/client/challenge`, {
      method: "OPTIONS",
      headers: { origin: site.origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
    });
    assert.equal(preflight.headers.get("access-control-allow-origin"), null);
    const refused = await inAppChallenge();
    assert.equal(refused.result, undefined, JSON.stringify(refused));
    assert.match(refused.thrown ?? "", /Failed to fetch/);

    assert.equal((await admin(strict, { allowedOrigins: [site.origin] })).status, 200);
    // The server caches tenants' origins for a few seconds: try until the grant appears.
    let last: Awaited<ReturnType<typeof inAppChallenge>> = refused;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
      last = await inAppChallenge();
      if (last.result) break;
    }
    assert.equal(typeof last.result?.challengeId, "string", JSON.stringify(last));
  } finally {
    await strictPage.close();
    await strict.close();
  }
});

test("the page raised no uncaught errors", () => {
  assert.deepEqual(pageErrors, []);
});
