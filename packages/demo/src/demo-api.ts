import type { IncomingMessage, ServerResponse } from "node:http";
import { Authsignal, AuthsignalError } from "@authsignal/node";
import QRCode from "qrcode";
import { clientIp, HttpError, readJson, redirect, sendJson } from "./http-util.js";
import { sessionCookie, type Sessions } from "./sessions.js";

/**
 * The demo web app's own backend. It is a customer of Signet like any other: it talks to Signet's
 * Server API over HTTP with the tenant's API secret, through the official Node SDK (only the base
 * URL points at Signet), and keeps its own session cookie.
 */
export interface DemoApiOptions {
  /** Signet's Server API base, e.g. http://127.0.0.1:4000/v1. */
  apiUrl: string;
  apiSecretKey: string;
  sessions: Sessions;
  /** The web app's origin for this request (checked against the known ones). */
  originOf(request: IncomingMessage): string;
  /** The origin to put in a link a phone scans (a LAN address when listening on all interfaces). */
  phoneOriginOf(request: IncomingMessage): string;
}

const USERNAME = /^[A-Za-z0-9._@+-]{1,64}$/;

function username(body: Record<string, unknown>): string {
  const value = typeof body.username === "string" ? body.username.trim() : "";
  if (!USERNAME.test(value)) throw new HttpError(400, "invalid_username", "Enter a username: 1 to 64 letters, digits or . _ @ + -");
  return value;
}

/** Signet's answer to a failed call, as a message for the page. */
function fromSignet(error: unknown): HttpError {
  if (error instanceof AuthsignalError) {
    const status = error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 502;
    return new HttpError(status, error.errorCode || "signet_error", error.errorDescription || error.message);
  }
  return new HttpError(502, "signet_unreachable", `Signet did not answer: ${error instanceof Error ? error.message : String(error)}`);
}

export class DemoApi {
  private readonly signet: Authsignal;

  constructor(private readonly options: DemoApiOptions) {
    this.signet = new Authsignal({ apiSecretKey: options.apiSecretKey, apiUrl: options.apiUrl, retries: 1 });
  }

  /** Handles /api/* and /callback; false when the path is not the API's. */
  async handle(request: IncomingMessage, response: ServerResponse, path: string): Promise<boolean> {
    const route = `${request.method} ${path}`;
    try {
      switch (route) {
        case "POST /api/sign-in":
          return this.send(response, await this.signIn(request));
        case "POST /api/enrol":
          return this.send(response, await this.enrol(request));
        case "POST /api/finish":
          return this.finish(request, response);
        case "GET /api/me":
          return this.me(request, response);
        case "POST /api/sign-out":
          this.checkSameOrigin(request);
          this.options.sessions.end(request);
          sendJson(response, 200, { signedIn: false }, { "set-cookie": sessionCookie(undefined, this.secure(request)) });
          return true;
        case "GET /callback":
          return this.callback(request, response);
        default:
          if (!path.startsWith("/api/")) return false;
          throw new HttpError(404, "not_found", `No route ${route}.`);
      }
    } catch (error) {
      const failure = error instanceof HttpError ? error : fromSignet(error);
      sendJson(response, failure.status, { error: failure.code, message: failure.message });
      return true;
    }
  }

  private send(response: ServerResponse, body: unknown): true {
    sendJson(response, 200, body);
    return true;
  }

  private secure(request: IncomingMessage): boolean {
    return this.options.originOf(request).startsWith("https:");
  }

