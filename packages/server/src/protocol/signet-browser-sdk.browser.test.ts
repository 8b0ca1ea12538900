import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { freePort, startTestServer, type TestServer } from "../testing/test-server.js";
import { call, deviceAuth, newTestKey, publicKeyQuery, serverAuth, type TestKey } from "../testing/test-keys.js";

// The @signet/browser SDK (packages/browser/dist, loaded as-is, no bundler) in real headless Chromium,
// from another origin than Signet's (so CORS is exercised), against the real server. The phone is
// played here in Node with a test key.

const CHROMIUM = "/usr/bin/chromium";
const BROWSER_DIST = fileURLToPath(new URL("../../../browser/dist/", import.meta.url));

/** Page-side harness: loads the SDK from /dist and keeps each run's states, transports and result. */
const HARNESS = `
import { Signet } from "/dist/index.js";
const runs = new Map();
let next = 0;
const sockets = [];
class TrackedWebSocket extends WebSocket {
  constructor(url, protocols) { super(url, protocols); sockets.push(this); }
}
function newRun() {
  const run = { states: [], transports: [], errors: [] };
  const id = ++next;
  runs.set(id, run);
  return [id, run];
}
window.harness = {
  async startPush({ apiUrl, tenantId, token, transport, wsUrl }) {
    const signet = new Signet({ tenantId, baseUrl: apiUrl, WebSocket: TrackedWebSocket, ...(wsUrl ? { wsUrl } : {}) });
    signet.setToken(token);
    const started = await signet.push.challenge({ action: "signIn" });
    if (started.error) return { started };
    const [id, run] = newRun();
    run.done = signet.push.waitForResult({
      challengeId: started.data.challengeId,
      transport,
      onStateChange: (state, token) => run.states.push({ state, token }),
      onTransportChange: (name) => run.transports.push(name),
    });
    return { id, started };
  },
  async startQr({ apiUrl, tenantId, transport }) {
    const signet = new Signet({ tenantId, baseUrl: apiUrl, WebSocket: TrackedWebSocket });
    const [id, run] = newRun();
    run.signet = signet;
    const created = await signet.qrCode.challenge({
      action: "signIn",
      transport,
      onStateChange: (state, token) => run.states.push({ state, token }),
      onError: (e) => run.errors.push(e),
    });
    return { id, created };
  },
  run: (id) => ({ states: runs.get(id).states, transports: runs.get(id).transports, errors: runs.get(id).errors }),
  result: (id) => runs.get(id).done,
  disconnect: (id) => runs.get(id).signet.qrCode.disconnect(),
  openSockets: () => sockets.filter((s) => s.readyState === WebSocket.CONNECTING || s.readyState === WebSocket.OPEN).length,
};
`;

const CONTENT_TYPES: Record<string, string> = { ".js": "text/javascript; charset=utf-8", ".map": "application/json", ".ts": "text/plain" };

/** A static server on its own loopback port (another origin): the page, the harness and packages/browser/dist. */
async function startStaticServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://x").pathname;
    if (path === "/") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(`<!doctype html><meta charset="utf-8"><title>signet sdk</title><script type="module" src="/harness.js"></script>`);
      return;
    }
    if (path === "/harness.js") {
      response.writeHead(200, { "content-type": CONTENT_TYPES[".js"]! });
      response.end(HARNESS);
      return;
    }
    if (path.startsWith("/dist/")) {
      const file = normalize(join(BROWSER_DIST, path.slice("/dist/".length)));
      if (file.startsWith(BROWSER_DIST.endsWith(sep) ? BROWSER_DIST : BROWSER_DIST + sep) && existsSync(file) && statSync(file).isFile()) {
        response.writeHead(200, { "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream" });
        response.end(readFileSync(file));
        return;
      }
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address !== "object") throw new Error("no address");
  return { server, origin: `http://127.0.0.1:${address.port}` };
}

let signet: TestServer | undefined;
let web: { server: Server; origin: string } | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

