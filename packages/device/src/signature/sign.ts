import { bytesToBase64, utf8 } from "../encoding.js";
import { p1363ToDer } from "./der.js";

/** ECDSA P-256 with SHA-256, as WebCrypto names it. */
export const ECDSA_P256 = { name: "ECDSA", namedCurve: "P-256" } as const;
const ECDSA_SHA256 = { name: "ECDSA", hash: "SHA-256" } as const;

/** Signs the UTF-8 bytes of `message`; returns the DER signature as standard base64. */
export async function signMessage(privateKey: CryptoKey, message: string): Promise<string> {
  const p1363 = await crypto.subtle.sign(ECDSA_SHA256, privateKey, utf8(message));
  return bytesToBase64(p1363ToDer(new Uint8Array(p1363)));
}

/** Standard base64 of the SubjectPublicKeyInfo DER of a public key: the wire's `publicKey`. */
export async function exportPublicKey(publicKey: CryptoKey): Promise<string> {
  const spki = await crypto.subtle.exportKey("spki", publicKey);
  return bytesToBase64(new Uint8Array(spki));
}

/**
 * The time-based message signed to remove a credential: the 10-minute bucket number, rendered
 * the way the Android SDK renders a Kotlin Double (e.g. `"2961234.0"`).
 */
export function timeBasedMessage(nowMs: number = Date.now()): string {
  return `${Math.floor(nowMs / 1000 / 600)}.0`;
}
