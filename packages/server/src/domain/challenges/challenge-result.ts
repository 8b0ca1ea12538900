import { SignetError } from "../errors.js";
import type { Challenge, Tenant } from "../model.js";
import type { Core } from "../core.js";
import type { TokenClaims } from "../tokens/token-claims.js";
import { hashSecret, constantTimeEqual } from "../crypto/api-secret.js";
import { issueValidationToken } from "../actions/validation-token.js";
import { requireTrackToken } from "./bound-challenge.js";

/** What a waiting browser may learn about a challenge, in every channel (REST, long-poll, SSE, WebSocket). */
export interface ChallengeResult {
  challengeId: string;
  challengeType: Challenge["method"];
  state: Challenge["state"] | "expired";
  isClaimed: boolean;
  isConsumed: boolean;
  isVerified: boolean;
  expiresAt: string;
  accessToken?: string;
}

/** The result of a challenge; an approved one carries a validation token for the customer backend. */
export async function resultOf(core: Core, tenant: Tenant, challenge: Challenge): Promise<ChallengeResult> {
  const expired = challenge.expiresAt <= core.clock.now() && (challenge.state === "pending" || challenge.state === "claimed");
  const result: ChallengeResult = {
    challengeId: challenge.id,
    challengeType: challenge.method,
    state: expired ? "expired" : challenge.state,
    isClaimed: challenge.claimedByCredentialId !== null,
    isConsumed: challenge.state === "approved" || challenge.state === "denied" || challenge.state === "superseded",
    isVerified: challenge.state === "approved",
    expiresAt: new Date(challenge.expiresAt).toISOString(),
  };
  if (challenge.state === "approved" && challenge.actionId) {
    const action = await core.store.actions.get(challenge.actionId);
    if (action) result.accessToken = await issueValidationToken(core, tenant, action);
  }
  return result;
}

/** Loads a challenge a track token may watch: bound to the token's action and user. */
export async function challengeForToken(core: Core, tenant: Tenant, claims: TokenClaims, challengeId: string): Promise<Challenge> {
  requireTrackToken(claims);
  const challenge = await core.store.challenges.get(tenant.id, challengeId);
  if (!challenge || challenge.actionId !== claims.actionId || challenge.userId !== claims.userId) {
    throw new SignetError("challenge_not_found", "No such challenge for this token.");
  }
  return challenge;
}

/**
 * Loads a QR challenge by its id and secret device code (compared in constant time). The tenant,
 * when known from the request's credentials, must match.
 */
export async function challengeForDeviceCode(core: Core, tenantId: string | undefined, challengeId: string, deviceCode: string): Promise<Challenge> {
  const challenge = await core.store.challenges.findById(challengeId);
  const matches =
    challenge !== undefined &&
    (tenantId === undefined || challenge.tenantId === tenantId) &&
    challenge.deviceCodeHash !== null &&
    constantTimeEqual(hashSecret(deviceCode), challenge.deviceCodeHash);
  if (!matches) throw new SignetError("challenge_not_found", "No such challenge for this device code.");
  return challenge;
}

/** A pending challenge past its expiry is reported as expired (410) to pollers. */
export function assertNotExpired(result: ChallengeResult): ChallengeResult {
  if (result.state === "expired") throw new SignetError("challenge_expired", "The challenge has expired.");
  return result;
}
