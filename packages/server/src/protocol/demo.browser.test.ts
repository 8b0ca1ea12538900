import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { launchChromium } from "../testing/chromium.js";

// The demo (packages/demo: Signet, the demo web app and the phone PWA in one process) driven end to
// end in headless Chromium: context A is the laptop, context B the phone, with its own IndexedDB
// holding the phone's non-extractable key. Screenshots go to docs/screenshots/demo-*.png.

/** What this test uses of packages/demo (loaded from its dist at run time: the server does not depend on it). */
interface Demo {
  signetUrl: string;
  appUrl: string;
  close(): Promise<void>;
}
type StartDemo = (options: { port: number; appPort: number; host: string; dataDir: string; env: Record<string, string> }) => Promise<Demo>;

const DEMO_ENTRY = new URL("../../../demo/dist/index.js", import.meta.url);
const SCREENSHOTS = fileURLToPath(new URL("../../../../docs/screenshots/", import.meta.url));
const STEP_MS = 20_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

let demo: Demo;
let dataDir: string;
let browser: Browser;
let laptopContext: BrowserContext;
let phoneContext: BrowserContext;
let laptop: Page;
let phone: Page;
/** Script errors and CSP refusals on the demo's own pages (not on Signet's hosted page): none are expected. */
const problems: string[] = [];

function watch(page: Page, name: string): void {
  const ours = () => page.url().startsWith(demo.appUrl);
  page.on("pageerror", (error) => ours() && problems.push(`${name}: ${error.message}`));
  page.on("console", (message) => {
    if (ours() && /Content Security Policy|Refused to/i.test(message.text())) problems.push(`${name}: ${message.text()}`);
  });
}

