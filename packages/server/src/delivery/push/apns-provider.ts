import { connect, constants, type ClientHttp2Session, type ClientHttp2Stream } from "node:http2";
import { importPKCS8, SignJWT, type CryptoKey } from "jose";
import type { PushMessage, PushProvider, PushResult, PushTarget } from "./push-provider.js";
import { appPayload, clip, describe, failure, timeoutOption, toResult, PushFailure } from "./push-common.js";

/** What a tenant configures (JSON: stored sealed, checked by parseApnsConfig). */
export interface ApnsConfig {
  /** The Apple Developer Team ID (the JWT's `iss`). */
  teamId: string;
  /** The ID of the APNs auth key (the JWT header's `kid`). */
  keyId: string;
  /** The team's .p8 auth key: PEM PKCS#8, EC P-256. */
  privateKeyPem: string;
  /** The app's bundle id (`apns-topic`). */
  topic: string;
  production: boolean;
  /** Default https://api.push.apple.com (production) or https://api.sandbox.push.apple.com. */
  baseUrl?: string;
  /** Per-request timeout in ms, default 5000. */
  timeoutMs?: number;
}

export interface ApnsOptions extends ApnsConfig {
  /** For tests: the time used for the provider token's `iat` and its renewal. */
  clock?: () => number;
}

/** Apple accepts a provider token for an hour and refuses renewals more often than every 20 minutes. */
export const APNS_TOKEN_RENEW_MS = 50 * 60 * 1000;

const PRODUCTION_URL = "https://api.push.apple.com";
const SANDBOX_URL = "https://api.sandbox.push.apple.com";
const MAX_RESPONSE_BYTES = 16 * 1024;

/** Device tokens are hex (32 bytes today; Apple says not to rely on the length). */
const DEVICE_TOKEN = /^(?:[0-9a-fA-F]{2}){8,200}$/;

/** APNs over HTTP/2 with token (JWT) authentication; one connection, reopened when it closes. */
export class ApnsProvider implements PushProvider {
  readonly kind = "apns" as const;
  private readonly baseUrl: string;
  private readonly clock: () => number;
  private readonly timeoutMs: number;
  private readonly key: Promise<CryptoKey>;
  private token: { jwt: Promise<string>; issuedAt: number } | undefined;
  private session: ClientHttp2Session | undefined;
  /** Streams open per session: a session keeps the process alive only while it has some. */
  private readonly streams = new WeakMap<ClientHttp2Session, number>();
  private closed = false;

  constructor(private readonly options: ApnsOptions) {
    this.baseUrl = options.baseUrl ?? (options.production ? PRODUCTION_URL : SANDBOX_URL);
    this.clock = options.clock ?? Date.now;
    this.timeoutMs = timeoutOption(options.timeoutMs);
    this.key = importPKCS8(options.privateKeyPem, "ES256");
    this.key.catch(() => undefined); // reported by send
  }

