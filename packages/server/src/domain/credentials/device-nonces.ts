import { SignetError } from "../errors.js";
import { newId, randomToken } from "../ids.js";
import type { Credential, NoncePurpose } from "../model.js";
import type { Core } from "../core.js";
import { verifyDeviceSignature } from "../crypto/signature.js";
import type { DevicePublicKey } from "../crypto/public-key.js";

const NONCE_TTL_MS = 5 * 60 * 1000;

/** Issues a fresh single-use message for a credential to sign. */
export async function issueNonce(core: Core, credential: Credential, purpose: NoncePurpose) {
  const now = core.clock.now();
  const nonce = {
    id: newId(),
    tenantId: credential.tenantId,
    credentialId: credential.id,
    purpose,
    message: randomToken(32),
    createdAt: now,
    expiresAt: now + NONCE_TTL_MS,
    usedAt: null,
  };
  await core.store.nonces.insert(nonce);
  return nonce;
}

/**
 * Consumes the nonce `signature` signs (when `nonceId` is given, only that one). Returns false when no
 * usable nonce matches; a nonce is consumed at most once even under concurrency.
 */
export async function consumeSignedNonce(
  core: Core,
  credential: Credential,
  key: DevicePublicKey,
  purpose: NoncePurpose,
  signature: unknown,
  nonceId?: string,
): Promise<boolean> {
  const now = core.clock.now();
  const usable = await core.store.nonces.listUsable(credential.tenantId, credential.id, purpose, now);
  const candidates = nonceId === undefined ? usable : usable.filter((n) => n.id === nonceId);
  const signed = candidates.find((n) => verifyDeviceSignature(key.key, n.message, signature));
  if (!signed) return false;
  return (await core.store.nonces.consume(credential.tenantId, credential.id, signed.id, now)) !== undefined;
}

export function requireSignedNonce(ok: boolean): void {
  if (!ok) throw new SignetError("invalid_signature", "signature is not a valid signature of an unused message issued to this key.");
}