before(async () => {
  if (!existsSync(fileURLToPath(DEMO_ENTRY))) throw new Error(`${fileURLToPath(DEMO_ENTRY)} is missing: build the demo first (npx tsc -b packages/demo)`);
  const { startDemo } = (await import(DEMO_ENTRY.href)) as { startDemo: StartDemo };
  dataDir = mkdtempSync(join(tmpdir(), "signet-demo-test-"));
  const port = await freePort();
  let appPort = await freePort();
  while (appPort === port) appPort = await freePort();
  demo = await startDemo({ port, appPort, host: "127.0.0.1", dataDir, env: { SIGNET_LOG_LEVEL: "silent" } });
  browser = await launchChromium();
  const version = browser.version();
  laptopContext = await browser.newContext({
    viewport: { width: 1100, height: 860 },
    userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${version} Safari/537.36`,
  });
  phoneContext = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    userAgent: `Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${version} Mobile Safari/537.36`,
  });
  for (const context of [laptopContext, phoneContext]) context.setDefaultTimeout(STEP_MS);
  laptop = await laptopContext.newPage();
  watch(laptop, "laptop");
  mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  try {
    assert.deepEqual(problems, [], "no script errors or CSP refusals on the demo's pages");
  } finally {
    await browser?.close();
    await demo?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
});

const me = (page: Page) => page.evaluate(async () => (await fetch("/api/me")).json() as Promise<{ signedIn: boolean; username?: string; method?: string }>);

/** The request the phone shows, once it arrives. */
async function phoneRequest(): Promise<Locator> {
  const request = phone.locator("article.request");
  await request.waitFor();
  return request;
}

/** The laptop starts a sign-in with its own UI and reads the number to match. */
async function startCustomSignIn(): Promise<string> {
  await laptop.getByRole("button", { name: "Sign in (custom UI)" }).click();
  const code = laptop.locator("#match-code");
  await code.waitFor({ state: "visible" });
  const text = (await code.textContent())?.trim() ?? "";
  assert.match(text, /^\d{2}$/, "the page shows a two-digit number to match");
  return text;
}

async function pick(request: Locator, code: string): Promise<void> {
  await request.getByRole("button", { name: code, exact: true }).click();
  assert.equal(await request.getByRole("button", { name: code, exact: true }).getAttribute("aria-pressed"), "true");
}

test("the demo serves its pages with a strict CSP, the SDKs and an installable phone app", async () => {
  const page = await fetch(`${demo.appUrl}/`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-security-policy") ?? "", /script-src 'self';/);
  const manifest = (await (await fetch(`${demo.appUrl}/phone/manifest.webmanifest`)).json()) as { icons: { src: string; type: string }[]; start_url: string };
  assert.equal(manifest.start_url, "/phone/");
  for (const icon of manifest.icons) {
    const answer = await fetch(`${demo.appUrl}${icon.src}`);
    assert.equal(answer.status, 200, icon.src);
    assert.equal(answer.headers.get("content-type"), icon.type);
  }
  for (const path of ["/sdk/index.js", "/device-sdk/index.js", "/phone/sw.js", "/app/main.js", "/phone/main.js"]) {
    assert.equal((await fetch(`${demo.appUrl}${path}`)).status, 200, path);
  }
  assert.equal((await fetch(`${demo.appUrl}/sdk/push.test.js`)).status, 404, "compiled tests are not served");
  assert.equal((await fetch(`${demo.appUrl}/sdk/%2e%2e/package.json`)).status, 404, "nothing outside the served folders");
  const wrongType = await fetch(`${demo.appUrl}/api/sign-in`, { method: "POST", body: "username=ada" });
  assert.equal(wrongType.status, 415);
});

test("enrol the phone from the web app, sign in with the custom UI, approve on the phone", { timeout: 90_000 }, async () => {
  await laptop.goto(`${demo.appUrl}/`);
  await laptop.locator("body[data-ready=true]").waitFor({ state: "attached" });
  await laptop.getByLabel("Username").fill("ada");

  // "Set up your phone": the demo backend tracks `enroll` with add:authenticators and shows a QR code and link.
  await laptop.getByRole("button", { name: "Set up your phone" }).click();
  await laptop.locator("#enrol-qr svg").waitFor();
  const link = await laptop.locator("#enrol-link").getAttribute("href");
  assert.ok(link?.startsWith(`${demo.appUrl}/phone/#enrol=`), `an enrolment link to the phone app, got ${link}`);
  await laptop.screenshot({ path: join(SCREENSHOTS, "demo-laptop-enrol.png") });

  // The phone opens the link: it makes its key in IndexedDB and enrols.
  phone = await phoneContext.newPage();
  watch(phone, "phone");
  await phone.goto(link!);
  await phone.getByRole("heading", { name: "This phone is ready" }).waitFor();
  assert.equal(await phone.locator(".user").textContent(), "ada");
  assert.equal(new URL(phone.url()).hash, "", "the token is taken out of the address bar");
  const stored = await phone.evaluate(
    () =>
      new Promise<{ extractable: boolean; type: string } | null>((resolve, reject) => {
        const open = indexedDB.open("signet-device");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = Array.from(db.objectStoreNames);
          if (names.length === 0) return resolve(null);
          const read = db.transaction(names[0]!).objectStore(names[0]!).get("push");
          read.onsuccess = () => {
            const pair = read.result as CryptoKeyPair | undefined;
            resolve(pair ? { extractable: pair.privateKey.extractable, type: pair.privateKey.type } : null);
          };
          read.onerror = () => reject(read.error);
        };
      }),
  );
  assert.deepEqual(stored, { extractable: false, type: "private" }, "the phone's private key is a non-extractable key in IndexedDB");
  await phone.screenshot({ path: join(SCREENSHOTS, "demo-phone-enrolled.png") });

  // Sign in with the page's own UI: the number to match appears at once.
  const code = await startCustomSignIn();
  await laptop.screenshot({ path: join(SCREENSHOTS, "demo-laptop-sign-in.png") });

  // The phone learns of it by long-poll and shows who is asking and from where.
  const request = await phoneRequest();
  assert.equal(await request.locator(".action").textContent(), "Sign in");
  assert.equal(await request.locator(".ip").textContent(), "127.0.0.1");
  assert.equal(await request.locator(".browser").textContent(), "Chrome on Linux");
  assert.match((await request.locator(".time-left").textContent()) ?? "", /^\d+:\d\d$/);
  assert.equal(await request.getByRole("button", { name: "Approve" }).isDisabled(), true, "Approve waits for a number to be picked");
  const choices = await request.locator(".choice").allTextContents();
  assert.equal(choices.length, 3);
  assert.ok(choices.includes(code), `the choices ${choices.join(", ")} include ${code}`);
  await pick(request, code);
  await phone.screenshot({ path: join(SCREENSHOTS, "demo-phone-request.png") });
  await request.getByRole("button", { name: "Approve" }).click();

  // The laptop sees the approval in real time; the demo backend validated the token and set its cookie.
  await laptop.getByRole("heading", { name: "Welcome, ada" }).waitFor();
  assert.deepEqual(await me(laptop).then(({ signedIn, username, method }) => ({ signedIn, username, method })), { signedIn: true, username: "ada", method: "custom UI" });
  await phone.locator(".outcome.ok").waitFor();
  await laptop.screenshot({ path: join(SCREENSHOTS, "demo-signed-in.png") });
  const cookies = await laptopContext.cookies(demo.appUrl);
  const session = cookies.find((c) => c.name === "demo_session");
  assert.ok(session?.httpOnly, "the session cookie is HttpOnly");
  assert.equal(session?.sameSite, "Lax");
  // The phone app is a PWA: its service worker (scope /phone/) is running.
  const worker = await phone.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
  assert.equal(worker, `${demo.appUrl}/phone/sw.js`);
  assert.deepEqual(problems, []);
});

test("a denial on the phone leaves the laptop signed out", { timeout: 60_000 }, async () => {
  await laptop.getByRole("button", { name: "Sign out" }).click();
  await laptop.getByRole("heading", { name: "Sign in" }).waitFor();
  assert.equal((await me(laptop)).signedIn, false);

  await startCustomSignIn();
  const request = await phoneRequest();
  await request.getByRole("button", { name: "Deny" }).click();
  await laptop.locator('#challenge-state[data-state="rejected"]').waitFor();
  assert.match((await laptop.locator("#challenge-state").textContent()) ?? "", /Denied on your phone/);
  await phone.locator(".outcome", { hasText: "Denied" }).waitFor();
  assert.equal((await me(laptop)).signedIn, false);
  // The phone is listening again.
  await phone.locator(".waiting").waitFor();
});

test("sign in on Signet's hosted page, which sends the browser back to /callback", { timeout: 60_000 }, async (t) => {
  const probe = await fetch(`${demo.signetUrl}/hosted/challenge`);
  if (probe.status === 503) {
    t.skip("the hosted page is not built (packages/hosted-ui): /hosted/challenge answers 503");
    return;
  }
  await laptop.getByRole("button", { name: "Cancel" }).click();
  await laptop.getByRole("button", { name: "Sign in (hosted page)" }).click();
  await laptop.waitForURL((url) => url.href.startsWith(`${demo.signetUrl}/hosted/challenge`));
  const hostedCode = laptop.locator(".match-code");
  await hostedCode.waitFor();
  const code = (await hostedCode.textContent())?.trim() ?? "";
  assert.match(code, /^\d{2}$/);
  await laptop.screenshot({ path: join(SCREENSHOTS, "demo-hosted-page.png") });

  const request = await phoneRequest();
  await pick(request, code);
  await request.getByRole("button", { name: "Approve" }).click();
  await laptop.waitForURL(`${demo.appUrl}/`);
  await laptop.getByRole("heading", { name: "Welcome, ada" }).waitFor();
  const session = await me(laptop);
  assert.equal(session.signedIn, true);
  assert.equal(session.method, "hosted page");
});

test('"This wasn\'t me" on the phone refuses the sign-in and pauses the next ones', { timeout: 60_000 }, async () => {
  await laptop.goto(`${demo.appUrl}/`);
  await laptop.locator("body[data-ready=true]").waitFor({ state: "attached" });
  if (await laptop.getByRole("button", { name: "Sign out" }).isVisible()) {
    await laptop.getByRole("button", { name: "Sign out" }).click();
  }
  await laptop.getByLabel("Username").fill("ada");
  await startCustomSignIn();
  const request = await phoneRequest();
  await request.getByRole("button", { name: "This wasn't me" }).click();
  await laptop.locator('#challenge-state[data-state="rejected"]').waitFor();
  await phone.locator(".outcome", { hasText: "Reported" }).waitFor();

  await laptop.getByRole("button", { name: "Cancel" }).click();
  await laptop.getByRole("button", { name: "Sign in (custom UI)" }).click();
  const message = laptop.locator("#message");
  await message.waitFor({ state: "visible" });
  assert.match((await message.textContent()) ?? "", /try again/i, "the page says when sign-ins resume");
  assert.equal((await me(laptop)).signedIn, false);
});
