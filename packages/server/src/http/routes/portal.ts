import { join } from "node:path";
import { existsSync, readFileSync } from "node:fs";
import fastifyStatic from "@fastify/static";
import type { App } from "../route-context.js";
import { sendError } from "../error-response.js";
import { packageRoot, servable } from "./hosted-page.js";


const PORTAL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** The admin portal (packages/portal) at /admin: a static app on the admin API, signed in by session cookie. */
export async function portalRoutes(app: App): Promise<void> {
  const root = packageRoot("@signet/portal");
  const page = root ? join(root, "public", "index.html") : undefined;
  if (!root || !page || !existsSync(page)) {
    app.get("/admin", { schema: { hide: true } }, (_request, reply) => sendError(reply, "service_unavailable", "The admin portal is not installed: build packages/portal."));
    return;
  }
  const html = readFileSync(page, "utf8");
  await app.register(fastifyStatic, { root: [join(root, "dist"), join(root, "public")], prefix: "/admin/assets/", decorateReply: false, index: false, allowedPath: (path: string) => servable(path) });
  const serve = async (_request: unknown, reply: { header(k: string, v: string): typeof reply; type(t: string): typeof reply }) => {
    reply.header("content-security-policy", PORTAL_CSP).header("cache-control", "no-store").header("x-frame-options", "DENY").type("text/html; charset=utf-8");
    return html;
  };
  app.get("/admin", { schema: { hide: true } }, serve);
  app.get("/admin/", { schema: { hide: true } }, serve);
}
