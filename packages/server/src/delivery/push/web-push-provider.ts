import { createECDH } from "node:crypto";
import { Agent as HttpsAgent } from "node:https";
import { isIP } from "node:net";
import { rootCertificates } from "node:tls";
import webpush from "web-push";
import type { PushMessage, PushProvider, PushResult, PushTarget } from "./push-provider.js";
import { appPayload, clip, describe, failure, secondsUntil, timeoutOption } from "./push-common.js";
import { guardedLookup, isPrivateAddress } from "../webhooks/address-guard.js";

/** What a tenant configures (JSON: stored sealed, checked by parseWebPushConfig). */
export interface WebPushConfig {
  /** base64url uncompressed P-256 point (65 bytes): the browser's applicationServerKey. */
  vapidPublicKey: string;
  /** base64url P-256 private scalar (32 bytes). */
  vapidPrivateKey: string;
  /** A contact for the push service: mailto: or https:. */
  subject: string;
  /** Default 5000 ms. */
  timeoutMs?: number;
  /** Allow subscription endpoints on loopback/private addresses (tests, local push services). Default false. */
  allowPrivateEndpoints?: boolean;
}

export interface WebPushOptions extends WebPushConfig {
  /** For tests: the time the TTL is counted from. */
  clock?: () => number;
  /** Extra CA certificates to trust for push service endpoints (tests with a self-signed receiver). */
  ca?: string | string[];
}

/** A fresh VAPID key pair, named as the configuration names them. */
export function generateVapidKeys(): { vapidPublicKey: string; vapidPrivateKey: string } {
  const keys = webpush.generateVAPIDKeys();
  return { vapidPublicKey: keys.publicKey, vapidPrivateKey: keys.privateKey };
}

/** Throws unless the subject is a mailto: or https: URL (RFC 8292 §2.1). */
export function checkVapidSubject(subject: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof subject === "string" ? new URL(subject) : undefined;
  } catch {
    url = undefined;
  }
  const ok = url !== undefined && ((url.protocol === "mailto:" && url.pathname.includes("@")) || (url.protocol === "https:" && url.hostname !== ""));
  if (!ok) throw new Error(`subject must be a mailto: or https: URL the push service can contact (e.g. mailto:ops@example.com), got ${JSON.stringify(subject)}`);
  return subject as string;
}

const B64URL = /^[A-Za-z0-9_-]+$/;

/** Throws unless the keys are base64url P-256 keys (65-byte public point, 32-byte private) of one pair. */
export function checkVapidKeys(publicKey: unknown, privateKey: unknown): void {
  const pub = typeof publicKey === "string" && B64URL.test(publicKey) ? Buffer.from(publicKey, "base64url") : undefined;
  if (!pub || pub.length !== 65 || pub[0] !== 4) throw new Error("vapidPublicKey must be a base64url uncompressed P-256 public key (65 bytes)");
  const priv = typeof privateKey === "string" && B64URL.test(privateKey) ? Buffer.from(privateKey, "base64url") : undefined;
  if (!priv || priv.length !== 32) throw new Error("vapidPrivateKey must be a base64url P-256 private key (32 bytes)");
  let derived: Buffer;
  try {
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(priv);
    derived = ecdh.getPublicKey();
  } catch {
    throw new Error("vapidPrivateKey is not a valid P-256 private key");
  }
  if (!derived.equals(pub)) throw new Error("vapidPublicKey is not the public half of vapidPrivateKey");
}

type Subscription = { endpoint: string; keys: { p256dh: string; auth: string } };