before(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install -y chromium`);
  if (!existsSync(join(BROWSER_DIST, "index.js"))) throw new Error("packages/browser/dist is missing: run `npx tsc -b packages/browser` first");
  signet = await startTestServer();
  web = await startStaticServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  page = await browser.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(`${web.origin}/`);
  await page.waitForFunction(() => "harness" in window);
  assert.notEqual(new URL(web.origin).origin, new URL(signet.origin).origin, "the page runs on another origin than Signet");
});

after(async () => {
  await browser?.close();
  if (web) {
    web.server.closeAllConnections();
    await new Promise((resolve) => web!.server.close(resolve));
  }
  await signet?.close();
});

const server = () => signet!;

// ---- the phone, played in Node ----

async function enrol(userId: string, method: "push" | "qr-code"): Promise<TestKey> {
  const key = newTestKey();
  const enrolment = await call(`${server().apiUrl}/users/${userId}/actions/enroll`, { auth: serverAuth(server().apiSecretKey), body: { scope: "add:authenticators" } });
  const added = await call(`${server().apiUrl}/client/user-authenticators/${method}`, { auth: `Bearer ${enrolment.body.token}`, body: { publicKey: key.publicKey } });
  assert.equal(added.status, 200, JSON.stringify(added.body));
  return key;
}

async function track(userId: string): Promise<string> {
  const tracked = await call(`${server().apiUrl}/users/${userId}/actions/signIn`, { auth: serverAuth(server().apiSecretKey), body: {} });
  assert.equal(tracked.status, 200, JSON.stringify(tracked.body));
  return tracked.body.token as string;
}

/** The phone fetches its pending push challenge (as the device SDK does) and answers it. */
async function answerPush(key: TestKey, expectedChallengeId: string, approved: boolean, verificationCode?: string) {
  const seen = await call(`${server().apiUrl}/client/user-authenticators/push/challenge?publicKey=${publicKeyQuery(key.publicKey)}`, { auth: deviceAuth(server().tenantId) });
  assert.equal(seen.body.challengeId, expectedChallengeId);
  const answered = await call(`${server().apiUrl}/client/user-authenticators/push/challenge`, {
    auth: deviceAuth(server().tenantId),
    body: { challengeId: expectedChallengeId, publicKey: key.publicKey, approved, signature: key.sign(expectedChallengeId), ...(verificationCode ? { verificationCode } : {}) },
  });
  assert.equal(answered.status, 200, JSON.stringify(answered.body));
  return { seen: seen.body, answered: answered.body };
}

const claimQr = (key: TestKey, challengeId: string) =>
  call(`${server().apiUrl}/client/user-authenticators/qr-code/challenge/claim`, {
    auth: deviceAuth(server().tenantId),
    body: { challengeId, publicKey: key.publicKey, signature: key.sign(challengeId) },
  });
const answerQr = (key: TestKey, challengeId: string, approved: boolean, verificationCode?: string) =>
  call(`${server().apiUrl}/client/user-authenticators/qr-code/challenge`, {
    auth: deviceAuth(server().tenantId),
    body: { challengeId, publicKey: key.publicKey, approved, signature: key.sign(challengeId), ...(verificationCode ? { verificationCode } : {}) },
  });

const validate = async (token: string) => (await call(`${server().apiUrl}/validate`, { auth: serverAuth(server().apiSecretKey), body: { token } })).body;

const setNumberMatching = async (mode: "off" | "type") => {
  const patched = await call(`${server().origin}/admin/v1/tenants/${server().tenantId}`, { method: "PATCH", auth: `Bearer ${server().adminToken}`, body: { numberMatching: mode } });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
};

// ---- the page ----

interface RunView {
  states: Array<{ state: string; token?: string }>;
  transports: string[];
  errors: Array<{ error: string; errorCode: string }>;
}

const harness = <T>(method: string, arg?: unknown): Promise<T> =>
  page.evaluate(([m, a]) => (window as unknown as { harness: Record<string, (x: unknown) => unknown> }).harness[m as string]!(a), [method, arg] as const) as Promise<T>;

async function startPush(userId: string, transport: string, extra: { wsUrl?: string } = {}) {
  const token = await track(userId);
  const started = await harness<{ id?: number; started: { data?: { challengeId: string; verificationCode?: string }; error?: string } }>("startPush", {
    apiUrl: server().apiUrl,
    tenantId: server().tenantId,
    token,
    transport,
    ...extra,
  });
  assert.ok(started.id && started.started.data, `push.challenge failed: ${JSON.stringify(started.started)}`);
  return { id: started.id, challengeId: started.started.data.challengeId, verificationCode: started.started.data.verificationCode };
}

/** Waits until the page's run satisfies `check`. */
async function untilRun(id: number, check: (run: RunView) => boolean, what: string, ms = 15_000): Promise<RunView> {
  const deadline = Date.now() + ms;
  for (;;) {
    const run = await harness<RunView>("run", id);
    if (check(run)) return run;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(run)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const hasState = (state: string) => (run: RunView) => run.states.some((s) => s.state === state);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the transport is following the challenge, so that the approval is seen in real time. */
async function untilFollowing(id: number, transport: string) {
  if (transport === "long-poll") {
    // A held long-poll reports nothing until the state changes: give the request time to reach the server.
    await untilRun(id, (r) => r.transports.includes("long-poll"), "long-poll to start");
    await sleep(400);
  } else {
    await untilRun(id, hasState("pending"), `the ${transport} transport to report pending`);
  }
}

for (const transport of ["websocket", "sse", "long-poll", "polling"] as const) {
  test(`push over ${transport}: challenge, then waitForResult sees the approval; the token validates`, { timeout: 60_000 }, async () => {
    const userId = `push-${transport}`;
    const key = await enrol(userId, "push");
    const { id, challengeId } = await startPush(userId, transport);
    await untilFollowing(id, transport);
    const approvedAt = Date.now();
    await answerPush(key, challengeId, true);
    const result = await harness<{ data?: { isVerified: boolean; token?: string; state: string; transport: string }; error?: string }>("result", id);
    const latency = Date.now() - approvedAt;
    assert.ok(result.data, JSON.stringify(result));
    assert.equal(result.data.isVerified, true);
    assert.equal(result.data.state, "approved");
    assert.equal(result.data.transport, transport, "the forced transport saw the result (long-poll did not degrade to polling)");
    assert.equal(typeof result.data.token, "string");
    if (transport !== "polling") assert.ok(latency < 1500, `${transport} saw the approval in ${latency} ms`);
    const run = await harness<RunView>("run", id);
    assert.deepEqual(run.transports, [transport]);
    assert.equal(run.states.at(-1)?.state, "approved");
    assert.equal(run.states.at(-1)?.token, result.data.token);
    const valid = await validate(result.data.token!);
    assert.equal(valid.isValid, true);
    assert.equal(valid.userId, userId);
    assert.equal(valid.actionCode, "signIn");
    assert.equal(valid.verificationMethod, "PUSH");
    await sleep(50);
    assert.equal(await harness<number>("openSockets"), 0, "no socket is left open");
  });
}

test("push, auto: a denial resolves not verified (state rejected), over the WebSocket", { timeout: 60_000 }, async () => {
  const key = await enrol("push-deny", "push");
  const { id, challengeId } = await startPush("push-deny", "auto");
  await untilFollowing(id, "websocket");
  await answerPush(key, challengeId, false);
  const result = await harness<{ data?: { isVerified: boolean; token?: string; state: string; transport: string } }>("result", id);
  assert.deepEqual(result.data, { isVerified: false, state: "rejected", transport: "websocket" });
});

test("push, auto: with the socket unreachable it falls back to SSE, and still sees the approval", { timeout: 60_000 }, async () => {
  const key = await enrol("push-fallback", "push");
  const deadPort = await freePort();
  const { id, challengeId } = await startPush("push-fallback", "auto", { wsUrl: `ws://127.0.0.1:${deadPort}/ws-v1-challenge` });
  const run = await untilRun(id, hasState("pending"), "pending over the fallback");
  assert.deepEqual(run.transports, ["websocket", "sse"]);
  await answerPush(key, challengeId, true);
  const result = await harness<{ data?: { isVerified: boolean; token?: string; transport: string } }>("result", id);
  assert.equal(result.data?.isVerified, true);
  assert.equal(result.data?.transport, "sse");
  assert.equal((await validate(result.data!.token!)).isValid, true);
});

