import { createServer } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomBytes, type ECDH } from "node:crypto";
import type { AddressInfo, Socket } from "node:net";
import { importJWK, jwtVerify, type JWTPayload } from "jose";
import { selfSignedCert } from "./self-signed-cert.js";
import { decryptAes128gcm, newUserAgentKeys, type UserAgentKeys } from "./web-push-decrypt.js";

/*
 * A push service (RFC 8030) on https://127.0.0.1 with a throwaway self-signed certificate (pass
 * `certPem` to the provider as `ca`). It checks the VAPID authorisation (RFC 8292), TTL, Urgency and
 * Content-Encoding headers, and decrypts each message as the browser would (RFC 8291 / RFC 8188).
 */

export interface BrowserSubscription {
  /** What PushSubscription.toJSON() gives (minus expirationTime). */
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
  /** The push token a device registers: the subscription's JSON. */
  token: string;
  ecdh: ECDH;
  auth: Buffer;
}

export interface ReceivedPush {
  id: string;
  endpoint: string;
  ttl: string | undefined;
  urgency: string | undefined;
  /** The decrypted payload. */
  plaintext: string;
  /** The verified VAPID JWT claims (aud, exp, sub). */
  vapid: JWTPayload;
}

export interface FakeWebPushOptions {
  /** The VAPID key subscriptions are created for (PushManager's applicationServerKey); any when absent. */
  vapidPublicKey?: string;
}

const URGENCIES = ["very-low", "low", "normal", "high"];

export async function startFakeWebPush(options: FakeWebPushOptions = {}) {
  const { keyPem, certPem } = selfSignedCert();
  const received: ReceivedPush[] = [];
  const rejected: Array<{ status: number; reason: string }> = [];
  const subscriptions = new Map<string, { keys: UserAgentKeys; serverKey: string | undefined }>();
  const dead = new Set<string>();
  const queued: Array<number | "hang"> = [];
  let origin = "";

  /** Returns [status, reason] for a refusal, or the verified claims. */
  const verifyVapid = async (header: string | undefined, serverKey: string | undefined): Promise<[number, string] | JWTPayload> => {
    const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? "");
    if (!match) return [401, "missing or malformed vapid authorization"];
    const [, jwt, k] = match as unknown as [string, string, string];
    if (serverKey !== undefined && k !== serverKey) return [403, "k is not the subscription's applicationServerKey"];
    const point = Buffer.from(k, "base64url");
    if (point.length !== 65 || point[0] !== 4) return [401, "k is not an uncompressed P-256 key"];
    try {
      const x = point.subarray(1, 33).toString("base64url");
      const y = point.subarray(33, 65).toString("base64url");
      const key = await importJWK({ kty: "EC", crv: "P-256", x, y }, "ES256");
      const { payload } = await jwtVerify(jwt, key, { algorithms: ["ES256"], audience: origin, requiredClaims: ["exp"] });
      if (payload.exp! > Date.now() / 1000 + 24 * 3600) return [401, "exp more than 24 hours ahead"];
      if (!/^(mailto:.+@|https:\/\/)/.test(String(payload.sub ?? ""))) return [401, "sub is not a mailto: or https: URL"];
      return payload;
    } catch (error) {
      return [401, `bad vapid JWT: ${(error as Error).message}`];
    }
  };

  const handle = async (req: IncomingMessage, body: Buffer): Promise<[number, string?]> => {
    const next = queued.shift();
    if (next === "hang") return [0];
    if (next !== undefined) return [next, "failNext"];
    if (req.method !== "POST") return [405, "method"];
    const id = /^\/push\/([A-Za-z0-9_-]+)$/.exec(req.url ?? "")?.[1];
    const sub = id === undefined ? undefined : subscriptions.get(id);
    if (!sub || id === undefined) return [404, "no such subscription"];
    if (dead.has(id)) return [410, "subscription expired"];
    const vapid = await verifyVapid(req.headers.authorization, sub.serverKey);
    if (Array.isArray(vapid)) return vapid;
    const ttl = req.headers.ttl as string | undefined;
    if (ttl === undefined || !/^\d+$/.test(ttl)) return [400, "missing or bad TTL"];
    const urgency = req.headers.urgency as string | undefined;
    if (urgency !== undefined && !URGENCIES.includes(urgency)) return [400, "bad Urgency"];
    if (req.headers["content-encoding"] !== "aes128gcm") return [415, "Content-Encoding must be aes128gcm"];
    if (body.length > 4096) return [413, "payload too large"];
    let plaintext: string;
    try {
      plaintext = decryptAes128gcm(body, sub.keys).toString("utf8");
    } catch (error) {
      return [400, `cannot decrypt: ${(error as Error).message}`];
    }
    received.push({ id, endpoint: `${origin}/push/${id}`, ttl, urgency, plaintext, vapid });
    return [201];
  };

  const sockets = new Set<Socket>();
  const server = createServer({ key: keyPem, cert: certPem }, (req, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const [status, reason] = await handle(req, Buffer.concat(chunks)).catch((error: Error) => [500, error.message] as [number, string]);
      if (status === 0) return; // hang
      if (reason !== undefined) rejected.push({ status, reason });
      const headers = status === 201 ? { location: `${origin}/message/${randomBytes(8).toString("hex")}` } : { "content-type": "text/plain" };
      res.writeHead(status, headers).end(reason ?? "");
    });
  });
  server.on("secureConnection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const idOf = (tokenOrEndpoint: string): string => {
    let endpoint = tokenOrEndpoint;
    try {
      endpoint = (JSON.parse(tokenOrEndpoint) as { endpoint: string }).endpoint;
    } catch {
      // an endpoint
    }
    return endpoint.split("/push/")[1] ?? "";
  };

  return {
    /** https://127.0.0.1:<port>: the audience VAPID JWTs must name. */
    url: origin,
    /** The self-signed certificate to trust (WebPushProvider option `ca`). */
    certPem,
    received,
    rejected,
    /** A subscription as a browser's PushManager makes it, pointing at this service. */
    subscribe(applicationServerKey: string | undefined = options.vapidPublicKey): BrowserSubscription {
      const keys = newUserAgentKeys();
      const id = randomBytes(12).toString("base64url");
      subscriptions.set(id, { keys, serverKey: applicationServerKey });
      const subscription = { endpoint: `${origin}/push/${id}`, keys: { p256dh: keys.p256dh, auth: keys.auth } };
      return { subscription, token: JSON.stringify(subscription), ecdh: keys.ecdh, auth: Buffer.from(keys.auth, "base64url") };
    },
    /** The subscription (by its token JSON or endpoint) is gone: 410 from now on. */
    markDead: (tokenOrEndpoint: string) => void dead.add(idOf(tokenOrEndpoint)),
    /** The next request is answered with this status, whatever it is. */
    failNext: (status: number) => void queued.push(status),
    /** The next request is never answered. */
    hangNext: () => void queued.push("hang"),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export type FakeWebPush = Awaited<ReturnType<typeof startFakeWebPush>>;
/** The name an earlier draft used. */
export const startFakePushService = startFakeWebPush;
