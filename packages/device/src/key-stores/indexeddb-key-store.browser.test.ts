// Runs IndexedDbKeyStore in headless Chromium: keys must survive a reload, stay non-extractable,
// and sign what node:crypto verifies. Needs Debian's Chromium at /usr/bin/chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { extname, join, normalize, sep } from "node:path";
import { chromium } from "playwright-core";
import type { Page } from "playwright-core";
import { verifyDer } from "../test-support/node-crypto.js";

const CHROMIUM = "/usr/bin/chromium";
const DIST = fileURLToPath(new URL("..", import.meta.url));

/** Serves packages/device/dist over http (ES modules do not load from file://), plus a blank page at "/". */
async function serveDist(): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    if (path === "/") {
      response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>signet device</title>");
      return;
    }
    const file = normalize(join(DIST, path));
    if (!file.startsWith(DIST.endsWith(sep) ? DIST : DIST + sep)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (content) => {
        const type = extname(file) === ".js" ? "text/javascript" : "application/octet-stream";
        response.writeHead(200, { "content-type": type }).end(content);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface PageKey {
  publicKey: string | null;
  privateExtractable?: boolean;
  publicExtractable?: boolean;
  algorithm?: unknown;
  privateJwkExport?: string;
}

/** Loads (or creates) the key under `alias` in the page, via the browser-safe main entry. */
function keyInPage(page: Page, alias: string, create: boolean): Promise<PageKey> {
  return page.evaluate(
    async ({ alias, create }) => {
      const entry = "/index.js";
      const { IndexedDbKeyStore } = (await import(entry)) as typeof import("../index.js");
      const store = new IndexedDbKeyStore({ dbName: "signet-browser-test" });
      const pair = create ? await store.create(alias) : await store.load(alias);
      if (!pair) return { publicKey: null };
      const spki = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
      const privateJwkExport = await crypto.subtle.exportKey("jwk", pair.privateKey).then(
        () => "exported",
        (error: unknown) => (error instanceof Error ? error.name : String(error)),
      );
      return {
        publicKey: btoa(String.fromCharCode(...spki)),
        privateExtractable: pair.privateKey.extractable,
        publicExtractable: pair.publicKey.extractable,
        algorithm: pair.privateKey.algorithm,
        privateJwkExport,
      };
    },
    { alias, create },
  );
}

/** Answers a push challenge with the SDK in the page (fake fetch) and returns the body it sent. */
function answerInPage(page: Page, challengeId: string): Promise<{ result: unknown; body: { publicKey: string; signature: string } }> {
  return page.evaluate(async (challengeId) => {
    const entry = "/index.js";
    const { SignetDevice, IndexedDbKeyStore } = (await import(entry)) as typeof import("../index.js");
    let sent = "";
    const fetch = async (_url: string, init: RequestInit) => {
      sent = String(init.body);
      return new Response(JSON.stringify({ isVerified: true }), { status: 200 });
    };
    const keyStore = new IndexedDbKeyStore({ dbName: "signet-browser-test" });
    const device = new SignetDevice({ tenantId: "tenant", baseUrl: "http://signet.invalid/v1", keyStore, fetch });
    const result = await device.push.updateChallenge({ challengeId, approved: true });
    return { result, body: JSON.parse(sent) as { publicKey: string; signature: string } };
  }, challengeId);
}

test("IndexedDbKeyStore in Chromium: non-extractable keys that survive a reload and sign verifiable DER", async (t) => {
  assert.ok(
    existsSync(CHROMIUM),
    `${CHROMIUM} is missing: this browser test needs Debian's Chromium (apt-get update && apt-get install -y chromium)`,
  );
  const { server, origin } = await serveDist();
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  t.after(() => browser.close());
  const page = await browser.newPage();
  page.on("pageerror", (error) => console.error("page error:", error));
  await page.goto(`${origin}/`);

  assert.deepEqual(await keyInPage(page, "push", false), { publicKey: null });
  const created = await keyInPage(page, "push", true);
  assert.equal(created.privateExtractable, false);
  assert.equal(created.publicExtractable, true);
  assert.deepEqual(created.algorithm, { name: "ECDSA", namedCurve: "P-256" });
  assert.equal(created.privateJwkExport, "InvalidAccessError", "the private key cannot be exported");
  assert.equal(Buffer.from(created.publicKey ?? "", "base64").length, 91, "P-256 SPKI DER");

  await page.reload();
  const reloaded = await keyInPage(page, "push", false);
  assert.deepEqual(reloaded, created, "the same key comes back after a reload");
  assert.deepEqual(await keyInPage(page, "in-app", false), { publicKey: null }, "aliases are separate");

  const { result, body } = await answerInPage(page, "ch_browser");
  assert.deepEqual(result, { data: { isVerified: true } });
  assert.equal(body.publicKey, created.publicKey);
  assert.ok(verifyDer(body.publicKey, "ch_browser", body.signature), "node:crypto verifies the browser's DER signature");

  await page.evaluate(async () => {
    const entry = "/index.js";
    const { IndexedDbKeyStore } = (await import(entry)) as typeof import("../index.js");
    await new IndexedDbKeyStore({ dbName: "signet-browser-test" }).delete("push");
  });
  await page.reload();
  assert.deepEqual(await keyInPage(page, "push", false), { publicKey: null }, "deleted keys stay deleted");
});
