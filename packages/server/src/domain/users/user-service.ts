import { SignetError } from "../errors.js";
import { toIso } from "../clock.js";
import { VERIFICATION_METHODS, type Credential, type UserAttributes, type VerificationMethod } from "../model.js";
import type { Core } from "../core.js";
import { authenticatorEventData, emitEvent } from "../webhooks/emit-event.js";
import { deleteCredentialAndReport } from "../credentials/credential-service.js";
import { recordAudit, type AuditContext } from "../audit/record-audit.js";

/** Methods a user has a live credential for, in the protocol's order of preference. */
export function enrolledMethods(credentials: Credential[], now: number): VerificationMethod[] {
  const live = new Set(credentials.filter((c) => c.expiresAt === null || c.expiresAt > now).map((c) => c.method));
  return VERIFICATION_METHODS.filter((m) => live.has(m));
}

export interface EnrolmentSummary {
  isEnrolled: boolean;
  enrolledVerificationMethods: VerificationMethod[];
  allowedVerificationMethods: VerificationMethod[];
  defaultVerificationMethod?: VerificationMethod;
}

export async function enrolmentOf(core: Core, tenantId: string, userId: string): Promise<EnrolmentSummary> {
  const methods = enrolledMethods(await core.store.credentials.listForUser(tenantId, userId), core.clock.now());
  return {
    isEnrolled: methods.length > 0,
    enrolledVerificationMethods: methods,
    allowedVerificationMethods: [...VERIFICATION_METHODS],
    ...(methods[0] ? { defaultVerificationMethod: methods[0] } : {}),
  };
}

export async function getUser(core: Core, tenantId: string, userId: string) {
  const [user, enrolment] = await Promise.all([core.store.users.get(tenantId, userId), enrolmentOf(core, tenantId, userId)]);
  return {
    isEnrolled: enrolment.isEnrolled,
    email: user?.email ?? undefined,
    emailVerified: false,
    phoneNumber: user?.phoneNumber ?? undefined,
    phoneNumberVerified: false,
    username: user?.username ?? undefined,
    displayName: user?.displayName ?? undefined,
    custom: user?.custom ?? undefined,
    enrolledVerificationMethods: enrolment.enrolledVerificationMethods,
    allowedVerificationMethods: enrolment.allowedVerificationMethods,
  };
}

export async function updateUser(core: Core, tenantId: string, userId: string, attributes: UserAttributes) {
  const user = await core.store.users.upsert(tenantId, userId, attributes, core.clock.now());
  return {
    userId: user.userId,
    email: user.email ?? undefined,
    phoneNumber: user.phoneNumber ?? undefined,
    username: user.username ?? undefined,
    displayName: user.displayName ?? undefined,
    custom: user.custom ?? undefined,
  };
}

/** Deletes the user with every credential, action and challenge of theirs, in one transaction. */
export async function deleteUser(core: Core, tenantId: string, userId: string): Promise<void> {
  await core.store.transaction(async (tx) => {
    const now = core.clock.now();
    for (const credential of await tx.credentials.listForUser(tenantId, userId)) {
      await emitEvent(tx, tenantId, "authenticator.deleted", authenticatorEventData(credential), now);
      await recordAudit(tx, { actor: "api" }, { tenantId, type: "credential.removed", at: now, userId, details: { userAuthenticatorId: credential.id, method: credential.method, reason: "user deleted" } });
    }
    await tx.challenges.deleteForUser(tenantId, userId);
    await tx.actions.deleteForUser(tenantId, userId);
    await tx.credentials.deleteForUser(tenantId, userId);
    await tx.users.delete(tenantId, userId);
  });
}

export const authenticatorView = (c: Credential) => ({
  userId: c.userId,
  userAuthenticatorId: c.id,
  verificationMethod: c.method,
  createdAt: toIso(c.createdAt),
  verifiedAt: toIso(c.createdAt),
  lastVerifiedAt: toIso(c.lastVerifiedAt),
  displayName: c.deviceName ?? undefined,
  devicePlatform: c.devicePlatform ?? undefined,
  expiresAt: toIso(c.expiresAt),
});

export async function listAuthenticators(core: Core, tenantId: string, userId: string) {
  return (await core.store.credentials.listForUser(tenantId, userId)).map(authenticatorView);
}

export async function deleteAuthenticator(core: Core, tenantId: string, userId: string, authenticatorId: string, ctx: AuditContext = { actor: "api" }): Promise<void> {
  const credential = await core.store.credentials.get(tenantId, authenticatorId);
  if (!credential || credential.userId !== userId) {
    throw new SignetError("credential_not_found", `User ${userId} has no authenticator ${authenticatorId}.`);
  }
  await deleteCredentialAndReport(core, credential, ctx);
}
