import { SignetError } from "../errors.js";
import type { Action, Tenant } from "../model.js";
import type { Core } from "../core.js";
import type { TokenClaims } from "../tokens/token-claims.js";
import { parseDevicePublicKey } from "../crypto/public-key.js";
import { verifyDeviceSignature } from "../crypto/signature.js";
import { findDeviceCredential } from "../credentials/credential-service.js";
import { assertActionCode } from "../actions/track.js";
import { answerChallenge, DEFAULT_UNBOUND_ACTION } from "./answer-challenge.js";
import { newChallenge } from "./new-challenge.js";
import { recordAudit, type AuditContext } from "../audit/record-audit.js";
import { issueValidationToken } from "../actions/validation-token.js";
import { loadBoundAction, requireTrackToken } from "./bound-challenge.js";

/**
 * POST /client/challenge: a challenge for trusted-device (in-app) verification. With a track token
 * it is bound to that user and action; with tenant credentials alone any enrolled device of the
 * tenant may answer it, and the answer creates the action for the device's user.
 */
export async function startInAppChallenge(
  core: Core,
  tenant: Tenant,
  claims: TokenClaims | undefined,
  requestedAction: string | undefined,
  ctx: AuditContext = { actor: "device" },
) {
  let action: Action | undefined;
  if (claims) {
    requireTrackToken(claims);
    action = await loadBoundAction(core, claims, requestedAction);
  } else if (requestedAction !== undefined) {
    assertActionCode(requestedAction);
  }
  const now = core.clock.now();
  const challenge = newChallenge(tenant, now, {
    method: "DEVICE",
    userId: action?.userId ?? null,
    actionId: action?.id ?? null,
    actionCode: action?.actionCode ?? requestedAction ?? DEFAULT_UNBOUND_ACTION,
  });

  await core.store.transaction(async (tx) => {
    await tx.challenges.insert(challenge);
    await recordAudit(tx, ctx, {
      tenantId: tenant.id,
      type: "challenge.created",
      at: now,
      userId: challenge.userId,
      details: { challengeId: challenge.id, method: "DEVICE", actionCode: challenge.actionCode },
    });
  });
  return { challengeId: challenge.id };
}

export interface InAppVerifyInput {
  challengeId: string;
  publicKey: unknown;
  signature: unknown;
}

/** POST /client/verify/in-app: the device signs the challenge id; a validation token comes back. */
export async function verifyInApp(core: Core, tenant: Tenant, claims: TokenClaims | undefined, input: InAppVerifyInput) {
  if (claims) requireTrackToken(claims);
  const key = parseDevicePublicKey(input.publicKey);
  const credential = await findDeviceCredential(core, tenant.id, "DEVICE", key.canonical);
  const challenge = await core.store.challenges.get(tenant.id, input.challengeId);
  const mayAnswer =
    challenge !== undefined &&
    challenge.method === "DEVICE" &&
    (challenge.userId === null || challenge.userId === credential.userId) &&
    (claims === undefined || (challenge.actionId === claims.actionId && claims.userId === credential.userId));
  if (!mayAnswer) throw new SignetError("challenge_not_found", "No such challenge for this credential.");
  if (!verifyDeviceSignature(key.key, input.challengeId, input.signature)) {
    throw new SignetError("invalid_signature", "signature is not a valid signature of challengeId by this key.");
  }
  const { action } = await answerChallenge(core, challenge, credential, { approved: true });
  const token = await issueValidationToken(core, tenant, action);
  const user = await core.store.users.get(tenant.id, credential.userId);
  return { token, userId: credential.userId, userAuthenticatorId: credential.id, username: user?.username ?? undefined };
}