for (const transport of ["websocket", "long-poll"] as const) {
  test(`QR code over ${transport}: unclaimed → claimed → approved with a token`, { timeout: 60_000 }, async () => {
    const userId = `qr-${transport}`;
    const key = await enrol(userId, "qr-code");
    const { id, created } = await harness<{ id: number; created: { data?: { challengeId: string; expiresAt: string }; error?: string } }>("startQr", {
      apiUrl: server().apiUrl,
      tenantId: server().tenantId,
      transport,
    });
    assert.ok(created.data, JSON.stringify(created));
    const { challengeId, expiresAt } = created.data;
    assert.ok(Date.parse(expiresAt) > Date.now());
    // Unclaimed: no change reported yet (the official SDK reports changes after creation only).
    assert.deepEqual((await harness<RunView>("run", id)).states, []);
    if (transport === "long-poll") await sleep(400); // let the held verify request reach the server

    const claimed = await claimQr(key, challengeId);
    assert.equal(claimed.status, 200, JSON.stringify(claimed.body));
    assert.match(String(claimed.body.userAgent), /HeadlessChrome/, "the phone is shown the browser that asks");
    await untilRun(id, hasState("claimed"), "claimed");

    assert.deepEqual((await answerQr(key, challengeId, true)).body, { isVerified: true });
    const run = await untilRun(id, hasState("approved"), "approved");
    assert.deepEqual(
      run.states.map((s) => s.state),
      ["claimed", "approved"],
    );
    const token = run.states.at(-1)!.token;
    assert.equal(typeof token, "string");
    const valid = await validate(token!);
    assert.equal(valid.isValid, true);
    assert.equal(valid.userId, userId);
    assert.equal(valid.verificationMethod, "QR_CODE");
    assert.deepEqual(run.errors, []);
    await harness("disconnect", id);
    await sleep(50);
    assert.equal(await harness<number>("openSockets"), 0, "no socket is left open");
  });
}

