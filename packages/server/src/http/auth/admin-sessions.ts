import { randomBytes } from "node:crypto";
import { hashSecret, constantTimeEqual } from "../../domain/crypto/api-secret.js";

export const SESSION_COOKIE = "signet_admin";
const SESSION_TTL_MS = 12 * 3_600_000;
const MAX_SESSIONS = 1_000;

interface Session {
  csrfToken: string;
  expiresAt: number;
}

/**
 * Portal sign-in sessions, held in memory (a restart signs everyone out) and keyed by the hash of
 * the cookie value, so that not even a memory dump of the map yields a usable cookie. Each session
 * has a CSRF token that every request made with the cookie must echo in `X-CSRF-Token`.
 */
export class AdminSessions {
  private readonly sessions = new Map<string, Session>();

  create(now = Date.now()): { cookie: string; csrfToken: string; expiresAt: number } {
    this.sweep(now);
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    const cookie = randomBytes(32).toString("base64url");
    const session = { csrfToken: randomBytes(24).toString("base64url"), expiresAt: now + SESSION_TTL_MS };
    this.sessions.set(hashSecret(cookie), session);
    return { cookie, ...session };
  }

  get(cookie: string | undefined, now = Date.now()): Session | undefined {
    if (!cookie) return undefined;
    const session = this.sessions.get(hashSecret(cookie));
    if (!session || session.expiresAt <= now) return undefined;
    return session;
  }

  /** A request made with the cookie is allowed only with the session's CSRF token. */
  verify(cookie: string | undefined, csrfToken: string | undefined, now = Date.now()): boolean {
    const session = this.get(cookie, now);
    return session !== undefined && typeof csrfToken === "string" && constantTimeEqual(csrfToken, session.csrfToken);
  }

  delete(cookie: string | undefined): void {
    if (cookie) this.sessions.delete(hashSecret(cookie));
  }

  private sweep(now: number): void {
    for (const [key, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(key);
  }
}
