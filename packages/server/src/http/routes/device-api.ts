import { Type } from "typebox";
import type { FastifyRequest } from "fastify";
import type { App, RouteDeps } from "../route-context.js";
import { SignetError } from "../../domain/errors.js";
import { METHOD_BY_PATH, type VerificationMethod } from "../../domain/model.js";
import { authenticateBearer, authenticateClient, authenticateDevice } from "../auth/authenticate.js";
import { addCredential, getCredential, removeCredential } from "../../domain/credentials/credential-service.js";
import { issueCredentialUpdateMessage, updatePushCredential } from "../../domain/credentials/push-credential-update.js";
import {
  answerPushChallenge,
  getPendingPushChallenge,
  issueChallengeSigningMessage,
} from "../../domain/challenges/push-challenge-service.js";
import { verifyInApp } from "../../domain/challenges/in-app-service.js";
import { parseDenyReason } from "../../domain/challenges/device-answer.js";
import { answerQrChallenge, claimQrChallenge } from "../../domain/challenges/qr-challenge-service.js";
import { findDeviceCredential } from "../../domain/credentials/credential-service.js";
import { parsePublicKeyQuery } from "../../domain/crypto/public-key.js";
import { userTopic } from "../../events/in-process-event-bus.js";
import { longPoll, preferredWaitSeconds } from "../../realtime/long-poll.js";
import { OptionalText, PublicKeyQuery, Text } from "../schemas/common.js";

const MethodParams = Type.Object({ method: Type.String({ maxLength: 32 }) });
const PublicKey = Type.String({ maxLength: 2048 });
const Signature = Type.String({ maxLength: 512 });

const AnswerBody = Type.Object({
  challengeId: Text(64),
  publicKey: PublicKey,
  approved: Type.Boolean(),
  signature: Signature,
  verificationCode: Type.Optional(Type.Union([Type.String({ maxLength: 16 }), Type.Null()])),
  denyReason: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()])),
});

/** The signed answer as the domain takes it (null fields from native SDKs read as absent). */
const deviceAnswer = (body: { challengeId: string; publicKey: string; signature: string; approved: boolean; verificationCode?: string | null; denyReason?: string | null }) => ({
  challengeId: body.challengeId,
  publicKey: body.publicKey,
  signature: body.signature,
  approved: body.approved,
  verificationCode: body.verificationCode ?? undefined,
  denyReason: parseDenyReason(body.denyReason),
});

function methodOf(path: string): VerificationMethod {
  const method = (METHOD_BY_PATH as Record<string, VerificationMethod>)[path];
  if (!method) throw new SignetError("not_found", `Signet has no ${path} authenticators; it serves push, qr-code and in-app.`);
  return method;
}

const signatureHeader = (request: FastifyRequest): string | undefined => {
  const value = request.headers["x-authsignal-signature"];
  return Array.isArray(value) ? value[0] : value;
};

/** The Device API (PROTOCOL.md §4): the phone, proving possession of its key by signatures. */
export function deviceApiRoutes(app: App, { core, waiters }: RouteDeps): void {
  const tags = ["device"];

  app.post(
    "/client/user-authenticators/:method",
    {
      schema: {
        tags,
        params: MethodParams,
        body: Type.Object({ publicKey: PublicKey, deviceName: OptionalText(), devicePlatform: OptionalText(32), pushToken: OptionalText(4096) }),
      },
    },
    async (request) => {
      const method = methodOf(request.params.method);
      const { tenant, claims } = await authenticateBearer(core, request);
      return addCredential(core, tenant, claims, method, request.body);
    },
  );

  app.get("/client/user-authenticators/:method", { schema: { tags, params: MethodParams, querystring: PublicKeyQuery } }, async (request) => {
    const method = methodOf(request.params.method);
    const tenant = await authenticateDevice(core, request);
    return getCredential(core, tenant, method, request.query.publicKey);
  });

  app.post(
    "/client/user-authenticators/:method/remove",
    { schema: { tags, params: MethodParams, body: Type.Object({ publicKey: PublicKey, signature: Signature }) } },
    async (request) => {
      const method = methodOf(request.params.method);
      const tenant = await authenticateDevice(core, request);
      return removeCredential(core, tenant, method, request.body);
    },
  );

  app.post("/client/user-authenticators/push/challenge/sign", { schema: { tags, querystring: PublicKeyQuery } }, async (request) => {
    const tenant = await authenticateDevice(core, request);
    return issueChallengeSigningMessage(core, tenant, request.query.publicKey);
  });

  // `Prefer: wait=N`: answers as soon as a challenge for this device exists (no FCM/APNs needed).
  app.get("/client/user-authenticators/push/challenge", { schema: { tags, querystring: PublicKeyQuery } }, async (request, reply) => {
    const tenant = await authenticateDevice(core, request);
    const { publicKey } = request.query;
    const credential = await findDeviceCredential(core, tenant.id, "PUSH", parsePublicKeyQuery(publicKey).canonical);
    const waitSeconds = preferredWaitSeconds(request.headers.prefer);
    const { result, waited } = await longPoll({
      waiters,
      tenantId: tenant.id,
      topic: userTopic(tenant.id, credential.userId),
      waitSeconds,
      read: () => getPendingPushChallenge(core, tenant, publicKey, signatureHeader(request)),
      isDone: (_first, now) => now.challengeId !== null,
    });
    if (waited) reply.header("preference-applied", `wait=${waitSeconds}`);
    return result;
  });

  app.post(
    "/client/user-authenticators/push/challenge",
    { schema: { tags, body: AnswerBody } },
    async (request) => {
      const tenant = await authenticateDevice(core, request);
      return answerPushChallenge(core, tenant, deviceAnswer(request.body));
    },
  );

  app.post(
    "/client/user-authenticators/qr-code/challenge/claim",
    { schema: { tags, body: Type.Object({ challengeId: Text(64), publicKey: PublicKey, signature: Signature }) } },
    async (request) => {
      const tenant = await authenticateDevice(core, request);
      return claimQrChallenge(core, tenant, request.body);
    },
  );

  app.post(
    "/client/user-authenticators/qr-code/challenge",
    { schema: { tags, body: AnswerBody } },
    async (request) => {
      const tenant = await authenticateDevice(core, request);
      return answerQrChallenge(core, tenant, deviceAnswer(request.body));
    },
  );

  app.post("/client/user-authenticators/push/sign", { schema: { tags, querystring: PublicKeyQuery } }, async (request) => {
    const tenant = await authenticateDevice(core, request);
    return issueCredentialUpdateMessage(core, tenant, request.query.publicKey);
  });

  app.patch(
    "/client/user-authenticators/push",
    {
      schema: {
        tags,
        body: Type.Object({
          challengeId: Text(64),
          publicKey: PublicKey,
          signature: Signature,
          pushToken: OptionalText(4096),
          resetExpiry: Type.Optional(Type.Boolean()),
        }),
      },
    },
    async (request) => {
      const tenant = await authenticateDevice(core, request);
      return updatePushCredential(core, tenant, request.body);
    },
  );

  app.post(
    "/client/verify/in-app",
    { schema: { tags, body: Type.Object({ challengeId: Text(64), publicKey: PublicKey, signature: Signature }) } },
    async (request) => {
      const { tenant, claims } = await authenticateClient(core, request, { token: true, tenant: true });
      return verifyInApp(core, tenant, claims, request.body);
    },
  );
}
