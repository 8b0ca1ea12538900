import { createPublicKey, type KeyObject } from "node:crypto";
import { SignetError } from "../errors.js";
import { decodeBase64Flexible } from "./base64.js";

/** A device's ECDSA P-256 public key: its canonical text (standard base64 of the SPKI DER) and the parsed key. */
export interface DevicePublicKey {
  canonical: string;
  key: KeyObject;
}

const MAX_CACHED_KEYS = 5_000;
const parsedKeys = new Map<string, DevicePublicKey>();

function tryParse(base64: string): DevicePublicKey | "not-spki" | "not-p256" {
  const der = decodeBase64Flexible(base64);
  if (!der || der.length < 26 || der.length > 1024) return "not-spki";
  let key: KeyObject;
  try {
    key = createPublicKey({ key: der, format: "der", type: "spki" });
  } catch {
    return "not-spki";
  }
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") return "not-p256";
  const canonical = key.export({ type: "spki", format: "der" }).toString("base64");
  return { canonical, key };
}

/**
 * Parses a public key as sent in a JSON body: base64 (any flavour) of a P-256 SubjectPublicKeyInfo.
 * Each key is parsed once and cached, since parsing costs more than a signature check.
 */
export function parseDevicePublicKey(input: unknown, field = "publicKey"): DevicePublicKey {
  if (typeof input !== "string" || input.length === 0) {
    throw new SignetError("invalid_request", `${field} is required: base64 of a P-256 SubjectPublicKeyInfo`);
  }
  const cached = parsedKeys.get(input);
  if (cached) {
    // Least recently used goes first: move a hit to the end.
    parsedKeys.delete(input);
    parsedKeys.set(input, cached);
    return cached;
  }
  const parsed = tryParse(input);
  if (parsed === "not-spki") {
    throw new SignetError("invalid_public_key", `${field} is not base64 of a DER SubjectPublicKeyInfo`);
  }
  if (parsed === "not-p256") {
    throw new SignetError("invalid_public_key", `${field} must be an ECDSA P-256 key; other key types are not accepted`);
  }
  if (parsedKeys.size >= MAX_CACHED_KEYS) parsedKeys.delete(parsedKeys.keys().next().value as string);
  parsedKeys.set(input, parsed);
  return parsed;
}

/**
 * Parses the `?publicKey=` query parameter: base64 of the base64 key text (iOS: base64url unpadded;
 * Android: standard, unescaped, so `+` may arrive as a space). A plain base64 key is accepted too.
 */
export function parsePublicKeyQuery(input: unknown): DevicePublicKey {
  if (typeof input !== "string" || input.length === 0) {
    throw new SignetError("invalid_request", "publicKey query parameter is required");
  }
  const outer = decodeBase64Flexible(input);
  if (outer) {
    const inner = outer.toString("utf8");
    if (/^[A-Za-z0-9+/_=\- ]+$/.test(inner)) {
      try {
        return parseDevicePublicKey(inner, "publicKey");
      } catch {
        // not a doubly encoded key: fall through and read the parameter as the key itself
      }
    }
  }
  return parseDevicePublicKey(input, "publicKey");
}
