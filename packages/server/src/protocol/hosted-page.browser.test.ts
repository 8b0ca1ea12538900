import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { startTestServer, type TestServer } from "../testing/test-server.js";
import { launchChromium, serveStatic, type StaticSite } from "../testing/chromium.js";
import { call, deviceAuth, newTestKey, publicKeyQuery, serverAuth, type TestKey } from "../testing/test-keys.js";

// The hosted (pre-built) challenge page, packages/hosted-ui, in headless Chromium against the real
// server: redirect mode, and the official @authsignal/browser SDK's popup and window modes from a
// customer page on another origin. The phone is played here in Node with test keys.

const require = createRequire(import.meta.url);
/** The official SDK's ES build: one self-contained file (its dependencies are bundled in). */
const officialSdk = readFileSync(require.resolve("@authsignal/browser"));
const SCREENSHOTS = fileURLToPath(new URL("../../../../docs/screenshots/", import.meta.url));

const CUSTOMER_PAGE = `<!doctype html><meta charset="utf-8"><title>Customer app</title><h1>Customer app</h1>
<script type="module">
import { Authsignal } from "/authsignal.js";
window.messages = [];
window.addEventListener("message", (e) => window.messages.push({ origin: e.origin, data: e.data }));
window.launch = (tenantId, baseUrl, url, mode) => {
  window.result = new Authsignal({ tenantId, baseUrl }).launch(url, { mode, onError: (e) => window.messages.push({ onError: e }) });
};
window.loaded = true;
</script>`;

let server: TestServer;
let site: StaticSite;
let browser: Browser;

before(async () => {
  server = await startTestServer();
  site = await serveStatic({
    "/": { body: CUSTOMER_PAGE, type: "text/html; charset=utf-8" },
    "/authsignal.js": { body: officialSdk, type: "text/javascript" },
    "/done": { body: "<!doctype html><title>done</title><p>back in the app</p>", type: "text/html" },
  });
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  await admin({ name: "Acme Bank", brandColor: "#7c3aed" });
  const page = await call(`${server.origin}/hosted/challenge?token=x`);
  assert.equal(page.status, 200, `the hosted page is not served (build packages/hosted-ui and packages/browser; the server must resolve @signet/hosted-ui/package.json and @signet/browser/package.json): ${JSON.stringify(page.body).slice(0, 300)}`);
});
after(async () => {
  await browser?.close();
  await site?.close();
  await server?.close();
});

const admin = async (patch: Record<string, unknown>) => {
  const r = await call(`${server.origin}/admin/v1/tenants/${server.tenantId}`, { method: "PATCH", auth: `Bearer ${server.adminToken}`, body: patch });
  assert.equal(r.status, 200, JSON.stringify(r.body));
};
const validate = (token: string) => call(`${server.apiUrl}/validate`, { auth: serverAuth(server.apiSecretKey), body: { token } });

