import { SignetError } from "../errors.js";
import { toIso } from "../clock.js";
import type { Tenant } from "../model.js";
import type { Core } from "../core.js";
import { parseDevicePublicKey, parsePublicKeyQuery } from "../crypto/public-key.js";
import { findDeviceCredential } from "./credential-service.js";
import { consumeSignedNonce, issueNonce, requireSignedNonce } from "./device-nonces.js";

/** POST /client/user-authenticators/push/sign: a single-use message to sign before an update. */
export async function issueCredentialUpdateMessage(core: Core, tenant: Tenant, publicKeyQuery: unknown) {
  const { canonical } = parsePublicKeyQuery(publicKeyQuery);
  const credential = await findDeviceCredential(core, tenant.id, "PUSH", canonical);
  const nonce = await issueNonce(core, credential, "update-credential");
  return { challengeId: nonce.id, message: nonce.message };
}

export interface PushCredentialUpdate {
  challengeId: string;
  publicKey: unknown;
  signature: unknown;
  pushToken?: string;
  resetExpiry?: boolean;
}

/** PATCH /client/user-authenticators/push: a new push token and/or a fresh expiry, signed by the key. */
export async function updatePushCredential(core: Core, tenant: Tenant, input: PushCredentialUpdate) {
  const key = parseDevicePublicKey(input.publicKey);
  const credential = await findDeviceCredential(core, tenant.id, "PUSH", key.canonical);
  requireSignedNonce(await consumeSignedNonce(core, credential, key, "update-credential", input.signature, input.challengeId));
  if (input.pushToken !== undefined && input.pushToken.length > 4096) {
    throw new SignetError("invalid_request", "pushToken must be at most 4096 characters");
  }
  const now = core.clock.now();
  const ttl = tenant.settings.credentialTtlSeconds;
  const updated = {
    ...credential,
    pushToken: input.pushToken !== undefined ? input.pushToken || null : credential.pushToken,
    lastVerifiedAt: now,
    expiresAt: input.resetExpiry && ttl !== null ? now + ttl * 1000 : credential.expiresAt,
  };
  await core.store.credentials.update(updated);
  return {
    userAuthenticatorId: updated.id,
    userId: updated.userId,
    lastVerifiedAt: toIso(now),
    ...(input.pushToken !== undefined ? { pushToken: input.pushToken } : {}),
    expiresAt: toIso(updated.expiresAt),
  };
}
