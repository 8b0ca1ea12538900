import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startTestServer, type TestServer } from "../testing/test-server.js";
import { call, serverAuth } from "../testing/test-keys.js";
import { launchChromium } from "../testing/browser.js";
import { HOUR, OffsetClock, seedPortalData, startWebhookReceiver } from "../testing/portal-seed.js";

// The admin portal (packages/portal, served at /admin) in real headless Chromium against the real
// server: sign-in into an HttpOnly cookie with CSRF, tenants and their one-time secret, secret
// rotation, the rules editor with a dry run, a user's timeline and revoking an authenticator,
// webhooks, settings, audit. Screenshots of the main screens go to docs/screenshots/.

const PORTAL_MAIN = fileURLToPath(new URL("../../../portal/dist/main.js", import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL("../../../../docs/screenshots/", import.meta.url));
const WEBHOOK_ENV = { SIGNET_WEBHOOK_ALLOW_PRIVATE: "true", SIGNET_WEBHOOK_POLL_MS: "50", SIGNET_WEBHOOK_RETRY_BASE_MS: "200", SIGNET_WEBHOOK_TIMEOUT_MS: "2000" };

/** The server's clock, run behind real time while the seed data spreads over the past day. */
const clock = new OffsetClock();

let server: TestServer;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let zoeAuthenticatorId: string;
const pageErrors: string[] = [];
const consoleErrors: string[] = [];

const admin = (path: string, init: { method?: string; body?: unknown } = {}) => call(`${server.origin}/admin/v1${path}`, { auth: `Bearer ${server.adminToken}`, ...init });
const apiStatus = async (secret: string) => (await call(`${server.apiUrl}/users/x`, { auth: serverAuth(secret) })).status;

async function shot(name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}portal-${name}.png` });
}

async function heading(name: string | RegExp): Promise<void> {
  await page.getByRole("heading", { level: 1, name }).waitFor();
}

async function nav(link: string, title: string | RegExp = link): Promise<void> {
  await page.getByRole("navigation", { name: "Tenant screens" }).getByRole("link", { name: link, exact: true }).click();
  await heading(title);
}

async function waitForStatus(text: string | RegExp): Promise<void> {
  await page.locator("main .status", { hasText: text }).waitFor();
}

before(async () => {
  if (!existsSync(PORTAL_MAIN)) throw new Error(`${PORTAL_MAIN} is missing: build the portal first (npx tsc -b packages/portal)`);

  receiver = await startWebhookReceiver();

  clock.offsetMs = -23 * HOUR;
  server = await startTestServer({ env: WEBHOOK_ENV, clock });
  clock.offsetMs = 0;
  const page0 = await fetch(`${server.origin}/admin`);
  assert.equal(page0.status, 200, `the server does not serve the portal: ${await page0.text()}`);

  zoeAuthenticatorId = await seedPortalData(server, clock, receiver.url);

  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: "light", reducedMotion: "reduce" });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    // Chromium logs every 4xx response ("Failed to load resource"); those are expected here.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) consoleErrors.push(message.text());
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  await receiver?.close();
});

test("sign-in: a wrong token is refused with the API's message; the right one opens the tenant list and survives a reload", async () => {
  await page.goto(`${server.origin}/admin`);
  await heading("Sign in to Signet admin");
  await page.getByLabel("Admin token").fill("not-the-admin-token");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").filter({ hasText: "That is not the admin token." }).waitFor();

  await page.getByLabel("Admin token").fill(server.adminToken);
  await page.getByRole("button", { name: "Sign in" }).click();
  await heading("Tenants");
  await page.getByRole("link", { name: "test", exact: true }).waitFor();

  await page.reload();
  await heading("Tenants");
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), "H1", "the heading has focus after a route change");
});

test("the session cookie is HttpOnly and SameSite=Strict; an API call without the CSRF header fails", async () => {
  const cookies = await context.cookies(server.origin + "/admin");
  const session = cookies.find((c) => c.name === "signet_admin");
  assert.ok(session, "the session cookie is set");
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, "Strict");
  assert.equal(session.path, "/admin");
  const visible = await page.evaluate(() => document.cookie);
  assert.ok(!visible.includes("signet_admin"), `document.cookie must not show the session: ${visible}`);
  assert.ok(!visible.includes(session.value));

  const withoutCsrf = await page.evaluate(async () => {
    const r = await fetch("/admin/v1/tenants", { credentials: "same-origin" });
    return { status: r.status, body: await r.json() };
  });
  assert.equal(withoutCsrf.status, 401);
  assert.match(withoutCsrf.body.errorDescription, /X-CSRF-Token/);
  const wrongCsrf = await page.evaluate(async () => (await fetch("/admin/v1/tenants", { method: "POST", headers: { "content-type": "application/json", "x-csrf-token": "guess" }, body: '{"name":"x"}' })).status);
  assert.equal(wrongCsrf, 401);
  const withCsrf = await page.evaluate(async () => {
    const { csrfToken } = await (await fetch("/admin/session")).json();
    return (await fetch("/admin/v1/tenants", { headers: { "x-csrf-token": csrfToken } })).status;
  });
  assert.equal(withCsrf, 200, "the same call with the session's CSRF token succeeds: the cookie was sent");

  // A page on another origin of the same site gets the SameSite=Strict cookie sent along, but the
  // admin routes answer no CORS, so it can neither read the CSRF token nor send the header.
  const other = await context.newPage();
  await other.goto(`${receiver.url}/page`);
  const attempts = await other.evaluate(async (origin) => {
    const attempt = async (init: RequestInit, path: string) => {
      try {
        const r = await fetch(`${origin}${path}`, { credentials: "include", ...init });
        return `read ${r.status}: ${await r.text()}`;
      } catch {
        return "blocked";
      }
    };
    return [await attempt({}, "/admin/session"), await attempt({ headers: { "x-csrf-token": "x" } }, "/admin/v1/tenants")];
  }, server.origin);
  assert.deepEqual(attempts, ["blocked", "blocked"]);
  await other.close();
});

let acme: { tenantId: string; secret: string };

test("creating a tenant shows its secret once, and the secret works", async () => {
  await page.getByLabel("Name", { exact: true }).fill("Acme Production");
  await page.getByRole("button", { name: "Create tenant" }).click();
  const panel = page.locator(".secret-panel");
  await panel.getByRole("heading", { name: "Tenant “Acme Production” created" }).waitFor();
  assert.match((await panel.textContent()) ?? "", /shown only once/);
  const secret = await panel.getByTestId("secret-value").inputValue();
  const tenantId = (await panel.locator("dd code").first().textContent()) ?? "";
  assert.ok(secret.length > 20 && tenantId.length > 0);
  acme = { tenantId, secret };
  assert.notEqual(await apiStatus(secret), 401, "the new tenant's secret authenticates");
  await page.getByRole("link", { name: "Acme Production", exact: true }).waitFor();
  await waitForStatus("Tenant Acme Production created.");

  await panel.getByRole("button", { name: "I have stored it" }).click();
  assert.equal(await page.locator(".secret-panel").count(), 0);
  assert.ok(!((await page.content()).includes(secret)), "the secret is gone from the page");
});

test("rotating a secret without grace: the new one works, the old one stops", async () => {
  await page.getByLabel("Tenant", { exact: true }).selectOption(acme.tenantId);
  await heading("Dashboard");
  await nav("API secrets");
  await page.getByLabel("Grace period for the current secret").selectOption("0");
  await page.getByRole("button", { name: "Rotate secret" }).click();
  const dialog = page.getByRole("dialog", { name: "Rotate the API secret?" });
  await dialog.getByRole("button", { name: "Rotate" }).click();
  const panel = page.locator(".secret-panel");
  await panel.getByRole("heading", { name: "New API secret" }).waitFor();
  const rotated = await panel.getByTestId("secret-value").inputValue();
  assert.notEqual(rotated, acme.secret);
  assert.notEqual(await apiStatus(rotated), 401, "the new secret authenticates");
  assert.equal(await apiStatus(acme.secret), 401, "the old secret no longer does");
  await waitForStatus("The API secret was rotated.");
});

test("dashboard: challenges per hour as an SVG chart with a table alternative, and approval latency", async () => {
  await page.getByLabel("Tenant", { exact: true }).selectOption(server.tenantId);
  await heading("API secrets"); // the switcher keeps the screen
  await nav("Dashboard");
  await page.locator("svg.chart").waitFor();
  const stats = (await admin(`/tenants/${server.tenantId}/stats?hours=24`)).body as { hours: Array<Record<string, number>>; approvalLatencyMs: { count: number } };
  const total = (series: string) => stats.hours.reduce((n, hour) => n + (hour[series] ?? 0), 0);
  const nonZero = (series: string) => stats.hours.filter((hour) => (hour[series] ?? 0) > 0).length;
  assert.ok(total("approved") > 50 && total("denied") >= 6 && total("superseded") >= 3, JSON.stringify(stats));
  for (const series of ["approved", "denied", "superseded"]) {
    assert.equal(await page.locator(`.tile-${series} .tile-value`).textContent(), String(total(series)), series);
    assert.equal(await page.locator(`svg.chart rect.seg-${series}`).count(), nonZero(series), `one ${series} segment per hour that has some`);
  }
  assert.match((await page.locator("svg.chart desc").textContent()) ?? "", new RegExp(`${total("approved")} approved, ${total("denied")} denied`));
  const p50 = (await page.getByTestId("latency-p50").textContent()) ?? "";
  assert.match(p50, /^\d+\.\d+ s$/, "approval latency is seconds here");
  await page.getByText("Show the numbers as a table").click();
  const rows = page.locator(".chart-table tbody tr");
  assert.equal(await rows.count(), stats.hours.filter((hour) => ["approved", "denied", "expired", "superseded", "pending"].some((k) => (hour[k] ?? 0) > 0)).length);
  await page.getByText("Show the numbers as a table").click();
  await shot("dashboard");
});

test("rules: API validation messages, a rule added through the editor, saved, and tried in a dry run", async () => {
  await nav("Rules");
  await page.getByLabel("Action code").fill("signIn");
  await page.getByRole("button", { name: "Edit rules" }).click();
  await heading("Rules: signIn");
  await page.getByText("Not saved yet").waitFor();
  const editor = page.getByLabel("Configuration (JSON)");

  await editor.fill('{"defaultOutcome": "CHALLENGE", "rules": [');
  await page.getByText("The JSON is not valid at line 1").waitFor();
  await editor.fill(JSON.stringify({ defaultOutcome: "CHALLENGE", rules: [{ name: "Bad", outcome: "ALLOW", condition: { field: "ip", op: "gt", value: "10.0.0.1" } }] }));
  await page.getByRole("button", { name: "Save rules" }).click();
  await page.getByRole("alert").filter({ hasText: "rules[0].condition.op must be one of eq, ne, in, inCidr, notInCidr for field ip" }).waitFor();
  await page.getByRole("button", { name: "Revert" }).click();

  await page.getByLabel("Rule name").fill("Office network");
  await page.getByLabel("Outcome", { exact: true }).selectOption("ALLOW");
  await page.getByLabel("Field", { exact: true }).selectOption("ip");
  await page.getByLabel("Operator").selectOption("inCidr");
  await page.getByLabel("Value", { exact: true }).fill("10.0.0.0/8, 192.168.0.0/16");
  await page.getByRole("button", { name: "Add rule to the editor" }).click();
  const list = page.getByTestId("rule-list");
  await list.getByText("Office network").waitFor();
  await list.getByText("ip in range [10.0.0.0/8, 192.168.0.0/16]").waitFor();
  await page.getByRole("button", { name: "Save rules" }).click();
  await waitForStatus("Rules for signIn saved (1 rule).");
  await page.getByText("Saved configuration, last changed").waitFor();
  const stored = (await admin(`/tenants/${server.tenantId}/actions/signIn`)).body;
  assert.equal(stored.rules.length, 1);
  assert.deepEqual(stored.rules[0].condition, { field: "ip", op: "inCidr", value: ["10.0.0.0/8", "192.168.0.0/16"] });
  assert.match(await list.textContent() ?? "", new RegExp(stored.rules[0].ruleId), "the editor shows the id the server gave");
  await page.getByRole("table").getByRole("link", { name: "signIn" }).waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot("rules");

  await page.getByLabel("User ID").fill("zoe");
  await page.getByLabel("IP address").fill("10.1.2.3");
  await page.getByLabel("Use the configuration in the editor").uncheck();
  await page.getByRole("button", { name: "Run" }).click();
  const result = page.getByTestId("dry-run-result");
  await result.getByRole("heading", { name: "Outcome ALLOW" }).waitFor();
  const text = (await result.textContent()) ?? "";
  assert.match(text, /Office network/);
  assert.match(text, /"10\.1\.2\.3"/, "the facts show the IP address");
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "dry-run-result", "the result takes focus");
  await shot("rules-dry-run");

  await page.getByLabel("IP address").fill("198.51.100.7");
  await page.getByRole("button", { name: "Run" }).click();
  await result.getByRole("heading", { name: "Outcome CHALLENGE" }).waitFor();
  assert.match((await result.textContent()) ?? "", /None — the default outcome applied/);
});

test("users: search, the user's timeline, and revoking the authenticator after confirmation", async () => {
  await nav("Users");
  await page.getByLabel("Find users").fill("zo");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: "zoe", exact: true }).click();
  await heading("User zoe");
  const timeline = page.getByTestId("timeline");
  await timeline.waitFor();
  const items = await timeline.locator("li").allTextContents();
  assert.ok(items.some((t) => t.includes("signIn") && t.includes("CHALLENGE_SUCCEEDED") && t.includes("198.51.100.7")), items.join(" | "));
  assert.ok(items.some((t) => t.includes("signIn") && t.includes("CHALLENGE_FAILED")), items.join(" | "));
  await page.getByRole("rowheader", { name: "Zoe's phone", exact: true }).waitFor();
  await timeline.scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot("user");

  await page.getByRole("button", { name: "Revoke Zoe's phone" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  assert.equal((await admin(`/tenants/${server.tenantId}/users/zoe`)).body.authenticators.length, 1, "cancel keeps it");

  await page.getByRole("button", { name: "Revoke Zoe's phone" }).click();
  await page.getByRole("dialog", { name: "Revoke “Zoe's phone”?" }).getByRole("button", { name: "Revoke authenticator" }).click();
  await waitForStatus("Authenticator “Zoe's phone” revoked.");
  await page.getByText("No authenticators: the user is not enrolled.").waitFor();
  assert.equal((await admin(`/tenants/${server.tenantId}/users/zoe`)).body.authenticators.length, 0);
  const removed = (await admin(`/tenants/${server.tenantId}/audit?type=credential.removed&userId=zoe`)).body.events;
  assert.equal(removed[0]?.actor, "admin");
  assert.ok(JSON.stringify(removed[0]).includes(zoeAuthenticatorId), JSON.stringify(removed[0]));
});

test("webhooks: endpoints, the delivery log with attempts, and redelivery", async () => {
  await nav("Webhooks");
  await page.getByRole("cell", { name: `${receiver.url}/ok` }).first().waitFor();
  await page.getByRole("cell", { name: `${receiver.url}/fail` }).first().waitFor();
  const log = page.getByRole("region", { name: "Webhook deliveries, newest first" });
  await log.waitFor();
  assert.ok((await log.locator(".badge-delivered").count()) >= 1);
  const failing = log.locator("tr", { hasText: `${receiver.url}/fail` }).first();
  assert.match((await failing.textContent()) ?? "", /HTTP 500/);
  await failing.locator("summary").click();
  assert.ok((await failing.locator(".attempts li").count()) >= 2, "the attempt log lists each attempt");
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot("webhooks");
  await failing.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 420));
  await shot("webhook-deliveries");

  await failing.getByRole("button", { name: /^Redeliver/ }).click();
  await waitForStatus(/queued again/);

  await page.locator("summary", { hasText: "Add an endpoint" }).click();
  await page.getByLabel("Endpoint URL").waitFor({ state: "visible" });
  await page.getByLabel("Endpoint URL").fill("not a url");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await page.getByRole("alert").filter({ hasText: "url" }).waitFor();
});

test("settings: number matching, CORS origins and brand colour are saved; bad values are explained", async () => {
  await nav("Settings");
  await page.getByLabel("Push challenge lifetime (seconds)").fill("5");
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByRole("alert").filter({ hasText: "Push challenge lifetime (seconds) must be from 10 to 3600." }).waitFor();
  assert.equal(await page.getByLabel("Push challenge lifetime (seconds)").getAttribute("aria-invalid"), "true");
  await page.getByLabel("Push challenge lifetime (seconds)").fill("120");
  await page.getByLabel(/Choices/).check();
  await page.getByLabel("Allowed origins (CORS)").fill("https://app.example.com\nhttp://localhost:3000/");
  await page.getByLabel("Brand colour", { exact: true }).fill("#AA3366");
  assert.equal(await page.locator(".brand-sample-button").evaluate((el) => getComputedStyle(el).backgroundColor), "rgb(170, 51, 102)", "the preview shows the colour");
  await page.getByRole("button", { name: "Save settings" }).click();
  await waitForStatus(/^Saved: /);
  const tenant = (await admin(`/tenants/${server.tenantId}`)).body;
  assert.equal(tenant.challengeTtlSeconds, 120);
  assert.equal(tenant.numberMatching, "choices");
  assert.deepEqual(tenant.allowedOrigins, ["https://app.example.com", "http://localhost:3000"]);
  assert.equal(tenant.brandColor, "#aa3366");
  await page.getByLabel("Enrolment link template").fill("https://example.com/no-token");
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByRole("alert").filter({ hasText: "Enrolment link template must be a URL containing {token}" }).waitFor();
});

test("push providers: Web Push gets generated VAPID keys (or the API's error is shown)", async () => {
  await nav("Push providers");
  const available = (await admin(`/tenants/${server.tenantId}/push-providers`)).status === 200;
  if (!available) {
    await page.getByRole("alert").first().waitFor();
    return;
  }
  const card = page.locator("section", { has: page.getByRole("heading", { name: "Web Push (VAPID)" }) });
  await card.getByText("Configure", { exact: true }).click();
  await card.getByLabel("Subject").fill("mailto:ops@example.com");
  await card.getByRole("button", { name: "Save Web Push" }).click();
  await waitForStatus("Web Push (VAPID) saved.");
  await card.getByRole("term").filter({ hasText: "VAPID public key" }).waitFor();
  await card.locator(".badge", { hasText: "Configured" }).waitFor();
  await card.getByRole("button", { name: "Remove Web Push" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
  await waitForStatus("Web Push (VAPID) removed.");
  await card.getByText("Not configured").waitFor();
});

test("audit log: filtered by type and user, paginated", async () => {
  await nav("Audit log");
  await page.getByLabel("Type").selectOption("credential.removed");
  await page.getByLabel("User ID").fill("zoe");
  await page.getByRole("button", { name: "Apply filters" }).click();
  const events = page.getByRole("region", { name: "Audit events, newest first" });
  await events.locator("tbody tr", { hasText: "credential.removed" }).waitFor();
  assert.equal(await events.locator("tbody tr").count(), 1);
  assert.match(page.url(), /audit\?type=credential\.removed&userId=zoe/, "filters are kept in the address");

  await page.getByRole("button", { name: "Clear" }).click();
  await page.getByLabel("Per page").selectOption("25");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await page.getByText("Page 1").waitFor();
  const firstPage = await events.locator("tbody tr").count();
  if (firstPage === 25) {
    await page.getByRole("button", { name: "Older →" }).click();
    await page.getByText("Page 2").waitFor();
    await page.getByRole("button", { name: "← Newer" }).click();
    await page.getByText("Page 1").waitFor();
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot("audit");
});

test("sign-out ends the session; the page made no CSP violations or script errors", async () => {
  await page.getByRole("button", { name: "Sign out" }).click();
  await heading("Sign in to Signet admin");
  await page.getByText("You are signed out.").waitFor();
  const after = await page.evaluate(async () => (await fetch("/admin/session")).status);
  assert.equal(after, 401);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, [], "no Content-Security-Policy violations or other console errors");
});