async function track(userId: string, action = "signIn", body: Record<string, unknown> = {}): Promise<{ token: string; url: string; idempotencyKey: string }> {
  const r = await call(`${server.apiUrl}/users/${userId}/actions/${action}`, { auth: serverAuth(server.apiSecretKey), body });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

/** Enrols a phone with an add:authenticators track token: a push key, and a QR-code key if asked. */
async function enrolPhone(userId: string, methods: ("push" | "qr-code")[] = ["push"]): Promise<TestKey> {
  const key = newTestKey();
  const { token } = await track(userId, "enroll", { scope: "add:authenticators" });
  for (const method of methods) {
    const r = await call(`${server.apiUrl}/client/user-authenticators/${method}`, { auth: `Bearer ${token}`, body: { publicKey: key.publicKey, deviceName: "Test phone", devicePlatform: "android" } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  return key;
}

/** The phone polls until it sees a pending push challenge (other than `notId`). */
async function phoneSees(key: TestKey, notId?: string): Promise<{ challengeId: string; verificationCodeRequired?: boolean; actionCode: string }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const seen = await call(`${server.apiUrl}/client/user-authenticators/push/challenge?publicKey=${publicKeyQuery(key.publicKey)}`, { auth: deviceAuth(server.tenantId) });
    if (seen.body.challengeId && seen.body.challengeId !== notId) return seen.body;
    if (Date.now() > deadline) throw new Error(`the phone saw no new push challenge: ${JSON.stringify(seen.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function answer(key: TestKey, challengeId: string, approved: boolean, extra: Record<string, unknown> = {}, method = "push"): Promise<void> {
  const r = await call(`${server.apiUrl}/client/user-authenticators/${method}/challenge`, {
    auth: deviceAuth(server.tenantId),
    body: { challengeId, publicKey: key.publicKey, approved, signature: key.sign(challengeId), ...extra },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

/** A fresh browser context; records CSP violations and script errors, which every test asserts away. */
async function openPage(width = 1000, height = 800): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (m) => m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text()) && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  return { page, problems };
}
const heading = (page: Page, name: string | RegExp) => page.getByRole("heading", { level: 1, name }).waitFor({ timeout: 15_000 });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOTS}hosted-${name}.png` });

test("the page is served with a strict CSP that lets only the tenant's allowed origins frame it", async () => {
  const { url } = await track("csp-user");
  const csp = (await call(url)).headers.get("content-security-policy") ?? "";
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /script-src 'self' 'sha256-[A-Za-z0-9+/=]+'(;|$)/, "self plus the import map's hash, nothing else");
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  try {
    await admin({ allowedOrigins: [site.origin] });
    const framed = (await call(url)).headers.get("content-security-policy") ?? "";
    assert.match(framed, new RegExp(`frame-ancestors ${site.origin}(;|$)`));
  } finally {
    await admin({ allowedOrigins: [] });
  }
});

test("push, redirect mode: starts by itself, 'Check your phone'; approval redirects with a token /validate accepts", async () => {
  const key = await enrolPhone("ava");
  const { url } = await track("ava", "signIn", { redirectUrl: `${site.origin}/done?from=signet` });
  const { page, problems } = await openPage();
  await page.goto(url);
  await heading(page, "Check your phone");
  assert.match(await page.locator("main").innerText(), /Request: Sign in/);
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--accent").trim()), "#7c3aed", "the tenant's brand colour");
  assert.equal(await page.getByRole("status").count(), 1, "a live region");
  const seen = await phoneSees(key);
  assert.equal(seen.actionCode, "signIn");
  await answer(key, seen.challengeId, true);
  await page.waitForURL(/\/done\?from=signet&token=/, { timeout: 15_000 });
  const token = new URL(page.url()).searchParams.get("token") ?? "";
  const valid = await validate(token);
  assert.equal(valid.body.isValid, true, JSON.stringify(valid.body));
  assert.equal(valid.body.userId, "ava");
  assert.equal(valid.body.actionCode, "signIn");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("without a redirectUrl the page shows success and keeps the token to itself", async () => {
  const key = await enrolPhone("bea");
  const { url, idempotencyKey } = await track("bea");
  const { page, problems } = await openPage();
  await page.goto(url);
  await heading(page, "Check your phone");
  await answer(key, (await phoneSees(key)).challengeId, true);
  await heading(page, "You're verified");
  assert.doesNotMatch(await page.locator("main").innerText(), /[A-Za-z0-9_-]{40,}/, "no token on screen");
  await shot(page, "success");
  const action = await call(`${server.apiUrl}/users/bea/actions/signIn/${idempotencyKey}`, { auth: serverAuth(server.apiSecretKey) });
  assert.equal(action.body.state, "CHALLENGE_SUCCEEDED");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("a denial is shown, and 'Send a new request' starts another challenge", async () => {
  const key = await enrolPhone("cy");
  const { url } = await track("cy");
  const { page, problems } = await openPage();
  await page.goto(url);
  await heading(page, "Check your phone");
  const first = await phoneSees(key);
  await answer(key, first.challengeId, false);
  await heading(page, "Request declined");
  await page.getByRole("button", { name: "Send a new request" }).focus();
  await page.keyboard.press("Enter"); // a real button: keyboard operable
  await heading(page, "Check your phone");
  const second = await phoneSees(key, first.challengeId);
  assert.notEqual(second.challengeId, first.challengeId);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("number matching: the page shows the two digits the phone must send; approving with them works", async () => {
  await admin({ numberMatching: "type" });
  try {
    const key = await enrolPhone("dee", ["push", "qr-code"]);
    const { url } = await track("dee", "signIn", { redirectUrl: `${site.origin}/done` });
    const { page, problems } = await openPage();
    await page.goto(url);
    await heading(page, "Check your phone");
    const code = (await page.locator(".match-code").innerText()).trim();
    assert.match(code, /^\d{2}$/);
    const seen = await phoneSees(key);
    assert.equal(seen.verificationCodeRequired, true);
    await shot(page, "push-number");
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, "push-number-phone");
    await answer(key, seen.challengeId, true, { verificationCode: code });
    await page.waitForURL(/\/done\?token=/, { timeout: 15_000 });
    const valid = await validate(new URL(page.url()).searchParams.get("token") ?? "");
    assert.equal(valid.body.isValid, true);
    assert.deepEqual(problems, []);
    await page.context().close();
  } finally {
    await admin({ numberMatching: "off" });
  }
});

test("expiry: the page explains it, and a retry starts a new challenge", async () => {
  await admin({ challengeTtlSeconds: 10 });
  try {
    const key = await enrolPhone("eli");
    const { url } = await track("eli");
    const { page, problems } = await openPage();
    await page.goto(url);
    await heading(page, "Check your phone");
    assert.match(await page.locator(".countdown").innerText(), /^0:(10|0\d)$/);
    const first = await phoneSees(key);
    await heading(page, "Request expired");
    assert.match(await page.locator("main").innerText(), /within 10 seconds/);
    await page.getByRole("button", { name: "Send a new request" }).click();
    await heading(page, "Check your phone");
    const second = await phoneSees(key, first.challengeId);
    await answer(key, second.challengeId, true);
    await heading(page, "You're verified");
    assert.deepEqual(problems, []);
    await page.context().close();
  } finally {
    await admin({ challengeTtlSeconds: 300 });
  }
});

test("QR code instead: a user-bound QR challenge; the phone claims and approves it", async () => {
  const key = await enrolPhone("fay", ["push", "qr-code"]);
  const { url } = await track("fay", "signIn", { redirectUrl: `${site.origin}/done` });
  const { page, problems } = await openPage();
  const qrTexts: string[] = [];
  page.on("request", (r) => r.url().endsWith("/v1/client/qr-svg") && qrTexts.push(JSON.parse(r.postData() ?? "{}").text));
  await page.goto(url);
  await heading(page, "Check your phone");
  await page.getByRole("button", { name: "Use a QR code instead" }).click();
  await heading(page, "Scan with your phone");
  assert.ok(await page.locator("img.qr").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), "the QR code renders");
  const link = new URL(qrTexts[0] ?? "");
  assert.equal(link.protocol, "signet:");
  assert.equal(link.searchParams.get("apiUrl"), server.apiUrl);
  assert.equal(link.searchParams.get("tenantId"), server.tenantId);
  const challengeId = link.searchParams.get("challengeId") ?? "";
  await shot(page, "qr");
  const claim = await call(`${server.apiUrl}/client/user-authenticators/qr-code/challenge/claim`, {
    auth: deviceAuth(server.tenantId),
    body: { challengeId, publicKey: key.publicKey, signature: key.sign(challengeId) },
  });
  assert.equal(claim.status, 200, JSON.stringify(claim.body));
  await page.getByText("Code scanned").waitFor();
  await answer(key, challengeId, true, {}, "qr-code");
  await page.waitForURL(/\/done\?token=/, { timeout: 15_000 });
  const valid = await validate(new URL(page.url()).searchParams.get("token") ?? "");
  assert.equal(valid.body.isValid, true);
  assert.equal(valid.body.verificationMethod, "QR_CODE");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("a user with no device sees an enrolment QR and link; adding a phone with the link's token works", async () => {
  const { url } = await track("gus");
  const { page, problems } = await openPage();
  await page.goto(url);
  await heading(page, "Set up your phone");
  assert.ok(await page.locator("img.qr").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0 && img.src.startsWith("data:image/svg+xml")));
  await shot(page, "enrol");
  await page.getByText("Can't scan the code?").click();
  const link = (await page.locator("details.link a").getAttribute("href")) ?? "";
  assert.match(link, /^signet:\/\/enrol\?/);
  assert.equal(await page.locator("details.link a").innerText(), link, "the link is shown as text too");
  const token = new URL(link).searchParams.get("token") ?? "";
  const key = newTestKey();
  const added = await call(`${server.apiUrl}/client/user-authenticators/push`, { auth: `Bearer ${token}`, body: { publicKey: key.publicKey, deviceName: "New phone" } });
  assert.equal(added.status, 200, JSON.stringify(added.body));
  await heading(page, "Check your phone");
  await answer(key, (await phoneSees(key)).challengeId, true);
  await heading(page, "You're verified");
  assert.deepEqual(problems, []);
  await page.context().close();
});

/** Waits for the popup's heading; on failure, says what the page showed and what it posted. */
async function popupHeading(page: Page, name: string): Promise<void> {
  const frame = page.frameLocator("#__authsignal-popup-iframe");
  try {
    await frame.getByRole("heading", { level: 1, name }).waitFor({ timeout: 15_000 });
  } catch {
    const shown = await frame.locator("main").innerText().catch(() => "(nothing)");
    const posted = await page.evaluate(() => (window as any).messages);
    assert.fail(`the popup did not show "${name}"; it showed ${JSON.stringify(shown)} and posted ${JSON.stringify(posted)}`);
  }
}

/** The customer page with the official SDK; `launch` opens the hosted page in popup or window mode. */
async function launchFromCustomerPage(page: Page, url: string, mode: "popup" | "window"): Promise<void> {
  await page.goto(`${site.origin}/`);
  await page.waitForFunction(() => (window as any).loaded === true);
  await page.evaluate(([tenantId, baseUrl, u, m]) => (window as any).launch(tenantId, baseUrl, u, m), [server.tenantId, server.apiUrl, url, mode]);
}

test("official SDK popup mode: READY, heights, and CLOSE_POPUP with a token /validate accepts", async () => {
  await admin({ allowedOrigins: [site.origin] });
  try {
    const key = await enrolPhone("hal");
    const { url } = await track("hal");
    const { page, problems } = await openPage();
    await launchFromCustomerPage(page, url, "popup");
    await popupHeading(page, "Check your phone");
    await page.locator("#__authsignal-popup-iframe.as-iframe-ready").waitFor();
    await page.waitForTimeout(400); // the dialog's fade-in
    await shot(page, "popup");
    await answer(key, (await phoneSees(key)).challengeId, true);
    const result = (await page.evaluate(() => (window as any).result)) as { token?: string };
    assert.equal(typeof result.token, "string", JSON.stringify(result));
    assert.equal((await validate(result.token ?? "")).body.isValid, true);
    const messages = (await page.evaluate(() => (window as any).messages)) as { origin: string; data: unknown }[];
    assert.ok(messages.every((m) => m.origin === server.origin), JSON.stringify(messages));
    assert.ok(messages.some((m) => m.data === JSON.stringify({ event: "AUTHSIGNAL_READY" })), "READY");
    assert.ok(messages.some((m) => typeof (m.data as { height?: unknown })?.height === "number"), "{height}");
    assert.ok(messages.some((m) => m.data === JSON.stringify({ event: "AUTHSIGNAL_CLOSE_POPUP", token: result.token })), "CLOSE_POPUP with the token");
    assert.equal(await page.locator("#__authsignal-popup-container").count(), 0, "the SDK closed its dialog");
    assert.deepEqual(problems, []);
    await page.context().close();
  } finally {
    await admin({ allowedOrigins: [] });
  }
});

test("official SDK popup mode: Cancel closes the dialog with no token", async () => {
  await admin({ allowedOrigins: [site.origin] });
  try {
    await enrolPhone("ida");
    const { url } = await track("ida");
    const { page, problems } = await openPage();
    await launchFromCustomerPage(page, url, "popup");
    await popupHeading(page, "Check your phone");
    await page.frameLocator("#__authsignal-popup-iframe").getByRole("button", { name: "Cancel" }).click();
    const result = (await page.evaluate(() => (window as any).result)) as { token?: string };
    assert.equal(result.token, undefined);
    assert.deepEqual(problems, []);
    await page.context().close();
  } finally {
    await admin({ allowedOrigins: [] });
  }
});

test("official SDK window mode: the approval closes the window and resolves with the token", async () => {
  await admin({ allowedOrigins: [site.origin] });
  try {
    const key = await enrolPhone("jo");
    const { url } = await track("jo");
    const { page, problems } = await openPage();
    const opened = page.waitForEvent("popup");
    await launchFromCustomerPage(page, url, "window");
    const popup = await opened;
    await heading(popup, "Check your phone");
    const closed = popup.isClosed() ? Promise.resolve() : popup.waitForEvent("close", { timeout: 10_000 });
    await answer(key, (await phoneSees(key)).challengeId, true);
    const result = (await page.evaluate(() => (window as any).result)) as { token?: string };
    assert.equal((await validate(result.token ?? "")).body.isValid, true, JSON.stringify(result));
    await closed; // the SDK closed the window
    assert.deepEqual(problems, []);
    await page.context().close();
  } finally {
    await admin({ allowedOrigins: [] });
  }
});
