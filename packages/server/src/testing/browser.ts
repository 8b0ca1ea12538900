import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium; browser tests need it and fail loudly (never skip) when it is missing. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Headless Chromium with no background traffic of its own (updates, sync, QUIC probes). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: browser tests need Chromium; run "apt-get install -y chromium" (.ci/run does so)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

export interface StaticFile {
  body: string | Buffer;
  /** The Content-Type, e.g. "text/html" or "text/javascript". */
  type: string;
}

export interface StaticSite {
  /** `http://127.0.0.1:<port>`: a different origin from any Signet test server, so browsers use CORS. */
  origin: string;
  close(): Promise<void>;
}

/** Serves fixed files (keyed by URL path, e.g. "/" or "/sdk.js") from its own loopback origin. */
export async function serveStatic(files: Record<string, StaticFile>): Promise<StaticSite> {
  const server: Server = createServer((request, response) => {
    const file = files[new URL(request.url ?? "/", "http://localhost").pathname];
    if (!file || (request.method !== "GET" && request.method !== "HEAD")) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    response.writeHead(200, { "content-type": file.type, "cache-control": "no-store" });
    response.end(request.method === "HEAD" ? undefined : file.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
