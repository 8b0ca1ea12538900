import { SignetError } from "../errors.js";
import type { Tenant } from "../model.js";
import type { Core } from "../core.js";
import type { TokenClaims } from "../tokens/token-claims.js";
import { parseDevicePublicKey, parsePublicKeyQuery } from "../crypto/public-key.js";
import { verifyDeviceSignature } from "../crypto/signature.js";
import { findDeviceCredential } from "../credentials/credential-service.js";
import { consumeSignedNonce, issueNonce } from "../credentials/device-nonces.js";
import { answerChallenge } from "./answer-challenge.js";
import { codeMatches, deviceView } from "../fatigue/number-matching.js";
import type { DeviceAnswer } from "./device-answer.js";
import { assertNotExpired, challengeForToken, resultOf, type ChallengeResult } from "./challenge-result.js";

/** The browser asks whether its push challenge was answered. */
export async function pushChallengeResult(core: Core, tenant: Tenant, claims: TokenClaims, challengeId: string): Promise<ChallengeResult> {
  const challenge = await challengeForToken(core, tenant, claims, challengeId);
  if (challenge.method !== "PUSH") throw new SignetError("challenge_not_found", "No such push challenge for this token.");
  return assertNotExpired(await resultOf(core, tenant, challenge));
}

/** The device asks for a single-use message to sign, to be shown the challenge's custom data. */
export async function issueChallengeSigningMessage(core: Core, tenant: Tenant, publicKeyQuery: unknown) {
  const { canonical } = parsePublicKeyQuery(publicKeyQuery);
  const credential = await findDeviceCredential(core, tenant.id, "PUSH", canonical);
  const nonce = await issueNonce(core, credential, "challenge-custom-data");
  return { message: nonce.message };
}

/** The device fetches the pending challenge for its credential, if any. */
export async function getPendingPushChallenge(core: Core, tenant: Tenant, publicKeyQuery: unknown, signature: unknown) {
  const key = parsePublicKeyQuery(publicKeyQuery);
  const credential = await findDeviceCredential(core, tenant.id, "PUSH", key.canonical);
  const challenge = await core.store.challenges.findPendingFor(credential, core.clock.now());
  const action = challenge?.actionId ? await core.store.actions.get(challenge.actionId) : undefined;
  if (!challenge || !action) return { userAuthenticatorId: credential.id, challengeId: null };
  const showCustom = signature !== undefined && (await consumeSignedNonce(core, credential, key, "challenge-custom-data", signature));
  return {
    userAuthenticatorId: credential.id,
    challengeId: challenge.id,
    userId: action.userId,
    actionCode: action.actionCode,
    idempotencyKey: action.idempotencyKey,
    deviceId: action.deviceId ?? undefined,
    userAgent: action.userAgent ?? undefined,
    ipAddress: action.ipAddress ?? undefined,
    expiresAt: challenge.expiresAt,
    ...deviceView(challenge),
    ...(showCustom && action.custom ? { custom: action.custom } : {}),
  };
}

export interface PushAnswerInput extends DeviceAnswer {
  challengeId: string;
  publicKey: unknown;
  signature: unknown;
}

/** The device approves or denies, signing the challenge id with its enrolled key. */
export async function answerPushChallenge(core: Core, tenant: Tenant, input: PushAnswerInput) {
  const key = parseDevicePublicKey(input.publicKey);
  const credential = await findDeviceCredential(core, tenant.id, "PUSH", key.canonical);
  const challenge = await core.store.challenges.get(tenant.id, input.challengeId);
  const mayAnswer =
    challenge !== undefined &&
    challenge.method === "PUSH" &&
    challenge.userId === credential.userId &&
    (challenge.targetCredentialId === null || challenge.targetCredentialId === credential.id);
  if (!mayAnswer) throw new SignetError("challenge_not_found", "No such challenge for this credential.");
  if (!verifyDeviceSignature(key.key, input.challengeId, input.signature)) {
    throw new SignetError("invalid_signature", "signature is not a valid signature of challengeId by this key.");
  }
  // Number matching: an approval with a missing or wrong code fails the challenge at once, no second try.
  const approved = input.approved === true && codeMatches(challenge.verificationCode, input.verificationCode);
  const denyReason = approved ? undefined : input.approved === true ? "wrong_code" : input.denyReason;
  const { challenge: answered } = await answerChallenge(core, challenge, credential, { approved, denyReason });
  return { isVerified: answered.state === "approved" };
}
