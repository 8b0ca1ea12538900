// Test helpers backed by node:crypto, independent of the SDK's own encoders.
import { createPublicKey, verify } from "node:crypto";

/** Verifies a base64 DER ECDSA-SHA256 signature over UTF-8 `message` with a base64 SPKI public key. */
export function verifyDer(publicKeySpkiBase64: string, message: string | Uint8Array, signatureBase64: string): boolean {
  const key = createPublicKey({ key: Buffer.from(publicKeySpkiBase64, "base64"), format: "der", type: "spki" });
  const data = typeof message === "string" ? Buffer.from(message, "utf8") : message;
  return verify("sha256", data, { key, dsaEncoding: "der" }, Buffer.from(signatureBase64, "base64"));
}

export const b64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");