  async send(target: PushTarget, message: PushMessage): Promise<PushResult> {
    try {
      if (this.closed) return failure("provider_unavailable", false, "provider closed");
      if (!DEVICE_TOKEN.test(target.pushToken)) return failure("invalid_token", true, "not an APNs device token (hex)");
      const jwt = await this.providerToken();
      const body = JSON.stringify({ aps: { alert: { title: message.title }, sound: "default" }, challengeId: appPayload(message).challengeId });
      const headers = {
        ":method": "POST",
        ":path": `/3/device/${target.pushToken}`,
        authorization: `bearer ${jwt}`,
        "apns-topic": this.options.topic,
        "apns-push-type": "alert",
        "apns-priority": "10",
        "apns-expiration": String(Math.max(0, Math.floor(message.expiresAt / 1000))),
        "content-type": "application/json",
      };
      const reply = await this.request(headers, body);
      return this.interpret(reply.status, reply.text, jwt);
    } catch (error) {
      return toResult(error);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const session = this.session;
    this.session = undefined;
    if (!session || session.destroyed) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => session.destroy(), 1_000);
      force.unref();
      session.close(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }

  /** The cached provider token, renewed once it is 50 minutes old. */
  private async providerToken(): Promise<string> {
    const now = this.clock();
    if (!this.token || now - this.token.issuedAt >= APNS_TOKEN_RENEW_MS || now < this.token.issuedAt) {
      const jwt = this.sign(now);
      this.token = { jwt, issuedAt: now };
      jwt.catch(() => {
        if (this.token?.jwt === jwt) this.token = undefined;
      });
    }
    return this.token.jwt;
  }

  private async sign(now: number): Promise<string> {
    let key: CryptoKey;
    try {
      key = await this.key;
    } catch (error) {
      throw new PushFailure(failure("provider_rejected", false, `privateKeyPem is not a usable ES256 key: ${describe(error)}`));
    }
    return new SignJWT({})
      .setProtectedHeader({ alg: "ES256", kid: this.options.keyId })
      .setIssuer(this.options.teamId)
      .setIssuedAt(Math.floor(now / 1000))
      .sign(key);
  }

  private interpret(status: number, text: string, jwt: string): PushResult {
    if (status === 200) return { ok: true };
    let reason = "";
    try {
      reason = String((JSON.parse(text) as { reason?: unknown }).reason ?? "");
    } catch {
      // no JSON body
    }
    const detail = `APNs ${status}${reason ? ` ${reason}` : text ? ` ${clip(text)}` : ""}`;
    if (status === 410) return failure("unregistered", true, detail);
    if (status === 400 && reason === "BadDeviceToken") return failure("invalid_token", true, detail);
    if (status === 403 && reason === "ExpiredProviderToken") {
      // Clock skew or a suspended process: sign afresh next time rather than reuse a refused token.
      const cached = this.token;
      void cached?.jwt.then((current) => {
        if (current === jwt && this.token === cached) this.token = undefined;
      });
    }
    if (status >= 400 && status < 500) return failure("provider_rejected", false, detail);
    return failure("provider_unavailable", false, detail);
  }

  private connection(): ClientHttp2Session {
    const current = this.session;
    if (current && !current.closed && !current.destroyed) return current;
    const session = connect(this.baseUrl);
    const forget = () => {
      if (this.session === session) this.session = undefined;
    };
    session.on("error", forget); // each stream reports its own failure
    session.on("goaway", forget);
    session.on("close", forget);
    session.unref();
    this.session = session;
    return session;
  }

  private hold(session: ClientHttp2Session, delta: 1 | -1): void {
    const open = (this.streams.get(session) ?? 0) + delta;
    this.streams.set(session, open);
    if (session.destroyed) return;
    if (open > 0) session.ref();
    else session.unref();
  }

  private request(headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const session = this.connection();
      this.hold(session, +1);
      let status: number | undefined;
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const finish = (error?: PushFailure) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.hold(session, -1);
        if (error) reject(error);
        else if (status === undefined) reject(new PushFailure(failure("provider_unavailable", false, "APNs closed the stream without answering")));
        else resolve({ status, text: Buffer.concat(chunks).toString("utf8") });
      };
      let stream: ClientHttp2Stream;
      try {
        stream = session.request(headers);
      } catch (error) {
        // The session went away between the check and the request (GOAWAY race): the next send reconnects.
        if (this.session === session) this.session = undefined;
        this.hold(session, -1);
        return reject(new PushFailure(failure("provider_unavailable", false, `APNs: ${describe(error)}`)));
      }
      const timer = setTimeout(() => {
        stream.close(constants.NGHTTP2_CANCEL);
        finish(new PushFailure(failure("timeout", false, `APNs did not answer within ${this.timeoutMs} ms`)));
      }, this.timeoutMs);
      stream.on("response", (responseHeaders) => {
        status = Number(responseHeaders[":status"]);
      });
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
      });
      stream.on("error", (error) => finish(new PushFailure(failure("provider_unavailable", false, `APNs: ${describe(error)}`))));
      stream.on("close", () => finish());
      stream.end(body);
    });
  }
}
