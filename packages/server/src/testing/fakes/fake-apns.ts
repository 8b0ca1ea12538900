import { createServer, type IncomingHttpHeaders, type ServerHttp2Session, type ServerHttp2Stream } from "node:http2";
import { createPublicKey, generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import type { AddressInfo } from "node:net";
import { decodeProtectedHeader, errors, jwtVerify } from "jose";

/*
 * A stand-in for APNs (api.push.apple.com) over cleartext HTTP/2 on 127.0.0.1: it checks what Apple
 * checks (the provider token's signature, kid, iss and age; the topic, push type and expiration; the
 * device token) and answers with Apple's statuses and reasons.
 */

export interface FakeApnsOptions {
  teamId: string;
  keyId: string;
  /** The public half of the team's .p8 key: a KeyObject or an SPKI PEM. */
  publicKey: KeyObject | string;
  topic: string;
  /** The fake's idea of now (provider tokens older than an hour are refused). */
  clock?: () => number;
}

export interface ApnsNotification {
  token: string;
  headers: Record<string, string>;
  body: any;
}

export interface FakeApns {
  /** http://127.0.0.1:<port>, the provider's baseUrl. */
  url: string;
  /** Every accepted notification, in order. */
  received: ApnsNotification[];
  /** Every refused request: status and Apple's reason. */
  rejected: Array<{ status: number; reason: string }>;
  /** HTTP/2 connections accepted so far. */
  readonly connections: number;
  /** From now on the token is unregistered (410). */
  markDead(token: string): void;
  /** The next request is answered with this status and reason, whatever it is. */
  failNext(status: number, reason: string): void;
  /** The next request is never answered. */
  hangNext(): void;
  /** Sends GOAWAY on every open connection (as APNs does when it recycles connections). */
  goaway(): void;
  close(): Promise<void>;
}

/** A .p8-like key pair: PKCS#8 PEM EC P-256 private key and its public KeyObject. */
export function newApnsKey(): { privateKeyPem: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), publicKey };
}

const DEVICE_TOKEN = /^[0-9a-f]{64}$/i;
const PUSH_TYPES = new Set(["alert", "background", "voip", "complication", "fileprovider", "mdm", "liveactivity", "location", "pushtotalk"]);

export async function startFakeApns(options: FakeApnsOptions): Promise<FakeApns> {
  const publicKey = typeof options.publicKey === "string" ? createPublicKey(options.publicKey) : options.publicKey;
  const clock = options.clock ?? Date.now;
  const received: ApnsNotification[] = [];
  const rejected: Array<{ status: number; reason: string }> = [];
  const dead = new Set<string>();
  const queued: Array<{ status: number; reason: string } | "hang"> = [];
  const sessions = new Set<ServerHttp2Session>();
  let connections = 0;

  const respond = (stream: ServerHttp2Stream, status: number, reason?: string, extra: Record<string, string> = {}) => {
    if (stream.destroyed) return;
    if (reason !== undefined) rejected.push({ status, reason });
    const body = reason === undefined ? "" : JSON.stringify(status === 410 ? { reason, timestamp: clock() } : { reason });
    stream.respond({ ":status": status, "apns-id": randomUUID(), ...(body ? { "content-type": "application/json" } : {}), ...extra });
    stream.end(body);
  };

  /** Returns Apple's reason for refusing the provider token, or undefined when it is good. */
  const checkJwt = async (authorization: string | undefined): Promise<string | undefined> => {
    const jwt = /^bearer (\S+)$/i.exec(authorization ?? "")?.[1];
    if (!jwt) return "MissingProviderToken";
    try {
      const header = decodeProtectedHeader(jwt);
      if (header.alg !== "ES256" || header.kid !== options.keyId) return "InvalidProviderToken";
      await jwtVerify(jwt, publicKey, {
        algorithms: ["ES256"],
        issuer: options.teamId,
        requiredClaims: ["iat"],
        maxTokenAge: 3600,
        currentDate: new Date(clock()),
      });
      return undefined;
    } catch (error) {
      return error instanceof errors.JWTExpired ? "ExpiredProviderToken" : "InvalidProviderToken";
    }
  };

  const handle = async (stream: ServerHttp2Stream, headers: IncomingHttpHeaders, raw: Buffer) => {
    const next = queued.shift();
    if (next === "hang") return;
    if (next) return respond(stream, next.status, next.reason);
    const token = /^\/3\/device\/([^/?]+)$/.exec(String(headers[":path"]))?.[1];
    if (token === undefined) return respond(stream, 404, "BadPath");
    if (headers[":method"] !== "POST") return respond(stream, 405, "MethodNotAllowed");
    const jwtProblem = await checkJwt(headers.authorization);
    if (jwtProblem) return respond(stream, 403, jwtProblem);
    const topic = headers["apns-topic"];
    if (topic === undefined) return respond(stream, 400, "MissingTopic");
    if (topic !== options.topic) return respond(stream, 400, "TopicDisallowed");
    if (!PUSH_TYPES.has(String(headers["apns-push-type"]))) return respond(stream, 400, "InvalidPushType");
    if (!/^\d+$/.test(String(headers["apns-expiration"] ?? ""))) return respond(stream, 400, "BadExpirationDate");
    if (headers["apns-priority"] !== undefined && !["1", "5", "10"].includes(String(headers["apns-priority"]))) return respond(stream, 400, "BadPriority");
    if (!DEVICE_TOKEN.test(token)) return respond(stream, 400, "BadDeviceToken");
    if (dead.has(token.toLowerCase())) return respond(stream, 410, "Unregistered");
    if (raw.length === 0) return respond(stream, 400, "PayloadEmpty");
    if (raw.length > 4096) return respond(stream, 413, "PayloadTooLarge");
    let body: any;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return respond(stream, 400, "BadPayload");
    }
    if (typeof body?.aps !== "object" || body.aps === null) return respond(stream, 400, "BadPayload");
    const plain: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) if (!name.startsWith(":") && value !== undefined) plain[name] = String(value);
    received.push({ token, headers: plain, body });
    respond(stream, 200);
  };

  const server = createServer();
  server.on("session", (session) => {
    connections++;
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
    session.on("error", () => undefined);
  });
  server.on("stream", (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on("error", () => undefined);
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => void handle(stream, headers, Buffer.concat(chunks)).catch(() => respond(stream, 500, "InternalServerError")));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    rejected,
    get connections() {
      return connections;
    },
    markDead: (token) => void dead.add(token.toLowerCase()),
    failNext: (status, reason) => void queued.push({ status, reason }),
    hangNext: () => void queued.push("hang"),
    goaway: () => {
      for (const session of sessions) session.goaway();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}
