import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { existsSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import fastifyStatic from "@fastify/static";
import type { App, RouteDeps } from "../route-context.js";
import { sendError } from "../error-response.js";
import type { Tenant } from "../../domain/model.js";

const require = createRequire(import.meta.url);

/** Where a workspace package lives, or undefined when it is not installed. */
export function packageRoot(name: string): string | undefined {
  let dir: string;
  try {
    dir = dirname(require.resolve(`${name}/package.json`));
  } catch {
    try {
      dir = dirname(require.resolve(name)); // a package whose exports hide package.json
    } catch {
      return undefined;
    }
  }
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return dir;
}

/** Build leftovers that are not for browsers. */
export const servable = (path: string): boolean => !/\.test\.js(\.map)?$|\.tsbuildinfo$|\/test-support\//.test(path);

/**
 * The hosted page may be framed (the official SDK's popup mode) only by the tenant's allowed origins;
 * with none configured, by no one. Scripts, styles and connections only from Signet itself.
 */
export function hostedPageCsp(tenant: Tenant | undefined, publicUrl: string, inlineScriptHashes: string[] = []): string {
  const origins = tenant?.settings.allowedOrigins ?? [];
  const socket = publicUrl.replace(/^http/, "ws");
  return [
    "default-src 'none'",
    ["script-src 'self'", ...inlineScriptHashes.map((h) => `'${h}'`)].join(" "),
    "style-src 'self'",
    "img-src 'self' data: https:",
    `connect-src 'self' ${socket}`,
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${origins.length > 0 ? origins.join(" ") : "'none'"}`,
  ].join("; ");
}

/**
 * The pre-built challenge page at the track response's `url` (packages/hosted-ui), with the browser
 * SDK it runs on. The page reads its track token from the URL and calls the Client API.
 */
export async function hostedPageRoutes(app: App, { core }: RouteDeps): Promise<void> {
  const ui = packageRoot("@signet/hosted-ui");
  const sdk = packageRoot("@signet/browser");
  const page = ui ? join(ui, "public", "challenge.html") : undefined;
  if (!ui || !sdk || !page || !existsSync(page)) {
    app.get("/hosted/challenge", { schema: { hide: true } }, (_request, reply) =>
      sendError(reply, "service_unavailable", "The hosted page is not installed: build packages/hosted-ui and packages/browser."),
    );
    return;
  }
  const html = readFileSync(page, "utf8");
  // The page's import map is its only inline script: allowed by its hash, nothing else inline.
  const importMaps = [...html.matchAll(/<script type="importmap">([\s\S]*?)<\/script>/g)].map((m) => `sha256-${createHash("sha256").update(m[1] ?? "").digest("base64")}`);
  const allowedPath = (path: string) => servable(path);
  await app.register(fastifyStatic, { root: [join(ui, "dist"), join(ui, "public")], prefix: "/hosted/assets/", decorateReply: false, index: false, allowedPath });
  await app.register(fastifyStatic, { root: join(sdk, "dist"), prefix: "/hosted/sdk/", decorateReply: false, index: false, allowedPath });

  app.get("/hosted/challenge", { schema: { hide: true } }, async (request, reply) => {
    const token = (request.query as Record<string, unknown>).token;
    let tenant: Tenant | undefined;
    if (typeof token === "string") {
      try {
        tenant = await core.store.tenants.get((await core.tokens.verify(token)).tenantId);
      } catch {
        tenant = undefined; // the page itself reports the bad token
      }
    }
    reply
      .header("content-security-policy", hostedPageCsp(tenant, core.publicUrl, importMaps))
      .header("referrer-policy", "no-referrer")
      .header("cache-control", "no-store")
      .type("text/html; charset=utf-8");
    return html;
  });
}
