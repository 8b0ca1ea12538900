import { SignetError } from "../errors.js";
import type { TenantSettings } from "../model.js";

/** The settings a PATCH may change, each checked here so that no invalid setting is ever stored. */
export type TenantSettingsPatch = Partial<TenantSettings> & { name?: string };

const MIN_TTL = 10;
const MAX_CHALLENGE_TTL = 3600;
const MAX_TOKEN_TTL = 86_400;
const MAX_CREDENTIAL_TTL = 5 * 365 * 86_400;

function integerIn(value: unknown, min: number, max: number, field: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new SignetError("invalid_request", `${field} must be a whole number of seconds from ${min} to ${max}`);
  }
  return value;
}

export function parseOrigin(value: unknown, field: string): string {
  if (typeof value !== "string") throw new SignetError("invalid_request", `${field} must be a string`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SignetError("invalid_request", `${field} must be an origin such as https://app.example.com`);
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.origin !== value.replace(/\/$/, "")) {
    throw new SignetError("invalid_request", `${field} must be an origin (scheme, host and port only), got ${JSON.stringify(value)}`);
  }
  return url.origin;
}

export function parseWebhookUrl(value: unknown): string | null {
  if (value === null || value === "") return null;
  if (typeof value !== "string") throw new SignetError("invalid_request", "webhookUrl must be an http(s) URL or null");
  try {
    const url = new URL(value);
    if (url.protocol === "https:" || url.protocol === "http:") return url.toString();
  } catch {
    // reported below
  }
  throw new SignetError("invalid_request", "webhookUrl must be an http(s) URL or null");
}

export function parseTenantName(value: unknown): string {
  if (typeof value !== "string" || value.trim().length === 0 || value.length > 100) {
    throw new SignetError("invalid_request", "name must be a non-empty string of at most 100 characters");
  }
  return value.trim();
}

/** Applies a validated patch to the current settings. */
export function applySettingsPatch(current: TenantSettings, patch: TenantSettingsPatch): TenantSettings {
  const next = { ...current };
  if (patch.challengeTtlSeconds !== undefined) {
    next.challengeTtlSeconds = integerIn(patch.challengeTtlSeconds, MIN_TTL, MAX_CHALLENGE_TTL, "challengeTtlSeconds");
  }
  if (patch.qrChallengeTtlSeconds !== undefined) {
    next.qrChallengeTtlSeconds = integerIn(patch.qrChallengeTtlSeconds, MIN_TTL, MAX_CHALLENGE_TTL, "qrChallengeTtlSeconds");
  }
  if (patch.tokenTtlSeconds !== undefined) {
    next.tokenTtlSeconds = integerIn(patch.tokenTtlSeconds, MIN_TTL, MAX_TOKEN_TTL, "tokenTtlSeconds");
  }
  if (patch.credentialTtlSeconds !== undefined) {
    next.credentialTtlSeconds =
      patch.credentialTtlSeconds === null ? null : integerIn(patch.credentialTtlSeconds, 60, MAX_CREDENTIAL_TTL, "credentialTtlSeconds");
  }
  if (patch.allowedOrigins !== undefined) {
    if (!Array.isArray(patch.allowedOrigins) || patch.allowedOrigins.length > 100) {
      throw new SignetError("invalid_request", "allowedOrigins must be a list of at most 100 origins");
    }
    next.allowedOrigins = [...new Set(patch.allowedOrigins.map((o, i) => parseOrigin(o, `allowedOrigins[${i}]`)))];
  }
  if (patch.webhookUrl !== undefined) next.webhookUrl = parseWebhookUrl(patch.webhookUrl);
  if (patch.numberMatching !== undefined) {
    if (!["off", "type", "choices"].includes(patch.numberMatching as string)) {
      throw new SignetError("invalid_request", 'numberMatching must be "off", "type" or "choices"');
    }
    next.numberMatching = patch.numberMatching;
  }
  if (patch.brandColor !== undefined) {
    if (patch.brandColor !== null && !/^#[0-9a-fA-F]{6}$/.test(patch.brandColor)) {
      throw new SignetError("invalid_request", "brandColor must be a colour like #1a73e8, or null");
    }
    next.brandColor = patch.brandColor;
  }
  if (patch.logoUrl !== undefined) {
    if (patch.logoUrl !== null && !/^https:\/\/[^\s"'<>]+$/.test(patch.logoUrl)) throw new SignetError("invalid_request", "logoUrl must be an https URL, or null");
    next.logoUrl = patch.logoUrl;
  }
  if (patch.enrolmentLinkTemplate !== undefined) {
    const t = patch.enrolmentLinkTemplate;
    if (typeof t !== "string" || t.length > 500 || !t.includes("{token}") || !/^[a-z][a-z0-9+.-]*:/i.test(t)) {
      throw new SignetError("invalid_request", "enrolmentLinkTemplate must be a URL template of at most 500 characters containing {token}");
    }
    next.enrolmentLinkTemplate = t;
  }
  if (patch.pushLimitCount !== undefined) next.pushLimitCount = integerIn(patch.pushLimitCount, 1, 1000, "pushLimitCount");
  if (patch.pushLimitWindowSeconds !== undefined) {
    next.pushLimitWindowSeconds = integerIn(patch.pushLimitWindowSeconds, 1, 86_400, "pushLimitWindowSeconds");
  }
  if (patch.fraudCoolingSeconds !== undefined) next.fraudCoolingSeconds = integerIn(patch.fraudCoolingSeconds, 0, 30 * 86_400, "fraudCoolingSeconds");
  if (patch.denialBackoffBaseSeconds !== undefined) {
    next.denialBackoffBaseSeconds = integerIn(patch.denialBackoffBaseSeconds, 0, 3600, "denialBackoffBaseSeconds");
  }
  return next;
}
