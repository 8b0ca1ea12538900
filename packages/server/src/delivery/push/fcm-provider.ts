import { performance } from "node:perf_hooks";
import { importPKCS8, SignJWT, type CryptoKey } from "jose";
import type { PushMessage, PushProvider, PushResult, PushTarget } from "./push-provider.js";
import { clip, describe, failure, PushFailure, secondsUntil, timeoutOption, toResult } from "./push-common.js";
import { HttpAgents, type HttpReply } from "./http-post.js";

/** The fields of a Google service account key file that are used (the file has more). */
export interface FcmServiceAccount {
  project_id: string;
  client_email: string;
  /** PEM PKCS#8 RSA key. */
  private_key: string;
  /** Sent as the assertion's `kid` when present. */
  private_key_id?: string;
  /** Default https://oauth2.googleapis.com/token. */
  token_uri?: string;
}

/** What a tenant configures (JSON: stored sealed, checked by parseFcmConfig). */
export interface FcmConfig {
  serviceAccount: FcmServiceAccount;
  /** Default https://fcm.googleapis.com. */
  baseUrl?: string;
  /** Timeout for one send (token exchange and retry included), default 5000 ms. */
  timeoutMs?: number;
}

export interface FcmOptions extends FcmConfig {
  /** For tests: the time used for the assertion's `iat`/`exp` and the access token's expiry. */
  clock?: () => number;
}

export const FCM_SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
export const DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";
const DEFAULT_BASE_URL = "https://fcm.googleapis.com";
/** An access token is used until this long before Google says it expires. */
const TOKEN_MARGIN_MS = 60_000;

interface FcmErrorBody {
  error?: { code?: number; message?: string; status?: string; details?: Array<{ errorCode?: string; fieldViolations?: Array<{ field?: string }> }> };
}

/**
 * FCM HTTP v1. The service account's RS256 assertion is exchanged for an OAuth 2 access token (JWT
 * bearer grant, RFC 7523), cached until a minute before it expires; a 401 refreshes it once.
 */
