import { SignetError } from "../errors.js";
import { randomToken } from "../ids.js";
import type { Challenge, Tenant } from "../model.js";
import type { Core } from "../core.js";
import type { TokenClaims } from "../tokens/token-claims.js";
import { hashSecret } from "../crypto/api-secret.js";
import { parseDevicePublicKey } from "../crypto/public-key.js";
import { verifyDeviceSignature } from "../crypto/signature.js";
import { findDeviceCredential } from "../credentials/credential-service.js";
import { assertActionCode } from "../actions/track.js";
import { answerChallenge, assertAnswerable } from "./answer-challenge.js";
import { loadBoundAction, requireTrackToken } from "./bound-challenge.js";
import { newChallenge } from "./new-challenge.js";
import { publishChange } from "./publish-change.js";
import { assertNotExpired, challengeForDeviceCode, resultOf, type ChallengeResult } from "./challenge-result.js";
import { codeMatches, deviceView, numberMatchingFields } from "../fatigue/number-matching.js";
import { numberMatchingFor } from "../fatigue/number-matching-mode.js";
import type { DeviceAnswer } from "./device-answer.js";
import { recordAudit } from "../audit/record-audit.js";

export interface QrChallengeInput {
  action?: string;
  custom?: Record<string, unknown>;
  ipAddress?: string | null;
  userAgent?: string | null;
}

/**
 * A kiosk or browser shows a QR code for this challenge. With a track token it is bound to that
 * user and action; with the tenant id alone it is anonymous, and the claiming device's user signs in.
 * The secret device code lets the browser (and only it) poll for the result.
 */
export async function startQrChallenge(core: Core, tenant: Tenant, claims: TokenClaims | undefined, input: QrChallengeInput) {
  let boundTo: { id: string; userId: string; actionCode: string } | undefined;
  if (claims) {
    requireTrackToken(claims);
    if (input.custom !== undefined) throw new SignetError("invalid_request", "custom must be omitted with a track token: pass it to track instead");
    boundTo = await loadBoundAction(core, claims, input.action);
  } else {
    if (input.action === undefined) throw new SignetError("invalid_request", "action is required");
    assertActionCode(input.action);
  }
  const deviceCode = randomToken(24);
  const actionCode = boundTo?.actionCode ?? input.action ?? null;
  const challenge = newChallenge(tenant, core.clock.now(), {
    ...numberMatchingFields(await numberMatchingFor(core, tenant, actionCode)),
    method: "QR_CODE",
    userId: boundTo?.userId ?? null,
    actionId: boundTo?.id ?? null,
    actionCode,
    deviceCodeHash: hashSecret(deviceCode),
    ipAddress: input.ipAddress ?? null,
    userAgent: input.userAgent ?? null,
    custom: input.custom ?? null,
  });
  await core.store.transaction(async (tx) => {
    await tx.challenges.insert(challenge);
    await recordAudit(tx, { actor: "browser", ipAddress: input.ipAddress }, {
      tenantId: tenant.id,
      type: "challenge.created",
      at: challenge.createdAt,
      userId: challenge.userId,
      details: { challengeId: challenge.id, method: "QR_CODE", actionCode },
    });
  });
  return {
    challengeId: challenge.id,
    expiresAt: new Date(challenge.expiresAt).toISOString(),
    deviceCode,
    ...(challenge.verificationCode !== null ? { verificationCode: challenge.verificationCode } : {}),
  };
}

/** The browser polls with its device code. */
export async function qrChallengeResult(core: Core, tenant: Tenant, challengeId: string, deviceCode: string): Promise<ChallengeResult> {
  return assertNotExpired(await resultOf(core, tenant, await challengeForDeviceCode(core, tenant.id, challengeId, deviceCode)));
}

interface SignedRequest {
  challengeId: string;
  publicKey: unknown;
  signature: unknown;
}

async function provenQrDevice(core: Core, tenant: Tenant, input: SignedRequest) {
  const key = parseDevicePublicKey(input.publicKey);
  const credential = await findDeviceCredential(core, tenant.id, "QR_CODE", key.canonical);
  const challenge = await core.store.challenges.get(tenant.id, input.challengeId);
  if (!challenge || challenge.method !== "QR_CODE") throw new SignetError("challenge_not_found", "No such QR challenge.");
  if (!verifyDeviceSignature(key.key, input.challengeId, input.signature)) {
    throw new SignetError("invalid_signature", "signature is not a valid signature of challengeId by this key.");
  }
  if (challenge.state === "pending" && challenge.userId !== null && challenge.userId !== credential.userId) {
    throw new SignetError("forbidden", "This QR challenge is for another user.");
  }
  return { credential, challenge };
}

/** What the claiming device is shown about the browser that asks. */
async function claimView(core: Core, challenge: Challenge) {
  const action = challenge.actionId ? await core.store.actions.get(challenge.actionId) : undefined;
  return {
    success: true,
    ipAddress: challenge.ipAddress ?? action?.ipAddress ?? undefined,
    userAgent: challenge.userAgent ?? action?.userAgent ?? undefined,
    actionCode: challenge.actionCode ?? undefined,
    idempotencyKey: action?.idempotencyKey,
    custom: challenge.custom ?? action?.custom ?? undefined,
    ...deviceView(challenge),
  };
}

/** The phone scanned the QR code and claims the challenge, once; only it may then answer. */
export async function claimQrChallenge(core: Core, tenant: Tenant, input: SignedRequest) {
  const { credential, challenge } = await provenQrDevice(core, tenant, input);
  const at = core.clock.now();
  if (challenge.state === "claimed" && challenge.claimedByCredentialId === credential.id && challenge.expiresAt > at) {
    return claimView(core, challenge); // the same device retrying its claim
  }
  const claimed = await core.store.challenges.claim(tenant.id, challenge.id, { at, credentialId: credential.id, userId: credential.userId });
  if (!claimed) {
    const now = await core.store.challenges.get(tenant.id, challenge.id);
    if (now && now.expiresAt <= at) throw new SignetError("challenge_expired", "The challenge has expired.");
    throw new SignetError("challenge_already_answered", "The challenge has already been claimed by another device.");
  }
  publishChange(core, claimed);
  return claimView(core, claimed);
}

/** The claiming device approves or rejects. */
export async function answerQrChallenge(core: Core, tenant: Tenant, input: SignedRequest & DeviceAnswer) {
  const { credential, challenge } = await provenQrDevice(core, tenant, input);
  if (challenge.state === "pending") throw new SignetError("forbidden", "Claim the QR challenge before answering it.");
  assertAnswerable(challenge, core.clock.now());
  if (challenge.claimedByCredentialId !== credential.id) {
    throw new SignetError("forbidden", "Only the device that claimed this QR challenge may answer it.");
  }
  const approved = input.approved === true && codeMatches(challenge.verificationCode, input.verificationCode);
  const denyReason = approved ? undefined : input.approved === true ? "wrong_code" : input.denyReason;
  const { challenge: answered } = await answerChallenge(core, challenge, credential, { approved, denyReason });
  return { isVerified: answered.state === "approved" };
}
