import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import type { AddressInfo, Socket } from "node:net";
import { jwtVerify } from "jose";

/*
 * A stand-in for Google's OAuth token endpoint and FCM HTTP v1 on 127.0.0.1 (HTTP/1.1). The token
 * endpoint verifies the JWT-bearer assertion as Google does (RS256 by the service account's key,
 * iss, aud = the token URI, the messaging scope, at most an hour of life) and issues access tokens;
 * messages:send requires one and answers with FCM's error shapes.
 */

export const FCM_SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

/** A Google-style service account key file with a fresh RSA key, and its public half for the fake. */
export function fcmTestServiceAccount(tokenUri: string): { account: Record<string, string>; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    account: {
      type: "service_account",
      project_id: "signet-test",
      private_key_id: randomBytes(20).toString("hex"),
      private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      client_email: "signet-push@signet-test.iam.gserviceaccount.com",
      client_id: "100000000000000000001",
      auth_uri: "https://accounts.google.com/o/oauth2/auth",
      token_uri: tokenUri,
      auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
      universe_domain: "googleapis.com",
    },
    publicKey,
  };
}

export interface FakeFcmOptions {
  /** The service account's public key (or call `trust` later). */
  publicKey?: KeyObject;
  /** The expected assertion issuer; any when absent. */
  clientEmail?: string;
  projectId?: string;
  /** Lifetime of issued access tokens in seconds (default 3600). */
  tokenLifetimeSeconds?: number;
  clock?: () => number;
}

export interface FcmSendRequest {
  headers: IncomingMessage["headers"];
  message: Record<string, any>;
}

const fcmError = (code: number, status: string, message: string, errorCode?: string, field?: string) => ({
  error: {
    code,
    message,
    status,
    details: [
      ...(errorCode ? [{ "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", errorCode }] : []),
      ...(field ? [{ "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: [{ field, description: message }] }] : []),
    ],
  },
});

export async function startFakeFcm(options: FakeFcmOptions = {}) {
  const clock = options.clock ?? Date.now;
  const projectId = options.projectId ?? "signet-test";
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  let publicKey = options.publicKey;
  /** Accepted messages (the `message` object as sent). */
  const received: Array<Record<string, any>> = [];
  const requests: FcmSendRequest[] = [];
  const dead = new Set<string>();
  const issued = new Map<string, number>(); // access token → expiry (ms)
  const queued: Array<{ status: number; body: object } | "hang"> = [];
  let tokenRequests = 0;
  let origin = "";

  const token = async (raw: string): Promise<[number, object]> => {
    tokenRequests++;
    const form = new URLSearchParams(raw);
    if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer") return [400, { error: "unsupported_grant_type" }];
    if (!publicKey) return [400, { error: "invalid_grant", error_description: "Invalid JWT Signature." }];
    try {
      const { payload } = await jwtVerify(form.get("assertion") ?? "", publicKey, {
        algorithms: ["RS256"],
        audience: `${origin}/token`,
        requiredClaims: ["iss", "iat", "exp"],
        currentDate: new Date(clock()),
        ...(options.clientEmail ? { issuer: options.clientEmail } : {}),
      });
      if (payload.scope !== FCM_SCOPE) return [400, { error: "invalid_scope", error_description: "Invalid OAuth scope or ID token audience provided." }];
      if (payload.exp! - payload.iat! > 3600) return [400, { error: "invalid_grant", error_description: "Invalid JWT: Token must be a short-lived token (60 minutes)" }];
    } catch (error) {
      return [400, { error: "invalid_grant", error_description: `Invalid JWT: ${(error as Error).message}` }];
    }
    const accessToken = `ya29.fake-${randomBytes(16).toString("base64url")}`;
    issued.set(accessToken, clock() + lifetime * 1000);
    return [200, { access_token: accessToken, expires_in: lifetime, token_type: "Bearer" }];
  };

  const send = (req: IncomingMessage, raw: string): [number, object] => {
    const bearer = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ""))?.[1];
    const expiry = bearer === undefined ? undefined : issued.get(bearer);
    if (expiry === undefined || expiry <= clock()) {
      return [401, { error: { code: 401, message: "Request had invalid authentication credentials.", status: "UNAUTHENTICATED" } }];
    }
    let message: Record<string, any>;
    try {
      message = (JSON.parse(raw) as { message: Record<string, any> }).message;
      if (typeof message !== "object" || message === null) throw new Error();
    } catch {
      return [400, fcmError(400, "INVALID_ARGUMENT", "Invalid JSON payload received.", undefined, "message")];
    }
    const invalid = (field: string, text: string): [number, object] => [400, fcmError(400, "INVALID_ARGUMENT", text, "INVALID_ARGUMENT", field)];
    if (typeof message.token !== "string" || !/^[\w:-]{20,}$/.test(message.token)) {
      return invalid("message.token", "The registration token is not a valid FCM registration token");
    }
    if (message.data !== undefined && Object.values(message.data as object).some((v) => typeof v !== "string")) {
      return invalid("message.data", "Invalid value at 'message.data': data values must be strings");
    }
    const ttl = message.android?.ttl;
    if (ttl !== undefined && !(typeof ttl === "string" && /^\d+(\.\d{1,9})?s$/.test(ttl))) return invalid("message.android.ttl", "Invalid value at 'message.android.ttl'");
    const priority = message.android?.priority;
    if (priority !== undefined && !["normal", "high", "NORMAL", "HIGH"].includes(priority)) return invalid("message.android.priority", "Invalid value at 'message.android.priority'");
    if (dead.has(message.token)) return [404, fcmError(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED")];
    received.push(message);
    requests.push({ headers: req.headers, message });
    return [200, { name: `projects/${projectId}/messages/${randomBytes(8).toString("hex")}` }];
  };

  const sockets = new Set<Socket>();
  const server = createServer((req, res: ServerResponse) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (raw += chunk));
    req.on("end", async () => {
      const reply = (status: number, body: object) => res.writeHead(status, { "content-type": "application/json; charset=UTF-8" }).end(JSON.stringify(body));
      const path = req.url ?? "";
      if (req.method !== "POST") return reply(405, { error: { code: 405, status: "METHOD_NOT_ALLOWED" } });
      if (path === "/token") return reply(...(await token(raw)));
      if (path !== `/v1/projects/${projectId}/messages:send`) {
        return reply(404, { error: { code: 404, message: "Requested entity was not found.", status: "NOT_FOUND" } });
      }
      const next = queued.shift();
      if (next === "hang") return;
      if (next) return reply(next.status, next.body);
      reply(...send(req, raw));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    /** The provider's baseUrl. */
    url: origin,
    /** The service account's token_uri. */
    tokenUri: `${origin}/token`,
    received,
    /** Accepted sends with their request headers. */
    requests,
    /** Requests to the token endpoint, accepted or not. */
    get tokenRequests() {
      return tokenRequests;
    },
    trust: (key: KeyObject) => void (publicKey = key),
    /** Every access token issued so far stops working (the next send gets 401). */
    revokeAccessTokens: () => issued.clear(),
    markDead: (registrationToken: string) => void dead.add(registrationToken),
    /** The next messages:send is answered with this, whatever it is. */
    failNext: (status: number, body: object) => void queued.push({ status, body }),
    /** The next messages:send is never answered. */
    hangNext: () => void queued.push("hang"),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export type FakeFcm = Awaited<ReturnType<typeof startFakeFcm>>;