/** Parses a push token (a PushSubscription's JSON) or says why it is not one. */
export function parseSubscription(token: string): Subscription | string {
  let value: unknown;
  try {
    value = JSON.parse(token);
  } catch {
    return "the push token is not JSON (a PushSubscription is expected)";
  }
  const s = value as { endpoint?: unknown; keys?: { p256dh?: unknown; auth?: unknown } } | null;
  if (!s || typeof s.endpoint !== "string") return "the subscription has no endpoint";
  let endpoint: URL;
  try {
    endpoint = new URL(s.endpoint);
  } catch {
    return "the subscription's endpoint is not a URL";
  }
  if (endpoint.protocol !== "https:") return "the subscription's endpoint is not https:";
  const { p256dh, auth } = s.keys ?? {};
  const bytes = (v: unknown) => (typeof v === "string" && /^[A-Za-z0-9_-]+=*$/.test(v) ? Buffer.from(v, "base64url").length : -1);
  if (bytes(p256dh) !== 65) return "the subscription's keys.p256dh is not a P-256 public key";
  if (bytes(auth) !== 16) return "the subscription's keys.auth is not a 16-byte secret";
  return { endpoint: s.endpoint, keys: { p256dh: p256dh as string, auth: auth as string } };
}

/** Web Push (RFC 8030) with VAPID (RFC 8292) and aes128gcm payload encryption (RFC 8291), by the web-push library. */
export class WebPushProvider implements PushProvider {
  readonly kind = "webpush" as const;
  private readonly clock: () => number;
  private readonly timeoutMs: number;
  private readonly agent: HttpsAgent;
  private closed = false;

  constructor(private readonly options: WebPushOptions) {
    checkVapidSubject(options.subject);
    checkVapidKeys(options.vapidPublicKey, options.vapidPrivateKey);
    this.clock = options.clock ?? Date.now;
    this.timeoutMs = timeoutOption(options.timeoutMs);
    const extraCa = options.ca === undefined ? [] : Array.isArray(options.ca) ? options.ca : [options.ca];
    this.agent = new HttpsAgent({
      keepAlive: true,
      ...(extraCa.length ? { ca: [...rootCertificates, ...extraCa] } : {}),
      ...(options.allowPrivateEndpoints ? {} : { lookup: guardedLookup }),
    });
  }

  async send(target: PushTarget, message: PushMessage): Promise<PushResult> {
    try {
      if (this.closed) return failure("provider_unavailable", false, "provider closed");
      const subscription = parseSubscription(target.pushToken);
      if (typeof subscription === "string") return failure("invalid_token", true, subscription);
      const host = new URL(subscription.endpoint).hostname.replace(/^\[|\]$/g, "");
      if (!this.options.allowPrivateEndpoints && isIP(host) && isPrivateAddress(host)) {
        return failure("invalid_token", true, "the subscription's endpoint is a private address");
      }
      const sending = webpush.sendNotification(subscription, JSON.stringify(appPayload(message)), {
        vapidDetails: { subject: this.options.subject, publicKey: this.options.vapidPublicKey, privateKey: this.options.vapidPrivateKey },
        TTL: secondsUntil(message.expiresAt, this.clock()),
        urgency: "high",
        contentEncoding: "aes128gcm",
        timeout: this.timeoutMs,
        agent: this.agent,
      });
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), this.timeoutMs)));
      sending.catch(() => undefined); // may settle after the timeout
      try {
        const outcome = await Promise.race([sending, timedOut]);
        if (outcome === "timeout") return failure("timeout", false, `the push service did not answer within ${this.timeoutMs} ms`);
        return { ok: true };
      } finally {
        clearTimeout(timer);
      }
    } catch (error) {
      return interpret(error);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.agent.destroy();
  }
}

function interpret(error: unknown): PushResult {
  if (error instanceof webpush.WebPushError) {
    const status = error.statusCode;
    const detail = `push service ${status}${error.body ? `: ${clip(String(error.body))}` : ""}`;
    if (status === 404 || status === 410) return failure("unregistered", true, detail);
    if (status >= 400 && status < 500) return failure("provider_rejected", false, detail);
    return failure("provider_unavailable", false, detail);
  }
  const message = describe(error);
  if (message === "Socket timeout") return failure("timeout", false, "the push service did not answer in time");
  if (error instanceof Error && error.name === "BlockedAddressError") return failure("provider_rejected", false, message);
  return failure("provider_unavailable", false, `push service: ${message}`);
}
