import { createHmac, timingSafeEqual } from "node:crypto";
import { InvalidSignatureError } from "./errors.js";
import type { WebhookEvent } from "./types.js";

/**
 * Verifies Signet's (and the hosted service's) webhook signatures: `X-Signature-V2: t=<unix s>,v2=<sig>`
 * where sig is base64(HMAC-SHA256(apiSecretKey, t + "." + rawBody)) without padding. Any of several
 * v2 signatures may match (during secret rotation); comparison is constant-time.
 */
export class Webhook {
  constructor(private readonly apiSecretKey: string) {}

  constructEvent<T = Record<string, unknown>>(payload: string, signatureHeader: string | undefined, toleranceMinutes = 5): WebhookEvent<T> {
    let timestamp = -1;
    const signatures: string[] = [];
    for (const part of (signatureHeader ?? "").split(",")) {
      const [key, value] = part.split("=", 2);
      if (key?.trim() === "t" && value) timestamp = Number.parseInt(value, 10);
      if (key?.trim() === "v2" && value) signatures.push(value.trim());
    }
    if (!Number.isFinite(timestamp) || timestamp < 0 || signatures.length === 0) throw new InvalidSignatureError("Signature format is invalid.");
    const now = Math.floor(Date.now() / 1000);
    if (toleranceMinutes > 0 && Math.abs(now - timestamp) > toleranceMinutes * 60) {
      throw new InvalidSignatureError("Timestamp is outside the tolerance zone.");
    }
    const expected = Buffer.from(createHmac("sha256", this.apiSecretKey).update(`${timestamp}.${payload}`).digest("base64").replace(/=+$/, ""));
    const match = signatures.some((sig) => {
      const given = Buffer.from(sig);
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
    if (!match) throw new InvalidSignatureError("Signature mismatch.");
    return JSON.parse(payload) as WebhookEvent<T>;
  }
}
