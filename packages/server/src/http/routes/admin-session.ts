import type {} from "@fastify/cookie";
import { Type } from "typebox";
import type { App, RouteDeps } from "../route-context.js";
import { SignetError } from "../../domain/errors.js";
import { constantTimeEqual } from "../../domain/crypto/api-secret.js";
import { SESSION_COOKIE, type AdminSessions } from "../auth/admin-sessions.js";

/**
 * Portal sign-in with the admin token: sets an HttpOnly, SameSite=Strict cookie (Secure behind
 * HTTPS) scoped to /admin, and returns the CSRF token the portal sends with every request.
 */
export function adminSessionRoutes(app: App, { core }: RouteDeps, adminToken: string, sessions: AdminSessions): void {
  const secure = core.publicUrl.startsWith("https:");
  const cookieOptions = { path: "/admin", httpOnly: true, sameSite: "strict" as const, secure };

  app.post("/admin/session", { schema: { hide: true, body: Type.Object({ adminToken: Type.String({ maxLength: 1024 }) }) } }, async (request, reply) => {
    if (!constantTimeEqual(request.body.adminToken, adminToken)) throw new SignetError("invalid_credentials", "That is not the admin token.");
    const session = sessions.create();
    reply.setCookie(SESSION_COOKIE, session.cookie, { ...cookieOptions, expires: new Date(session.expiresAt) });
    return { csrfToken: session.csrfToken, expiresAt: new Date(session.expiresAt).toISOString() };
  });

  app.get("/admin/session", { schema: { hide: true } }, async (request) => {
    const session = sessions.get(request.cookies[SESSION_COOKIE]);
    if (!session) throw new SignetError("invalid_credentials", "Not signed in.");
    return { csrfToken: session.csrfToken, expiresAt: new Date(session.expiresAt).toISOString() };
  });

  app.delete("/admin/session", { schema: { hide: true } }, async (request, reply) => {
    sessions.delete(request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return { success: true };
  });
}
