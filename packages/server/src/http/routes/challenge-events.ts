import { Type } from "typebox";
import type { App, RouteDeps } from "../route-context.js";
import { SignetError } from "../../domain/errors.js";
import { authenticateBearer } from "../auth/authenticate.js";
import { challengeForDeviceCode, challengeForToken, type ChallengeResult } from "../../domain/challenges/challenge-result.js";
import { streamChallenge } from "../../realtime/challenge-stream.js";
import { getTenant } from "../../domain/tenants/tenant-service.js";
import { Heartbeat } from "../../realtime/heartbeat.js";

const heartbeat = new Heartbeat(15_000);

/**
 * Server-sent events for one challenge: `event: state` with the result at once and at every change,
 * a comment heartbeat every 15 s, and the stream closes when the challenge is final or expired.
 * Access with the track token (Authorization: Bearer) or, for QR, `?deviceCode=` (EventSource
 * cannot send headers).
 */
export function challengeEventRoutes(app: App, { core, waiters }: RouteDeps): void {
  app.get(
    "/client/challenges/:challengeId/events",
    {
      schema: {
        tags: ["client"],
        params: Type.Object({ challengeId: Type.String({ minLength: 1, maxLength: 64 }) }),
        querystring: Type.Object({ deviceCode: Type.Optional(Type.String({ maxLength: 128 })) }),
      },
    },
    async (request, reply) => {
      const { challengeId } = request.params;
      const { deviceCode } = request.query;
      let tenant, challenge;
      if (deviceCode !== undefined && !request.headers.authorization) {
        challenge = await challengeForDeviceCode(core, undefined, challengeId, deviceCode);
        tenant = await getTenant(core, challenge.tenantId);
      } else {
        const auth = await authenticateBearer(core, request);
        tenant = auth.tenant;
        challenge = await challengeForToken(core, tenant, auth.claims, challengeId);
      }

      const raw = reply.raw;
      let stopBeating = () => {};
      const end = () => {
        stopBeating();
        if (!raw.writableEnded) raw.end();
      };
      const stream = streamChallenge({ core, waiters }, tenant, challenge, {
        send: (result: ChallengeResult) => raw.write(`event: state\ndata: ${JSON.stringify(result)}\n\n`),
        end,
      });
      if (!stream) throw new SignetError("too_many_requests", "Too many open waiters for this tenant; poll instead.");
      reply.hijack();
      raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      raw.write(": connected\n\n");
      stopBeating = heartbeat.add(() => raw.write(": heartbeat\n\n"));
      raw.on("close", () => {
        stream.stop();
        stopBeating();
      });
    },
  );
}
