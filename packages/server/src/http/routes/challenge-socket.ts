import type { FastifyRequest } from "fastify";
import type { WebSocket } from "ws";
import type { App, RouteDeps } from "../route-context.js";
import { SignetError } from "../../domain/errors.js";
import type { Core } from "../../domain/core.js";
import type { Tenant } from "../../domain/model.js";
import type { TokenClaims } from "../../domain/tokens/token-claims.js";
import { startQrChallenge } from "../../domain/challenges/qr-challenge-service.js";
import { challengeForToken, type ChallengeResult } from "../../domain/challenges/challenge-result.js";
import { streamChallenge, type ChallengeStream } from "../../realtime/challenge-stream.js";
import { requestContext } from "./client-api.js";
import { checkOrigin } from "../auth/authenticate.js";

const PROTOCOL = "authsignal-ws";
const TOKEN_PREFIX = "x.authsignal.token.";
const TENANT_PREFIX = "x.authsignal.tenant.";
const MAX_STREAMS_PER_SOCKET = 10;

/** Picks the subprotocol the browser SDK offers; refusing it makes the browser fail the socket. */
export const selectProtocol = (protocols: Set<string>): string | false => (protocols.has(PROTOCOL) ? PROTOCOL : false);

interface SocketAuth {
  tenant: Tenant;
  claims?: TokenClaims;
}

const socketAuth = new WeakMap<FastifyRequest, SocketAuth>();

/** WebSockets escape CORS: a tenant that restricts origins is enforced by `checkOrigin`, before the upgrade. */
async function authenticateSocket(core: Core, request: FastifyRequest): Promise<SocketAuth> {
  const offered = String(request.headers["sec-websocket-protocol"] ?? "").split(",").map((p) => p.trim());
  const token = offered.find((p) => p.startsWith(TOKEN_PREFIX))?.slice(TOKEN_PREFIX.length);
  const tenantId = offered.find((p) => p.startsWith(TENANT_PREFIX))?.slice(TENANT_PREFIX.length);
  if (!offered.includes(PROTOCOL)) throw new SignetError("invalid_request", `Offer the ${PROTOCOL} subprotocol.`);
  if (token) {
    const claims = await core.tokens.verify(token);
    const tenant = await core.store.tenants.get(claims.tenantId);
    if (!tenant) throw new SignetError("invalid_token", "The token's tenant no longer exists.");
    checkOrigin(core, tenant, request);
    return { tenant, claims };
  }
  const tenant = tenantId ? await core.store.tenants.get(decodeURIComponent(tenantId)) : undefined;
  if (!tenant) throw new SignetError("invalid_credentials", "Offer x.authsignal.token.<token> or x.authsignal.tenant.<tenantId>.");
  checkOrigin(core, tenant, request);
  return { tenant };
}

/** The official browser SDK's states: QR challenges unclaimed → claimed → approved | rejected. */
function wireState(result: ChallengeResult): string {
  if (result.state === "denied") return "rejected";
  if (result.state === "pending") return result.challengeType === "QR_CODE" ? "unclaimed" : "pending";
  return result.state;
}

/**
 * The real-time channel the official browser SDK opens at `…/ws-v1-challenge` for QR codes:
 * CREATE_CHALLENGE → CHALLENGE_CREATED, then STATE_CHANGE with accessToken on approval. Signet
 * adds SUBSCRIBE {challengeId} (track token) to follow push and in-app challenges the same way.
 */
export function challengeSocketRoutes(app: App, { core, waiters }: RouteDeps): void {
  // Authenticated before the upgrade: a refused socket gets an HTTP error and never opens.
  const preValidation = async (request: FastifyRequest) => {
    socketAuth.set(request, await authenticateSocket(core, request));
  };
  app.get("/ws-v1-challenge", { websocket: true, schema: { hide: true }, preValidation }, (socket: WebSocket, request: FastifyRequest) => {
    const streams = new Map<string, ChallengeStream>();
    const send = (type: string, data: object) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type, data }));
    };
    const sendError = (error: unknown) => {
      const e = error instanceof SignetError ? error : new SignetError("internal_error", "Something went wrong inside Signet.");
      if (!(error instanceof SignetError)) request.log.error({ err: error }, "websocket message failed");
      send("ERROR", { error: e.code, errorCode: e.code, errorDescription: e.message });
    };
    const follow = (tenant: Tenant, challenge: Parameters<typeof streamChallenge>[2], initial: boolean) => {
      let first = true;
      const stream = streamChallenge({ core, waiters }, tenant, challenge, {
        send: (result) => {
          const isFirst = first;
          first = false;
          if (isFirst && !initial) return;
          send("STATE_CHANGE", {
            challengeId: result.challengeId,
            challengeType: result.challengeType,
            state: wireState(result),
            ...(result.accessToken ? { accessToken: result.accessToken } : {}),
          });
        },
        end: () => streams.delete(challenge.id),
      });
      if (!stream) throw new SignetError("too_many_requests", "Too many open waiters for this tenant; poll instead.");
      streams.set(challenge.id, stream);
    };
    const authenticated = socketAuth.get(request);
    if (!authenticated) {
      socket.close(1008, "unauthorized");
      return;
    }

    socket.on("message", (raw) => {
      void (async () => {
        const { tenant, claims } = authenticated;
        let message: { type?: unknown; data?: Record<string, unknown> };
        try {
          message = JSON.parse(String(raw)) as typeof message;
        } catch {
          throw new SignetError("invalid_request", "Messages must be JSON.");
        }
        const data = message.data ?? {};
        if (message.type === "CREATE_CHALLENGE") {
          if (data.challengeType !== "QR_CODE") throw new SignetError("invalid_request", "challengeType must be QR_CODE.");
          const action = typeof data.actionCode === "string" ? data.actionCode : undefined;
          const custom = data.custom && typeof data.custom === "object" ? (data.custom as Record<string, unknown>) : undefined;
          const created = await startQrChallenge(core, tenant, claims, { action, custom, ...requestContext(request) });
          // A new QR code replaces the previous ones (the SDK's refresh).
          for (const stream of streams.values()) stream.stop();
          streams.clear();
          const challenge = await core.store.challenges.get(tenant.id, created.challengeId);
          if (!challenge) throw new SignetError("internal_error", "The challenge vanished.");
          send("CHALLENGE_CREATED", {
            challengeId: created.challengeId,
            challengeType: "QR_CODE",
            expiresAt: created.expiresAt,
            state: "unclaimed",
            ...(created.verificationCode ? { verificationCode: created.verificationCode } : {}),
          });
          follow(tenant, challenge, false);
        } else if (message.type === "SUBSCRIBE") {
          if (!claims) throw new SignetError("invalid_credentials", "SUBSCRIBE needs a track token.");
          if (streams.size >= MAX_STREAMS_PER_SOCKET) throw new SignetError("too_many_requests", "Too many subscriptions on this socket.");
          const challengeId = typeof data.challengeId === "string" ? data.challengeId : "";
          follow(tenant, await challengeForToken(core, tenant, claims, challengeId), true);
        } else {
          throw new SignetError("invalid_request", "Unknown message type.");
        }
      })().catch(sendError);
    });
    socket.on("close", () => {
      for (const stream of streams.values()) stream.stop();
      streams.clear();
    });
  });
}
