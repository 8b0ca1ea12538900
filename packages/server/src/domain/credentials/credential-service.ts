import { SignetError } from "../errors.js";
import { newId } from "../ids.js";
import { toIso } from "../clock.js";
import type { Credential, Tenant, VerificationMethod } from "../model.js";
import type { Core } from "../core.js";
import type { TokenClaims } from "../tokens/token-claims.js";
import { parseDevicePublicKey, parsePublicKeyQuery } from "../crypto/public-key.js";
import { verifyDeviceSignature } from "../crypto/signature.js";
import { acceptedTimeBucketMessages } from "../crypto/time-bucket.js";
import { authenticatorEventData, emitEvent } from "../webhooks/emit-event.js";
import { recordAudit, type AuditContext } from "../audit/record-audit.js";

export interface AddCredentialInput {
  publicKey: unknown;
  deviceName?: string;
  devicePlatform?: string;
  pushToken?: string;
}

export const credentialView = (c: Credential) => ({
  userAuthenticatorId: c.id,
  userId: c.userId,
  verifiedAt: toIso(c.createdAt),
  lastVerifiedAt: toIso(c.lastVerifiedAt),
  expiresAt: toIso(c.expiresAt),
});

const credentialExpiry = (tenant: Tenant, now: number): number | null =>
  tenant.settings.credentialTtlSeconds === null ? null : now + tenant.settings.credentialTtlSeconds * 1000;

/**
 * Enrols a device key. Needs a track token with add:authenticators. Adding the same key again for
 * the same user is idempotent; the same key for another user of the tenant is refused.
 */
export async function addCredential(
  core: Core,
  tenant: Tenant,
  claims: TokenClaims,
  method: VerificationMethod,
  input: AddCredentialInput,
  ctx: AuditContext = { actor: "device" },
) {
  if (claims.kind !== "track" || !claims.scopes.includes("add:authenticators")) {
    throw new SignetError("insufficient_scope", "Adding an authenticator needs a track token with the add:authenticators scope.");
  }
  const { canonical } = parseDevicePublicKey(input.publicKey);
  const now = core.clock.now();
  const credential = await core.store.transaction(async (tx) => {
    const existing = await tx.credentials.findByPublicKey(tenant.id, method, canonical);
    if (existing) {
      if (existing.userId !== claims.userId) throw new SignetError("conflict", "This public key is enrolled for another user.");
      return existing;
    }
    await tx.users.upsert(tenant.id, claims.userId, {}, now);
    const created: Credential = {
      id: newId(),
      tenantId: tenant.id,
      userId: claims.userId,
      method,
      publicKey: canonical,
      deviceName: input.deviceName || null,
      devicePlatform: input.devicePlatform || null,
      pushToken: input.pushToken || null,
      createdAt: now,
      lastVerifiedAt: null,
      expiresAt: credentialExpiry(tenant, now),
    };
    await tx.credentials.insert(created);
    await emitEvent(tx, tenant.id, "authenticator.created", authenticatorEventData(created), now);
    await recordAudit(tx, ctx, { tenantId: tenant.id, type: "credential.added", at: now, userId: created.userId, details: { userAuthenticatorId: created.id, method, deviceName: created.deviceName } });
    return created;
  });
  return credentialView(credential);
}

/** The live credential for a public key, or a 404 that says so. */
export async function findDeviceCredential(core: Core, tenantId: string, method: VerificationMethod, publicKey: string): Promise<Credential> {
  const credential = await core.store.credentials.findByPublicKey(tenantId, method, publicKey);
  if (!credential) throw new SignetError("credential_not_found", "No credential is enrolled for this public key.");
  if (credential.expiresAt !== null && credential.expiresAt <= core.clock.now()) {
    throw new SignetError("credential_not_found", "The credential for this public key has expired; enrol it again.");
  }
  return credential;
}

export async function getCredential(core: Core, tenant: Tenant, method: VerificationMethod, publicKeyQuery: unknown) {
  const { canonical } = parsePublicKeyQuery(publicKeyQuery);
  return credentialView(await findDeviceCredential(core, tenant.id, method, canonical));
}

/** Deletes a credential and reports authenticator.deleted, in one transaction. */
export async function deleteCredentialAndReport(core: Core, credential: Credential, ctx: AuditContext): Promise<void> {
  await core.store.transaction(async (tx) => {
    if (await tx.credentials.delete(credential.tenantId, credential.id)) {
      const at = core.clock.now();
      await emitEvent(tx, credential.tenantId, "authenticator.deleted", authenticatorEventData(credential), at);
      await recordAudit(tx, ctx, { tenantId: credential.tenantId, type: "credential.removed", at, userId: credential.userId, details: { userAuthenticatorId: credential.id, method: credential.method } });
    }
  });
}

/** Removes a credential; the device proves its key by signing the current ten-minute time bucket. */
export async function removeCredential(core: Core, tenant: Tenant, method: VerificationMethod, input: { publicKey: unknown; signature: unknown }) {
  const { canonical, key } = parseDevicePublicKey(input.publicKey);
  const credential = await findDeviceCredential(core, tenant.id, method, canonical);
  const proven = acceptedTimeBucketMessages(core.clock.now()).some((message) => verifyDeviceSignature(key, message, input.signature));
  if (!proven) throw new SignetError("invalid_signature", "signature is not a valid signature of the current time bucket by this key.");
  await deleteCredentialAndReport(core, credential, { actor: `device:${credential.id}` });
  return { removedAuthenticatorId: credential.id };
}
