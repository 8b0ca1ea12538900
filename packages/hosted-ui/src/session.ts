/**
 * The page's session: what `GET /v1/client/session` says about the track token (tenant, action,
 * user, settings), the small Client API client the page calls with that token, and the context
 * every view renders with.
 */
import type { Signet } from "@signet/browser";
import type { Child } from "./dom.js";
import type { Mode } from "./messaging.js";

export type NumberMatching = "off" | "type" | "choices";

export interface PushAuthenticator {
  userAuthenticatorId: string;
  deviceName: string | null;
  devicePlatform: string | null;
}

/** `GET /v1/client/session`. */
export interface HostedSession {
  tenant: { tenantId: string; name: string; brandColor: string | null; logoUrl: string | null; allowedOrigins: string[] };
  action: { actionCode: string; idempotencyKey: string; state: string; redirectUrl: string | null };
  user: {
    userId: string;
    displayName: string | null;
    isEnrolled: boolean;
    enrolledVerificationMethods?: string[];
    pushAuthenticators: PushAuthenticator[];
  };
  numberMatching: NumberMatching;
  challengeTtlSeconds: number;
  tokenExpiresAt: string;
  apiUrl: string;
}

/** An API failure, as the protocol reports it: `{error, errorCode, errorDescription}` and the status. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly errorCode: string,
    readonly statusCode: number,
    description: string,
  ) {
    super(description);
  }

  /** Errors no retry on this page can cure: the link itself is bad, expired, or not allowed here. */
  get endsSession(): boolean {
    return SESSION_ENDING.has(this.errorCode);
  }

  /** Any thrown value as an ApiError (anything but an ApiError reads as a network error). */
  static from(error: unknown): ApiError {
    return error instanceof ApiError ? error : new ApiError("network_error", 0, String(error));
  }

  /** A failure reported by the browser SDK, which gives the code but not the status. */
  static fromSdk(failure: { error: string; errorCode: string }): ApiError {
    return new ApiError(failure.errorCode, SDK_CODE_STATUS[failure.errorCode] ?? 0, failure.error);
  }
}

const SESSION_ENDING = new Set(["expired_token", "invalid_token", "invalid_credentials", "origin_not_allowed"]);

/** The statuses of the codes the SDK passes through (PROTOCOL.md errors); 0 for the SDK's own. */
const SDK_CODE_STATUS: Record<string, number> = {
  invalid_request: 400,
  invalid_token: 401,
  expired_token: 401,
  invalid_credentials: 401,
  insufficient_scope: 403,
  forbidden: 403,
  origin_not_allowed: 403,
  not_found: 404,
  challenge_not_found: 404,
  credential_not_found: 404,
  challenge_expired: 410,
  too_many_requests: 429,
  internal_error: 500,
  service_unavailable: 503,
};

/** The Client API with the page's track token (`Authorization: Bearer`), same origin as the page. */
export class Api {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.#request<T>("GET", path);
  }

  post<T>(path: string, body: object = {}): Promise<T> {
    return this.#request<T>("POST", path, body);
  }

  async #request<T>(method: string, path: string, body?: object): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
        cache: "no-store",
      });
    } catch {
      throw new ApiError("network_error", 0, "Signet could not be reached. Check your connection and try again.");
    }
    const parsed: unknown = await response.json().catch(() => undefined);
    if (response.ok && parsed && typeof parsed === "object") return parsed as T;
    const fields = (parsed ?? {}) as Record<string, unknown>;
    const errorCode = typeof fields.errorCode === "string" ? fields.errorCode : response.ok ? "invalid_response" : "http_error";
    const description = typeof fields.errorDescription === "string" ? fields.errorDescription : `The server answered ${response.status}.`;
    throw new ApiError(errorCode, response.status, description);
  }
}

/**
 * An action code as words for people: `signIn` → "Sign in", `approve_payment` → "Approve payment",
 * `reset-MFA` → "Reset MFA". Acronyms stay upper case.
 */
export function humaniseAction(code: string): string {
  const words = code
    .replace(/[_\-.\s]+/g, " ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/([a-zA-Z])(\d)/g, "$1 $2")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => (w.length > 1 && w === w.toUpperCase() ? w : w.toLowerCase()));
  const first = words[0];
  if (first === undefined) return code;
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return words.join(" ");
}

/** The views of the page. */
export type ViewName = "push" | "qr" | "enrol";

/** Where a session starts: push with a push device, else QR with a QR-code device, else enrolment. */
export function initialView(session: Pick<HostedSession, "user">): ViewName {
  if (session.user.pushAuthenticators.length > 0) return "push";
  if ((session.user.enrolledVerificationMethods ?? []).includes("QR_CODE")) return "qr";
  return "enrol";
}

/** Stops whatever a view runs (waits, sockets, timers) when another view replaces it. */
export type Cleanup = () => void;

/** What every view renders with; main.ts provides it. */
export interface PageContext {
  /** The latest session (see `updateSession`). */
  readonly session: HostedSession;
  readonly api: Api;
  readonly signet: Signet;
  readonly mode: Mode;
  /** Replaces the heading and the content; `focus` moves focus to the heading (after a user action). */
  render(view: { title: string; body: Child[]; focus?: boolean }): void;
  /** Says something in the live region (role=status, aria-live=polite). */
  announce(message: string): void;
  /** Replaces the session, e.g. once a device has been added. */
  updateSession(session: HostedSession): void;
  /** Switches to another view (the current one is cleaned up first). */
  go(view: ViewName): void;
  /** The challenge succeeded: redirect, or close the popup with the validation token. */
  finish(token: string): void;
  /** Tells the opener about an API error (popup and window mode); the view shows it itself. */
  reportApiError(error: ApiError): void;
  /** Shows an error the page cannot recover from by itself, and reports it. */
  fail(error: ApiError): void;
}
