import { createHmac } from "node:crypto";

/**
 * The `X-Signature-V2` header of PROTOCOL.md §5: `t=<unix seconds>,v2=<sig>` where sig is the
 * base64 HMAC-SHA256 of `t + "." + rawBody` keyed with the tenant's API secret, `=` removed.
 */
export function signatureHeader(secret: string, rawBody: string, unixSeconds: number): string {
  const sig = createHmac("sha256", secret).update(`${unixSeconds}.${rawBody}`).digest("base64").replace(/=+$/, "");
  return `t=${unixSeconds},v2=${sig}`;
}
