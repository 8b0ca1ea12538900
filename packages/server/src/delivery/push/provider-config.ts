import { importPKCS8 } from "jose";
import { ApnsProvider, type ApnsConfig } from "./apns-provider.js";
import { FcmProvider, type FcmConfig, type FcmServiceAccount } from "./fcm-provider.js";
import { checkVapidKeys, checkVapidSubject, WebPushProvider, type WebPushConfig } from "./web-push-provider.js";
import type { PushProvider } from "./push-provider.js";

/*
 * Plain validation of provider configurations (what an admin sends, what is stored sealed). Each parser
 * returns a clean typed copy holding only the known fields, or throws an Error naming the bad field.
 */

type Fields = Record<string, unknown>;

function fields(input: unknown, name: string): Fields {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new Error(`${name} must be an object`);
  return input as Fields;
}

function text(input: Fields, field: string, rule: RegExp | undefined, must: string, prefix = ""): string {
  const value = input[field];
  if (typeof value !== "string" || value.trim() === "" || value.length > 16_384 || (rule && !rule.test(value))) {
    throw new Error(`${prefix}${field} must be ${must}`);
  }
  return value;
}

function optional<T>(input: Fields, field: string, read: () => T): { [k: string]: T } {
  return input[field] === undefined || input[field] === null ? {} : { [field]: read() };
}

const url = (input: Fields, field: string, prefix = "") =>
  optional(input, field, () => {
    const value = text(input, field, undefined, "an http(s) URL", prefix);
    let parsed: URL | undefined;
    try {
      parsed = new URL(value);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) throw new Error(`${prefix}${field} must be an http(s) URL`);
    return value.replace(/\/+$/, "");
  });

const timeout = (input: Fields) =>
  optional(input, "timeoutMs", () => {
    const value = input.timeoutMs;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 100 || value > 60_000) {
      throw new Error("timeoutMs must be a whole number of milliseconds between 100 and 60000");
    }
    return value;
  });

const flag = (input: Fields, field: string) =>
  optional(input, field, () => {
    if (typeof input[field] !== "boolean") throw new Error(`${field} must be true or false`);
    return input[field] as boolean;
  });

/** A PEM pasted through an environment variable often arrives with literal "\n": restore the newlines. */
const pem = (value: string) => `${value.replace(/\\n/g, "\n").trim()}\n`;

async function importable(value: string, alg: "ES256" | "RS256", message: string): Promise<string> {
  const normalized = pem(value);
  if (!normalized.startsWith("-----BEGIN PRIVATE KEY-----")) throw new Error(message);
  try {
    await importPKCS8(normalized, alg);
  } catch {
    throw new Error(message);
  }
  return normalized;
}

const APPLE_ID = /^[A-Z0-9]{10}$/;
const BUNDLE_ID = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

export async function parseApnsConfig(input: unknown): Promise<ApnsConfig> {
  const f = fields(input, "the APNs configuration");
  const keyMessage = "privateKeyPem must be a PEM PKCS#8 EC P-256 key (the .p8 file)";
  const config: ApnsConfig = {
    teamId: text(f, "teamId", APPLE_ID, "the 10-character Apple Developer Team ID"),
    keyId: text(f, "keyId", APPLE_ID, "the 10-character ID of the APNs auth key"),
    privateKeyPem: await importable(text(f, "privateKeyPem", undefined, "a PEM PKCS#8 EC P-256 key (the .p8 file)"), "ES256", keyMessage),
    topic: text(f, "topic", BUNDLE_ID, "the app's bundle id (e.g. com.example.app)"),
    production: false,
    ...flag(f, "production"),
    ...url(f, "baseUrl"),
    ...timeout(f),
  };
  return config;
}

export async function parseFcmConfig(input: unknown): Promise<FcmConfig> {
  const f = fields(input, "the FCM configuration");
  let raw = f.serviceAccount;
  if (typeof raw === "string") {
    try {
      raw = JSON.parse(raw) as unknown;
    } catch {
      throw new Error("serviceAccount must be the service account key file (JSON)");
    }
  }
  if (raw === undefined || raw === null) throw new Error("serviceAccount must be the service account key file (JSON)");
  const a = fields(raw, "serviceAccount");
  const p = "serviceAccount.";
  if (a.type !== undefined && a.type !== "service_account") throw new Error(`${p}type must be "service_account"`);
  const keyMessage = `${p}private_key must be the service account's PEM PKCS#8 RSA key`;
  const serviceAccount: FcmServiceAccount = {
    project_id: text(a, "project_id", /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "the Firebase project id", p),
    client_email: text(a, "client_email", /^[^@\s]+@[^@\s]+\.[^@\s]+$/, "the service account's e-mail address", p),
    private_key: await importable(text(a, "private_key", undefined, "the service account's PEM PKCS#8 RSA key", p), "RS256", keyMessage),
    ...optional(a, "private_key_id", () => text(a, "private_key_id", /^[A-Za-z0-9_-]{1,128}$/, "the key id from the key file", p)),
    ...url(a, "token_uri", p),
  };
  return { serviceAccount, ...url(f, "baseUrl"), ...timeout(f) };
}

export async function parseWebPushConfig(input: unknown): Promise<WebPushConfig> {
  const f = fields(input, "the Web Push configuration");
  checkVapidKeys(f.vapidPublicKey, f.vapidPrivateKey);
  return {
    vapidPublicKey: f.vapidPublicKey as string,
    vapidPrivateKey: f.vapidPrivateKey as string,
    subject: checkVapidSubject(f.subject),
    ...timeout(f),
    ...flag(f, "allowPrivateEndpoints"),
  };
}

export type PushProviderKind = PushProvider["kind"];

/** A provider for a configuration already checked by the parser of its kind (e.g. read back from storage). */
export function createPushProvider(kind: "apns", config: ApnsConfig): ApnsProvider;
export function createPushProvider(kind: "fcm", config: FcmConfig): FcmProvider;
export function createPushProvider(kind: "webpush", config: WebPushConfig): WebPushProvider;
export function createPushProvider(kind: PushProviderKind, config: unknown): PushProvider;
export function createPushProvider(kind: PushProviderKind, config: unknown): PushProvider {
  if (kind === "apns") return new ApnsProvider(config as ApnsConfig);
  if (kind === "fcm") return new FcmProvider(config as FcmConfig);
  if (kind === "webpush") return new WebPushProvider(config as WebPushConfig);
  throw new Error(`unknown push provider kind ${JSON.stringify(kind)}`);
}

/** Checks an unvalidated configuration, then creates its provider. */
export async function loadPushProvider(kind: PushProviderKind, input: unknown): Promise<PushProvider> {
  if (kind === "apns") return new ApnsProvider(await parseApnsConfig(input));
  if (kind === "fcm") return new FcmProvider(await parseFcmConfig(input));
  if (kind === "webpush") return new WebPushProvider(await parseWebPushConfig(input));
  throw new Error(`unknown push provider kind ${JSON.stringify(kind)}`);
}
