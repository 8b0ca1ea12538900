import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * API secret keys: `sk_<id>_<secret>`. The id (public, 16 hex digits) finds the stored record; the
 * whole key is stored only as its SHA-256 and compared in constant time. 256 bits of randomness make
 * a slow hash unnecessary.
 */
const SECRET_PATTERN = /^sk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface NewApiSecret {
  id: string;
  secret: string;
  hash: string;
}

export function generateApiSecret(): NewApiSecret {
  const id = randomBytes(8).toString("hex");
  const secret = `sk_${id}_${randomBytes(32).toString("base64url")}`;
  return { id, secret, hash: hashSecret(secret) };
}

export const hashSecret = (secret: string): string => createHash("sha256").update(secret, "utf8").digest("hex");

/** The id inside a presented secret, or undefined when it is not shaped like one. */
export function apiSecretId(presented: string): string | undefined {
  return SECRET_PATTERN.exec(presented)?.[1];
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatchesHash(presented: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(presented), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Constant-time equality of two strings of any length (compares their SHA-256). */
export function constantTimeEqual(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(hashSecret(a), "hex"), Buffer.from(hashSecret(b), "hex"));
}