  /** A browser's POST must come from the web app itself (JSON bodies already force a CORS preflight). */
  private checkSameOrigin(request: IncomingMessage): void {
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== this.options.originOf(request)) throw new HttpError(403, "cross_origin", "Requests must come from the demo web app.");
  }

  /** track signIn: a track token for the browser SDK, and the hosted page's URL (which comes back to /callback). */
  private async signIn(request: IncomingMessage) {
    this.checkSameOrigin(request);
    const name = username(await readJson(request));
    const tracked = await this.signet
      .track({
        userId: name.toLowerCase(),
        action: "signIn",
        attributes: {
          username: name,
          ipAddress: clientIp(request),
          userAgent: request.headers["user-agent"],
          redirectUrl: `${this.options.originOf(request)}/callback`,
        },
      })
      .catch((error: unknown) => Promise.reject(fromSignet(error)));
    return { token: tracked.token, url: tracked.url, isEnrolled: tracked.isEnrolled, state: tracked.state };
  }

  /**
   * track enroll with add:authenticators: a link to the phone app carrying the token, and its QR code.
   * A user who already has a phone may add another only while signed in (a real app would also ask
   * for a second factor before letting anyone add a device).
   */
  private async enrol(request: IncomingMessage) {
    this.checkSameOrigin(request);
    const name = username(await readJson(request));
    const userId = name.toLowerCase();
    const user = await this.signet.getUser({ userId }).catch((error: unknown) => Promise.reject(fromSignet(error)));
    if (user.isEnrolled && this.options.sessions.get(request)?.userId !== userId) {
      throw new HttpError(403, "already_enrolled", `${name} already has a phone. Sign in first to add another one.`);
    }
    const tracked = await this.signet
      .track({ userId, action: "enroll", attributes: { username: name, scope: "add:authenticators", ipAddress: clientIp(request), userAgent: request.headers["user-agent"] } })
      .catch((error: unknown) => Promise.reject(fromSignet(error)));
    const fragment = `/phone/#enrol=${encodeURIComponent(tracked.token)}`;
    const link = `${this.options.originOf(request)}${fragment}`;
    const qrLink = `${this.options.phoneOriginOf(request)}${fragment}`;
    const qrSvg = await QRCode.toString(qrLink, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
    return { link, qrLink, qrSvg };
  }

  /** Checks a validation token with Signet (once) and starts a session for its user. */
  private async startSession(request: IncomingMessage, token: string, method: string): Promise<{ cookie: string; userId: string }> {
    const result = await this.signet.validateChallenge({ token, action: "signIn" }).catch((error: unknown) => Promise.reject(fromSignet(error)));
    if (!result.isValid || !result.userId) {
      throw new HttpError(401, "not_verified", result.error ? `Sign-in not verified: ${result.error}` : "Sign-in not verified (it was denied, expired, or already used).");
    }
    const id = this.options.sessions.create({ userId: result.userId, username: result.userId, method });
    return { cookie: sessionCookie(id, this.secure(request)), userId: result.userId };
  }

  private async finish(request: IncomingMessage, response: ServerResponse): Promise<true> {
    this.checkSameOrigin(request);
    const body = await readJson(request);
    if (typeof body.token !== "string" || body.token.length === 0 || body.token.length > 4096) throw new HttpError(400, "invalid_token", "Send the token from the browser SDK.");
    const { cookie, userId } = await this.startSession(request, body.token, "custom UI");
    sendJson(response, 200, { signedIn: true, username: userId }, { "set-cookie": cookie });
    return true;
  }

  /** The hosted page sends the browser here with ?token= after the phone approved. */
  private async callback(request: IncomingMessage, response: ServerResponse): Promise<true> {
    const token = new URL(request.url ?? "/", "http://x").searchParams.get("token");
    try {
      if (!token || token.length > 4096) throw new HttpError(400, "invalid_token", "The hosted page sent no token.");
      const { cookie } = await this.startSession(request, token, "hosted page");
      redirect(response, "/", { "set-cookie": cookie });
    } catch (error) {
      const failure = error instanceof HttpError ? error : fromSignet(error);
      redirect(response, `/?error=${encodeURIComponent(failure.message)}`);
    }
    return true;
  }

  private me(request: IncomingMessage, response: ServerResponse): true {
    const session = this.options.sessions.get(request);
    if (!session) sendJson(response, 200, { signedIn: false });
    else sendJson(response, 200, { signedIn: true, username: session.username, method: session.method, signedInAt: session.signedInAt });
    return true;
  }
}
