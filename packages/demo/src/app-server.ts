import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { readdirSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { DemoApi } from "./demo-api.js";
import { iconPng, iconSvg, phoneManifest } from "./icons.js";
import { isLoopback, isWildcard, lanAddresses, originOf, reachableHosts } from "./network.js";
import { Sessions } from "./sessions.js";
import { readStatic } from "./static-files.js";
import { sendJson } from "./http-util.js";

const require = createRequire(import.meta.url);
const PUBLIC = fileURLToPath(new URL("../public/", import.meta.url));
const WEB = fileURLToPath(new URL("./web/", import.meta.url));
/** The browser SDK (served at /sdk/) and the device SDK (at /device-sdk/): their dist folders, plain ES modules. */
const BROWSER_SDK = dirname(require.resolve("@signet/browser"));
const DEVICE_SDK = dirname(require.resolve("@signet/device"));

export interface AppServerOptions {
  host: string;
  port: number;
  signetPort: number;
  /** Signet's external origin when set explicitly (SIGNET_PUBLIC_URL); otherwise the page's host name with Signet's port. */
  signetPublicUrl: string | undefined;
  /** This app's external origin when set explicitly (DEMO_PUBLIC_URL), e.g. behind an HTTPS tunnel. */
  appPublicUrl: string | undefined;
  apiUrl: string;
  apiSecretKey: string;
  tenantId: string;
  tenantName: string;
  brandColor: string;
  vapidPublicKey: string | undefined;
  hostedPage: boolean;
}

/** Every origin this app can be reached at, as the tenant's allowedOrigins must list them. */
export function appOrigins(host: string, port: number, appPublicUrl?: string): string[] {
  return [...new Set([...(appPublicUrl ? [appPublicUrl] : []), ...reachableHosts(host).map((h) => originOf(h, port))])];
}

/** The demo web app, the phone app and the demo's backend, on node:http. */
export class AppServer {
  private readonly server: Server;
  private readonly known: string[];
  private readonly api: DemoApi;
  private readonly icons = new Map<string, Buffer>();

  constructor(private readonly options: AppServerOptions) {
    this.known = appOrigins(options.host, options.port, options.appPublicUrl);
    this.api = new DemoApi({
      apiUrl: options.apiUrl,
      apiSecretKey: options.apiSecretKey,
      sessions: new Sessions(),
      originOf: (request) => this.originOf(request),
      phoneOriginOf: (request) => this.phoneOriginOf(request),
    });
    this.server = createServer((request, response) => {
      this.route(request, response).catch(() => {
        if (!response.headersSent) sendJson(response, 500, { error: "internal_error", message: "Something went wrong in the demo app." });
        else response.destroy();
      });
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port, this.options.host, () => resolve());
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The origin the browser used, when it is one of this app's; otherwise the first known one. */
  originOf(request: IncomingMessage): string {
    if (this.options.appPublicUrl) return this.options.appPublicUrl;
    const candidate = `http://${request.headers.host ?? ""}`;
    return this.known.includes(candidate) ? candidate : this.known[0]!;
  }

  /** A link for a phone to open: on this machine's LAN address when the browser used a loopback name but the app listens on all interfaces. */
  private phoneOriginOf(request: IncomingMessage): string {
    const origin = this.originOf(request);
    const lan = lanAddresses()[0];
    if (!this.options.appPublicUrl && isWildcard(this.options.host) && lan && isLoopback(new URL(origin).hostname)) return originOf(lan, this.options.port);
    return origin;
  }

  /** Signet as the browser should reach it: on the same host name as this page. */
  private signetUrlFor(request: IncomingMessage): string {
    return this.options.signetPublicUrl ?? originOf(new URL(this.originOf(request)).hostname, this.options.signetPort);
  }

  private csp(request: IncomingMessage): string {
    const signet = this.signetUrlFor(request);
    return [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self'",
      `connect-src 'self' ${signet} ${signet.replace(/^http/, "ws")}`,
      "manifest-src 'self'",
      "worker-src 'self'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; ");
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    response.setHeader("x-content-type-options", "nosniff");
    response.setHeader("referrer-policy", "no-referrer");
    response.setHeader("x-frame-options", "DENY");
    const path = new URL(request.url ?? "/", "http://x").pathname;
    if (await this.api.handle(request, response, path)) return;
    if (request.method !== "GET" && request.method !== "HEAD") return sendJson(response, 405, { error: "method_not_allowed", message: "Only GET here." });

    if (path === "/config.json") return sendJson(response, 200, this.clientConfig(request));
    if (path === "/" || path === "/index.html") return this.page(request, response, "index.html");
    if (path === "/phone") return void response.writeHead(301, { location: "/phone/" }).end();
    if (path === "/phone/" || path === "/phone/index.html") return this.page(request, response, "phone/index.html");
    if (path === "/phone/manifest.webmanifest") return this.file(response, Buffer.from(phoneManifest(this.options.brandColor)), "application/manifest+json");
    if (path === "/phone/shell.json") return sendJson(response, 200, this.shell());
    if (path === "/phone/sw.js") {
      const sw = readStatic(join(WEB, "sw"), "sw.js");
      return sw ? this.file(response, sw.body, sw.type, { "service-worker-allowed": "/phone/" }) : this.notFound(response);
    }
    if (path === "/favicon.svg" || path === "/phone/icon.svg") return this.file(response, Buffer.from(iconSvg(this.options.brandColor)), "image/svg+xml");
    const png = /^\/phone\/icon-(maskable-)?(192|512)\.png$/.exec(path);
    if (png) return this.file(response, this.icon(Number(png[2]), png[1] !== undefined), "image/png");

    const mounts: [string, string][] = [
      ["/sdk/", BROWSER_SDK],
      ["/device-sdk/", DEVICE_SDK],
      ["/app/", join(WEB, "app")],
      ["/shared/", join(WEB, "shared")],
      ["/phone/", join(WEB, "phone")],
      ["/phone/", join(PUBLIC, "phone")],
      ["/", PUBLIC],
    ];
    for (const [prefix, root] of mounts) {
      if (!path.startsWith(prefix)) continue;
      const found = readStatic(root, path.slice(prefix.length));
      if (found && !found.type.startsWith("text/html")) return this.file(response, found.body, found.type);
    }
    this.notFound(response);
  }

  /** What the pages need: the tenant, where Signet is, and whether Web Push and the hosted page are there. */
  private clientConfig(request: IncomingMessage) {
    return {
      tenantId: this.options.tenantId,
      tenantName: this.options.tenantName,
      signetUrl: this.signetUrlFor(request),
      brandColor: this.options.brandColor,
      vapidPublicKey: this.options.vapidPublicKey ?? null,
      hostedPage: this.options.hostedPage,
    };
  }

  /** The files the phone app's service worker keeps for offline start. */
  private shell(): string[] {
    const list = (root: string, prefix: string) =>
      (readdirSync(root, { recursive: true }) as string[])
        .filter((f) => f.endsWith(".js") && !f.endsWith(".test.js") && !f.includes("test-support") && f !== "node.js" && !f.includes("file-key-store"))
        .map((f) => prefix + f.split(sep).join("/"));
    return [
      "/phone/",
      "/styles.css",
      "/phone/manifest.webmanifest",
      "/phone/icon.svg",
      "/phone/icon-192.png",
      ...list(join(WEB, "phone"), "/phone/"),
      ...list(join(WEB, "shared"), "/shared/"),
      ...list(DEVICE_SDK, "/device-sdk/"),
    ];
  }

  private icon(size: number, maskable: boolean): Buffer {
    const key = `${size}:${maskable}`;
    let png = this.icons.get(key);
    if (!png) this.icons.set(key, (png = iconPng(this.options.brandColor, size, maskable)));
    return png;
  }

  private page(request: IncomingMessage, response: ServerResponse, file: string): void {
    const found = readStatic(PUBLIC, file);
    if (!found) return this.notFound(response);
    response.writeHead(200, { "content-type": found.type, "cache-control": "no-store", "content-security-policy": this.csp(request) });
    response.end(request.method === "HEAD" ? undefined : found.body);
  }

  private file(response: ServerResponse, body: Buffer, type: string, headers: Record<string, string> = {}): void {
    response.writeHead(200, { "content-type": type, "cache-control": "no-cache", ...headers });
    response.end(response.req.method === "HEAD" ? undefined : body);
  }

  private notFound(response: ServerResponse): void {
    response.writeHead(404, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" }).end("Not found");
  }
}
