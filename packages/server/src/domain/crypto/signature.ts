import { verify, type KeyObject } from "node:crypto";
import { decodeBase64Flexible } from "./base64.js";

/**
 * Checks an ECDSA P-256 / SHA-256 signature over the UTF-8 bytes of `message`. The protocol sends
 * DER signatures in base64; a 64-byte raw r||s signature (what WebCrypto produces) is accepted too.
 * Never throws: anything malformed is simply not a valid signature.
 */
export function verifyDeviceSignature(key: KeyObject, message: string, signature: unknown): boolean {
  if (typeof signature !== "string" || signature.length === 0 || signature.length > 256) return false;
  const bytes = decodeBase64Flexible(signature);
  if (!bytes) return false;
  const data = Buffer.from(message, "utf8");
  if (check(key, data, bytes, "der")) return true;
  return bytes.length === 64 && check(key, data, bytes, "ieee-p1363");
}

function check(key: KeyObject, data: Buffer, signature: Buffer, dsaEncoding: "der" | "ieee-p1363"): boolean {
  try {
    return verify("sha256", data, { key, dsaEncoding }, signature);
  } catch {
    return false;
  }
}
