import { createHmac, timingSafeEqual } from "node:crypto";
import { InvalidSignatureError } from "./errors.js";
import type { WebhookEvent } from "./types.js";

export const DEFAULT_TOLERANCE_MINUTES = 5;

interface ParsedHeader {
  timestamp: number;
  signatures: string[];
}

/** `t=<unix seconds>,v2=<sig>[,v2=<sig>…]`; other versions' entries are ignored. */
function parseHeader(header: unknown): ParsedHeader | undefined {
  if (typeof header !== "string") return undefined;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const item of header.split(",")) {
    const at = item.indexOf("=");
    if (at < 0) continue;
    const key = item.slice(0, at).trim();
    const value = item.slice(at + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    // Trailing "=" padding is dropped, as the official SDK's parser does (split("=")).
    else if (key === "v2" && value.replace(/=+$/, "") !== "") signatures.push(value.replace(/=+$/, ""));
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

/**
 * Verifies webhook signatures (PROTOCOL.md §5), as the official SDK's `Webhook` does:
 * `X-Signature-V2: t=<unix seconds>,v2=<sig>` where `sig = base64(HMAC-SHA256(apiSecretKey,
 * t + "." + rawBody))` without `=` padding.
 */
export class Webhook {
  readonly #apiSecretKey: string;

  constructor(apiSecretKey: string) {
    this.#apiSecretKey = apiSecretKey;
  }

  /**
   * Checks `signatureHeader` (the `X-Signature-V2` header) against `payload` (the raw request body,
   * exactly as received) and returns the parsed event. Accepts the header when any of its `v2`
   * signatures matches (several are sent while a secret is being rotated), compared in constant
   * time, and its timestamp is within `toleranceMinutes` of now, in either direction
   * (`toleranceMinutes <= 0` turns the time check off, as in the official SDK).
   * @throws InvalidSignatureError when the header is malformed, too old or new, or no signature matches.
   */
  constructEvent<T = Record<string, unknown>>(payload: string, signatureHeader: string, toleranceMinutes: number = DEFAULT_TOLERANCE_MINUTES): WebhookEvent<T> {
    if (typeof payload !== "string") throw new InvalidSignatureError("The payload must be the raw request body, as a string.");
    const parsed = parseHeader(signatureHeader);
    if (!parsed) throw new InvalidSignatureError('Signature format is invalid: expected "t=<unix seconds>,v2=<signature>".');
    const now = Math.floor(Date.now() / 1000);
    if (toleranceMinutes > 0 && Math.abs(now - parsed.timestamp) > toleranceMinutes * 60) {
      throw new InvalidSignatureError(`Timestamp is outside the tolerance zone (${toleranceMinutes} minutes).`);
    }
    const expected = Buffer.from(
      createHmac("sha256", this.#apiSecretKey).update(`${parsed.timestamp}.${payload}`, "utf8").digest("base64").replace(/=+$/, ""),
      "utf8",
    );
    let match = false;
    for (const signature of parsed.signatures) {
      const given = Buffer.from(signature, "utf8");
      // Every candidate is compared (no early exit); a length mismatch cannot match.
      if (given.length === expected.length && timingSafeEqual(given, expected)) match = true;
    }
    if (!match) throw new InvalidSignatureError("Signature mismatch.");
    return JSON.parse(payload) as WebhookEvent<T>;
  }
}
