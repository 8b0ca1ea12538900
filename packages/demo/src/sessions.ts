import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";

export const SESSION_COOKIE = "demo_session";
const SESSION_TTL_MS = 8 * 3600_000;

export interface Session {
  userId: string;
  username: string;
  /** How the user signed in: "custom UI" (the browser SDK on this page) or "hosted page". */
  method: string;
  signedInAt: string;
  expiresAt: number;
}

/** The demo web app's own sign-in sessions, in memory (a restart signs everyone out). */
export class Sessions {
  private readonly byId = new Map<string, Session>();

  create(session: Omit<Session, "expiresAt" | "signedInAt">): string {
    const id = randomBytes(32).toString("base64url");
    this.byId.set(id, { ...session, signedInAt: new Date().toISOString(), expiresAt: Date.now() + SESSION_TTL_MS });
    return id;
  }

  get(request: IncomingMessage): Session | undefined {
    const id = cookieValue(request, SESSION_COOKIE);
    const session = id ? this.byId.get(id) : undefined;
    if (session && session.expiresAt <= Date.now()) {
      this.byId.delete(id!);
      return undefined;
    }
    return session;
  }

  end(request: IncomingMessage): void {
    const id = cookieValue(request, SESSION_COOKIE);
    if (id) this.byId.delete(id);
  }
}

export function cookieValue(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie header of a session: HttpOnly, SameSite=Lax (the hosted page redirects back here), Secure over https. */
export function sessionCookie(id: string | undefined, secure: boolean): string {
  const attributes = ["Path=/", "HttpOnly", "SameSite=Lax", ...(secure ? ["Secure"] : [])];
  return id ? [`${SESSION_COOKIE}=${id}`, `Max-Age=${SESSION_TTL_MS / 1000}`, ...attributes].join("; ") : [`${SESSION_COOKIE}=`, "Max-Age=0", ...attributes].join("; ");
}
