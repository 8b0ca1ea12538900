import { Type } from "typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { App, RouteDeps } from "../route-context.js";
import { authenticateBearer, authenticateClient, authenticateDevice } from "../auth/authenticate.js";
import { pushChallengeResult } from "../../domain/challenges/push-challenge-service.js";
import { startPushChallenge } from "../../domain/challenges/start-push-challenge.js";
import { startInAppChallenge } from "../../domain/challenges/in-app-service.js";
import { qrChallengeResult, startQrChallenge } from "../../domain/challenges/qr-challenge-service.js";
import type { ChallengeResult } from "../../domain/challenges/challenge-result.js";
import { challengeTopic } from "../../events/in-process-event-bus.js";
import { longPoll, preferredWaitSeconds } from "../../realtime/long-poll.js";
import { CustomData, OptionalText, Text } from "../schemas/common.js";

/** The browser's context, shown to the phone that answers. */
export const requestContext = (request: FastifyRequest) => ({
  ipAddress: request.ip,
  userAgent: (request.headers["user-agent"] ?? "").slice(0, 1024) || null,
});

/**
 * The Client API (PROTOCOL.md §3): the browser, with a track token or the tenant id. The verify
 * calls honour `Prefer: wait=N` (N ≤ 30): they answer as soon as the challenge changes.
 */
export function clientApiRoutes(app: App, { core, waiters }: RouteDeps): void {
  const tags = ["client"];

  async function waitForChange(request: FastifyRequest, reply: FastifyReply, tenantId: string, challengeId: string, read: () => Promise<ChallengeResult>) {
    const waitSeconds = preferredWaitSeconds(request.headers.prefer);
    const { result, waited } = await longPoll({
      waiters,
      tenantId,
      topic: challengeTopic(challengeId),
      waitSeconds,
      read,
      isDone: (first, now) => first.state !== now.state || now.isConsumed,
    });
    if (waited) reply.header("preference-applied", `wait=${waitSeconds}`);
    return result;
  }

  app.post(
    "/client/challenge/push",
    { schema: { tags, body: Type.Object({ action: OptionalText(64), userAuthenticatorId: OptionalText(64) }) } },
    async (request) => {
      const { tenant, claims } = await authenticateBearer(core, request);
      const { expiresAt: _expiresAt, ...started } = await startPushChallenge(core, tenant, claims, request.body, { actor: "browser", ipAddress: request.ip });
      return started;
    },
  );

  app.post("/client/verify/push", { schema: { tags, body: Type.Object({ challengeId: Text(64) }) } }, async (request, reply) => {
    const { tenant, claims } = await authenticateBearer(core, request);
    const { challengeId } = request.body;
    const r = await waitForChange(request, reply, tenant.id, challengeId, () => pushChallengeResult(core, tenant, claims, challengeId));
    return { isVerified: r.isVerified, isConsumed: r.isConsumed, ...(r.accessToken ? { accessToken: r.accessToken } : {}) };
  });

  app.post(
    "/client/challenge/qr-code",
    { schema: { tags, body: Type.Object({ action: OptionalText(64), custom: CustomData }) } },
    async (request) => {
      const { tenant, claims } = await authenticateClient(core, request, { token: true, tenant: true });
      return startQrChallenge(core, tenant, claims, { ...request.body, ...requestContext(request) });
    },
  );

  app.post(
    "/client/verify/qr-code",
    { schema: { tags, body: Type.Object({ challengeId: Text(64), deviceCode: Text(128) }) } },
    async (request, reply) => {
      const tenant = await authenticateDevice(core, request);
      const { challengeId, deviceCode } = request.body;
      const r = await waitForChange(request, reply, tenant.id, challengeId, () => qrChallengeResult(core, tenant, challengeId, deviceCode));
      return { isClaimed: r.isClaimed, isConsumed: r.isConsumed, isVerified: r.isVerified, ...(r.accessToken ? { accessToken: r.accessToken } : {}) };
    },
  );

  app.post(
    "/client/challenge",
    { schema: { tags, body: Type.Object({ action: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])) }) } },
    async (request) => {
      const { tenant, claims } = await authenticateClient(core, request, { token: true, tenant: true });
      return startInAppChallenge(core, tenant, claims, request.body.action ?? undefined, { actor: claims ? "browser" : "device", ipAddress: request.ip });
    },
  );
}
