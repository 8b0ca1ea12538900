import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page, Response } from "playwright-core";
import type { TestServer } from "./test-server.js";
import type { StaticSite } from "./browser.js";

// A customer's page that runs the official @authsignal/browser SDK, unmodified, and the calls tests
// make into it.

// The SDK's ESM build bundles its dependencies (uuid, @simplewebauthn/browser, ...): it has no bare
// imports, so the browser can load it as it is.
const require = createRequire(import.meta.url);
export const SDK_SOURCE = readFileSync(require.resolve("@authsignal/browser"));

/** The customer's page: loads the SDK as a module and makes one client for the tenant and base URL in its query. */
export const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>customer app</title>
<p>customer app</p>
<script type="module">
  import { Authsignal } from "/authsignal.js";
  const params = new URLSearchParams(location.search);
  window.tokenExpiredCalls = 0;
  window.qrStates = [];
  window.authsignal = new Authsignal({
    tenantId: params.get("tenantId"),
    baseUrl: params.get("baseUrl"),
    onTokenExpired: () => { window.tokenExpiredCalls += 1; },
  });
  window.sdkReady = true;
</script>
`;

/** What the page sees of the SDK (its own .d.ts types say `accessToken` where it really returns `token`). */
export interface SdkResult<T> {
  data?: T;
  error?: string;
  errorCode?: string;
  errorDescription?: string;
}
export interface PageSdk {
  setToken(token: string | null): void;
  push: {
    challenge(params: { action: string }): Promise<SdkResult<{ challengeId: string }>>;
    verify(params: { challengeId: string }): Promise<SdkResult<{ isVerified: boolean; isConsumed: boolean; token?: string }>>;
  };
  /** The passkey API client is the only part of the SDK that calls POST /client/challenge (tenant Basic auth). */
  passkey: { api: { challenge(params: { action?: string }): Promise<{ challengeId?: string; error?: string; errorCode?: string }> } };
  qrCode: {
    challenge(params: {
      action: string;
      polling?: boolean;
      pollInterval?: number;
      onStateChange: (state: string, token?: string) => void;
    }): Promise<SdkResult<{ challengeId: string; expiresAt: string }>>;
    disconnect(): void;
  };
}
export interface PageGlobals {
  authsignal: PageSdk;
  tokenExpiredCalls: number;
  qrStates: { state: string; token?: string }[];
  sdkReady: boolean;
}

/** Opens the customer page for a tenant of `target`; page errors are collected in `pageErrors`. */
export async function openSdkPage(browser: Browser, site: StaticSite, target: TestServer, pageErrors: string[]): Promise<Page> {
  const p = await browser.newPage();
  p.on("pageerror", (error) => pageErrors.push(String(error)));
  const query = new URLSearchParams({ tenantId: target.tenantId, baseUrl: target.apiUrl });
  await p.goto(`${site.origin}/?${query}`);
  await p.waitForFunction(() => (window as unknown as PageGlobals).sdkReady === true, undefined, { timeout: 30_000 });
  return p;
}


export const pushChallenge = (p: Page, token: string | null, action = "signIn") =>
  p.evaluate(
    async ({ token, action }) => {
      const { authsignal } = window as unknown as PageGlobals;
      authsignal.setToken(token);
      return authsignal.push.challenge({ action });
    },
    { token, action },
  );

export const pushVerify = (p: Page, challengeId: string) =>
  p.evaluate((challengeId) => (window as unknown as PageGlobals).authsignal.push.verify({ challengeId }), challengeId);

/**
 * Starts a QR code challenge from the page with no token, then disconnects it. Settles even if the
 * SDK never does (a socket that opens and then says nothing): that counts as "no challenge".
 */
export const qrChallenge = (p: Page, polling: boolean) =>
  p.evaluate(async (polling) => {
    const { authsignal } = window as unknown as PageGlobals;
    authsignal.setToken(null);
    const gaveUp = new Promise<{ gaveUp: true }>((resolve) => setTimeout(() => resolve({ gaveUp: true }), 15_000));
    try {
      const started = authsignal.qrCode.challenge({ action: "kioskLogin", polling, pollInterval: 60_000, onStateChange: () => {} });
      return await Promise.race([started.then((result) => ({ result })), gaveUp]);
    } catch (error) {
      return { thrown: String(error) };
    } finally {
      authsignal.qrCode.disconnect();
    }
  }, polling) as Promise<{ result?: Awaited<ReturnType<PageSdk["qrCode"]["challenge"]>>; thrown?: string; gaveUp?: true }>;

export const tokenExpiredCalls = (p: Page) => p.evaluate(() => (window as unknown as PageGlobals).tokenExpiredCalls);

/** The next response from Signet to a page request for `path`. */
export const nextResponse = (p: Page, target: TestServer, path: string): Promise<Response> =>
  p.waitForResponse((r) => r.url() === `${target.apiUrl}${path}` && r.request().method() === "POST", { timeout: 30_000 });
