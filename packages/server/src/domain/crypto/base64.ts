/**
 * Base64 in every flavour the official SDKs send: standard or URL-safe alphabet, padded or not, and a
 * standard string whose `+` became a space in a query string. Returns undefined for anything else.
 */
const FLEXIBLE_BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

export function decodeBase64Flexible(input: string): Buffer | undefined {
  const text = input.replace(/ /g, "+").trim();
  if (text.length === 0 || !FLEXIBLE_BASE64.test(text)) return undefined;
  const unpadded = text.replace(/=+$/, "");
  if (unpadded.length % 4 === 1) return undefined;
  if (text.length !== unpadded.length && text.length % 4 !== 0) return undefined;
  return Buffer.from(unpadded.replace(/-/g, "+").replace(/_/g, "/"), "base64");
}

export const encodeBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");