test("number matching: push.challenge and the QR code carry the verificationCode the user enters on the phone", { timeout: 60_000 }, async () => {
  await setNumberMatching("type");
  try {
    const key = await enrol("push-number", "push");
    const { id, challengeId, verificationCode } = await startPush("push-number", "auto");
    assert.match(verificationCode ?? "", /^\d\d$/, "the page has a code to show");
    await untilFollowing(id, "websocket");
    const { seen, answered } = await answerPush(key, challengeId, true, verificationCode);
    assert.equal(seen.verificationCodeRequired, true);
    assert.equal(JSON.stringify(seen).includes(`"${verificationCode}"`), false, "the phone is not told the code");
    assert.deepEqual(answered, { isVerified: true });
    const result = await harness<{ data?: { isVerified: boolean; token?: string } }>("result", id);
    assert.equal(result.data?.isVerified, true);
    assert.equal((await validate(result.data!.token!)).isValid, true);

    const qrKey = await enrol("qr-number", "qr-code");
    const qr = await harness<{ id: number; created: { data?: { challengeId: string; verificationCode?: string } } }>("startQr", {
      apiUrl: server().apiUrl,
      tenantId: server().tenantId,
      transport: "long-poll",
    });
    const code = qr.created.data?.verificationCode;
    assert.match(code ?? "", /^\d\d$/);
    await claimQr(qrKey, qr.created.data!.challengeId);
    assert.deepEqual((await answerQr(qrKey, qr.created.data!.challengeId, true, code)).body, { isVerified: true });
    const run = await untilRun(qr.id, hasState("approved"), "QR approved with number matching");
    assert.equal(typeof run.states.at(-1)?.token, "string");
    await harness("disconnect", qr.id);
  } finally {
    await setNumberMatching("off");
  }
});

test("the page saw no uncaught error", () => {
  assert.deepEqual(pageErrors, []);
});