export class FcmProvider implements PushProvider {
  readonly kind = "fcm" as const;
  private readonly clock: () => number;
  private readonly timeoutMs: number;
  private readonly tokenUri: string;
  private readonly sendUrl: string;
  private readonly key: Promise<CryptoKey>;
  private readonly agents = new HttpAgents();
  private cached: { token: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private closed = false;

  constructor(private readonly options: FcmOptions) {
    const account = options.serviceAccount;
    this.clock = options.clock ?? Date.now;
    this.timeoutMs = timeoutOption(options.timeoutMs);
    this.tokenUri = account.token_uri ?? DEFAULT_TOKEN_URI;
    const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    this.sendUrl = `${base}/v1/projects/${encodeURIComponent(account.project_id)}/messages:send`;
    this.key = importPKCS8(account.private_key, "RS256");
    this.key.catch(() => undefined); // reported by send
  }

  async send(target: PushTarget, message: PushMessage): Promise<PushResult> {
    try {
      if (this.closed) return failure("provider_unavailable", false, "provider closed");
      if (target.pushToken.length === 0 || target.pushToken.length > 4096) return failure("invalid_token", true, "not an FCM registration token");
      const deadline = performance.now() + this.timeoutMs;
      const body = JSON.stringify({
        message: {
          token: target.pushToken,
          data: { challengeId: message.challengeId },
          notification: { title: message.title },
          android: { priority: "high", ttl: `${secondsUntil(message.expiresAt, this.clock())}s` },
        },
      });
      let token = await this.accessToken(deadline);
      let reply = await this.post(token, body, deadline);
      if (reply.status === 401) {
        token = await this.accessToken(deadline, token);
        reply = await this.post(token, body, deadline);
      }
      return interpret(reply);
    } catch (error) {
      return toResult(error);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.agents.close();
  }

  private post(token: string, body: string, deadline: number): Promise<HttpReply> {
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json; charset=utf-8" };
    return this.agents.post(this.sendUrl, body, headers, remaining(deadline), "FCM");
  }

  /** The cached access token, or a new one; `rejected` is a token FCM just refused (401). */
  private async accessToken(deadline: number, rejected?: string): Promise<string> {
    if (rejected !== undefined && this.cached?.token === rejected) this.cached = undefined;
    if (this.cached && this.clock() < this.cached.expiresAt - TOKEN_MARGIN_MS) return this.cached.token;
    if (!this.pending) {
      const pending = this.exchange(deadline);
      this.pending = pending;
      pending.then(
        () => (this.pending = this.pending === pending ? undefined : this.pending),
        () => (this.pending = this.pending === pending ? undefined : this.pending),
      );
    }
    return this.pending;
  }

  /** The OAuth 2 JWT bearer grant, by hand. */
  private async exchange(deadline: number): Promise<string> {
    const account = this.options.serviceAccount;
    let key: CryptoKey;
    try {
      key = await this.key;
    } catch (error) {
      throw new PushFailure(failure("provider_rejected", false, `serviceAccount.private_key is not a usable RS256 key: ${describe(error)}`));
    }
    const iat = Math.floor(this.clock() / 1000);
    const assertion = await new SignJWT({ scope: FCM_SCOPE })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", ...(account.private_key_id ? { kid: account.private_key_id } : {}) })
      .setIssuer(account.client_email)
      .setAudience(this.tokenUri)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 3600)
      .sign(key);
    const form = new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }).toString();
    const headers = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
    const reply = await this.agents.post(this.tokenUri, form, headers, remaining(deadline), "Google OAuth");
    let answer: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
    try {
      answer = JSON.parse(reply.text) as typeof answer;
    } catch {
      // reported below
    }
    if (reply.status === 200 && typeof answer.access_token === "string" && answer.access_token) {
      const lifetime = typeof answer.expires_in === "number" && answer.expires_in > 0 ? answer.expires_in : 3600;
      this.cached = { token: answer.access_token, expiresAt: this.clock() + lifetime * 1000 };
      return answer.access_token;
    }
    const reason = answer.error ? `${String(answer.error)}${answer.error_description ? `: ${String(answer.error_description)}` : ""}` : clip(reply.text);
    const detail = `Google OAuth ${reply.status} ${reason}`.trim();
    if (reply.status >= 400 && reply.status < 500) throw new PushFailure(failure("provider_rejected", false, detail));
    throw new PushFailure(failure("provider_unavailable", false, detail));
  }
}

function remaining(deadline: number): number {
  const left = Math.ceil(deadline - performance.now());
  if (left <= 0) throw new PushFailure(failure("timeout", false, "FCM send timed out"));
  return left;
}

function interpret(reply: HttpReply): PushResult {
  if (reply.status >= 200 && reply.status < 300) return { ok: true };
  let body: FcmErrorBody = {};
  try {
    body = JSON.parse(reply.text) as FcmErrorBody;
  } catch {
    // not JSON
  }
  const details = Array.isArray(body.error?.details) ? body.error.details : [];
  const codes = details.map((d) => d?.errorCode).filter((c): c is string => typeof c === "string");
  const fields = details.flatMap((d) => (Array.isArray(d?.fieldViolations) ? d.fieldViolations : [])).map((v) => v?.field);
  const detail = `FCM ${reply.status} ${codes[0] ?? body.error?.status ?? ""}${body.error?.message ? `: ${body.error.message}` : ""}`.trim();
  if (codes.includes("UNREGISTERED")) return failure("unregistered", true, detail);
  if (codes.includes("INVALID_ARGUMENT")) {
    // A bad field of our own message must not cost the device its token.
    const tokenBlamed = fields.length === 0 || fields.includes("message.token");
    return tokenBlamed ? failure("invalid_token", true, detail) : failure("provider_rejected", false, detail);
  }
  if (reply.status >= 400 && reply.status < 500) return failure("provider_rejected", false, detail || clip(reply.text));
  return failure("provider_unavailable", false, detail);
}
