// Parsers from wire responses to the SDK's types. Each returns `undefined` when a required field
// is missing, which the request helper turns into an `invalid_response` failure.
import { isRecord } from "./http.js";
import type {
  DeviceCredential,
  InAppVerifyResult,
  PushChallenge,
  QrClaimResult,
  UpdateChallengeResult,
  UpdatedPushCredential,
} from "./types.js";

/** `{userAuthenticatorId, userId, verifiedAt, lastVerifiedAt?, expiresAt?}` → DeviceCredential. */
export function parseCredential(body: unknown): DeviceCredential | undefined {
  if (!isRecord(body) || !areStrings(body, "userAuthenticatorId", "userId", "verifiedAt")) return undefined;
  return {
    credentialId: body.userAuthenticatorId as string,
    userId: body.userId as string,
    createdAt: body.verifiedAt as string,
    ...present({ lastAuthenticatedAt: body.lastVerifiedAt, expiresAt: body.expiresAt }),
  };
}

/** `{userAuthenticatorId, userId, lastVerifiedAt, pushToken?, expiresAt?}` → UpdatedPushCredential. */
export function parseUpdatedCredential(body: unknown): UpdatedPushCredential | undefined {
  if (!isRecord(body) || !areStrings(body, "userAuthenticatorId", "userId", "lastVerifiedAt")) return undefined;
  return {
    credentialId: body.userAuthenticatorId as string,
    userId: body.userId as string,
    lastAuthenticatedAt: body.lastVerifiedAt as string,
    ...present({ pushToken: body.pushToken, expiresAt: body.expiresAt }),
  };
}

const CHALLENGE_FIELDS = [
  "actionCode",
  "idempotencyKey",
  "deviceId",
  "userAgent",
  "ipAddress",
  "expiresAt",
  "custom",
  "verificationCodeRequired",
  "verificationCodeChoices",
] as const;

/**
 * The get-challenge response → PushChallenge, or `null` when there is no pending challenge
 * (`challengeId` absent or null; like the Android SDK, also when `userId` is missing).
 */
export function parsePushChallenge(body: unknown): PushChallenge | null | undefined {
  if (!isRecord(body)) return undefined;
  if (typeof body.challengeId !== "string" || typeof body.userId !== "string") return null;
  const optional: Record<string, unknown> = {};
  for (const field of CHALLENGE_FIELDS) optional[field] = body[field];
  return { challengeId: body.challengeId, userId: body.userId, ...present(optional) };
}

const CLAIM_FIELDS = [
  "ipAddress",
  "userAgent",
  "actionCode",
  "idempotencyKey",
  "custom",
  "verificationCodeRequired",
  "verificationCodeChoices",
] as const;

/** The QR claim response `{success, ipAddress?, userAgent?, actionCode?, …}` → QrClaimResult. */
export function parseQrClaim(body: unknown): QrClaimResult | undefined {
  if (!isRecord(body) || typeof body.success !== "boolean") return undefined;
  const optional: Record<string, unknown> = {};
  for (const field of CLAIM_FIELDS) optional[field] = body[field];
  return { success: body.success, ...present(optional) };
}

/** `{isVerified}` → UpdateChallengeResult. */
export function parseUpdateChallenge(body: unknown): UpdateChallengeResult | undefined {
  if (!isRecord(body) || typeof body.isVerified !== "boolean") return undefined;
  return { isVerified: body.isVerified };
}

/** `{token, userId, userAuthenticatorId, username?}` → InAppVerifyResult. */
export function parseInAppVerify(body: unknown): InAppVerifyResult | undefined {
  if (!isRecord(body) || !areStrings(body, "token", "userId", "userAuthenticatorId")) return undefined;
  return {
    token: body.token as string,
    userId: body.userId as string,
    userAuthenticatorId: body.userAuthenticatorId as string,
    ...present({ username: body.username }),
  };
}

/** Parser for a response that must carry the named string fields; returns them. */
export function stringFields<K extends string>(...names: K[]): (body: unknown) => Record<K, string> | undefined {
  return (body) => {
    if (!isRecord(body) || !areStrings(body, ...names)) return undefined;
    return Object.fromEntries(names.map((name) => [name, body[name]])) as Record<K, string>;
  };
}

function areStrings(body: Record<string, unknown>, ...names: string[]): boolean {
  return names.every((name) => typeof body[name] === "string");
}

/** The fields that are neither undefined nor null (passed through as the server sent them). */
function present(fields: Record<string, unknown>): object {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null));
}
