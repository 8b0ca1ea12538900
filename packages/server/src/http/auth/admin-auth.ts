import type {} from "@fastify/cookie";
import type { FastifyRequest } from "fastify";
import { SignetError } from "../../domain/errors.js";
import { constantTimeEqual } from "../../domain/crypto/api-secret.js";
import { parseAuthorization } from "./authorization-header.js";
import { SESSION_COOKIE, type AdminSessions } from "./admin-sessions.js";

/**
 * Admin API: `Authorization: Bearer <SIGNET_ADMIN_TOKEN>` (compared in constant time), or the
 * portal's session cookie together with its CSRF token in `X-CSRF-Token`.
 */
export function authenticateAdmin(adminToken: string, sessions: AdminSessions, request: FastifyRequest): void {
  const auth = parseAuthorization(request.headers.authorization);
  if (auth?.scheme === "bearer" && constantTimeEqual(auth.token, adminToken)) return;
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (!auth && cookie !== undefined) {
    const csrf = request.headers["x-csrf-token"];
    if (sessions.verify(cookie, Array.isArray(csrf) ? csrf[0] : csrf)) return;
    throw new SignetError("invalid_credentials", "The portal session is missing, expired, or the X-CSRF-Token header is wrong.");
  }
  throw new SignetError("invalid_credentials", "The admin token is missing or wrong.");
}
