import { SignetError } from "../../domain/errors.js";
import type { PushProviderKind } from "../../domain/model.js";
import { generateVapidKeys } from "./web-push-provider.js";
import { parseApnsConfig, parseFcmConfig, parseWebPushConfig } from "./provider-config.js";

/**
 * Validates a provider configuration sent to the admin API; a bad field is a 400 naming it. For
 * Web Push, a configuration with only a `subject` gets a fresh VAPID key pair.
 */
export async function parsePushConfig(kind: PushProviderKind, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  try {
    if (kind === "apns") return { ...(await parseApnsConfig(input)) };
    if (kind === "fcm") return { ...(await parseFcmConfig(input)) };
    const withKeys = input.vapidPublicKey === undefined && input.vapidPrivateKey === undefined ? { ...input, ...generateVapidKeys() } : input;
    return { ...(await parseWebPushConfig(withKeys)) };
  } catch (error) {
    throw new SignetError("invalid_request", error instanceof Error ? error.message : String(error));
  }
}

/** The parts of a configuration that are safe to show: never a private key. */
export function describePushConfig(kind: PushProviderKind, config: Record<string, unknown>): Record<string, unknown> {
  const pick = (...keys: string[]) => Object.fromEntries(keys.filter((k) => config[k] !== undefined).map((k) => [k, config[k]]));
  if (kind === "apns") return pick("teamId", "keyId", "topic", "production", "baseUrl");
  if (kind === "fcm") {
    const account = (config.serviceAccount ?? {}) as Record<string, unknown>;
    return { projectId: account.project_id, clientEmail: account.client_email, ...pick("baseUrl") };
  }
  return pick("vapidPublicKey", "subject");
}
