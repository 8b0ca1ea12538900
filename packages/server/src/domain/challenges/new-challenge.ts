import { newId } from "../ids.js";
import type { Challenge, Tenant, VerificationMethod } from "../model.js";

export interface NewChallengeFields {
  method: VerificationMethod;
  userId?: string | null;
  actionId?: string | null;
  actionCode?: string | null;
  targetCredentialId?: string | null;
  deviceCodeHash?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
  custom?: Record<string, unknown> | null;
  verificationCode?: string | null;
  verificationChoices?: string[] | null;
}

/** A fresh pending challenge of a tenant, expiring after the tenant's challenge lifetime for its method. */
export function newChallenge(tenant: Tenant, now: number, fields: NewChallengeFields): Challenge {
  const ttlSeconds = fields.method === "QR_CODE" ? tenant.settings.qrChallengeTtlSeconds : tenant.settings.challengeTtlSeconds;
  return {
    id: newId(),
    tenantId: tenant.id,
    method: fields.method,
    userId: fields.userId ?? null,
    actionId: fields.actionId ?? null,
    actionCode: fields.actionCode ?? null,
    targetCredentialId: fields.targetCredentialId ?? null,
    state: "pending",
    createdAt: now,
    expiresAt: now + ttlSeconds * 1000,
    answeredAt: null,
    answeredByCredentialId: null,
    deviceCodeHash: fields.deviceCodeHash ?? null,
    claimedByCredentialId: null,
    claimedAt: null,
    ipAddress: fields.ipAddress ?? null,
    userAgent: fields.userAgent ?? null,
    custom: fields.custom ?? null,
    verificationCode: fields.verificationCode ?? null,
    verificationChoices: fields.verificationChoices ?? null,
    denyReason: null,
  };
}
