// Test helper: a SignetDevice wired to a fake fetch and a memory key store.
import { SignetDevice } from "../sdk.js";
import { MemoryKeyStore } from "../key-stores/memory-key-store.js";
import { exportPublicKey } from "../signature/sign.js";
import { fakeFetch } from "./fake-fetch.js";
import type { ScriptedAnswer } from "./fake-fetch.js";
import { b64 } from "./node-crypto.js";

export const TENANT_ID = "3f1c9a2e-tenant";
export const BASE_URL = "http://signet.test:4000/v1";
/** `Basic base64("<tenantId>:")`, computed with Buffer, independently of the SDK. */
export const DEVICE_AUTH = `Basic ${Buffer.from(`${TENANT_ID}:`).toString("base64")}`;

export function testDevice(...answers: ScriptedAnswer[]) {
  const { fetch, requests } = fakeFetch(...answers);
  const keyStore = new MemoryKeyStore();
  const device = new SignetDevice({ tenantId: TENANT_ID, baseUrl: BASE_URL, keyStore, fetch });
  return { device, requests, keyStore };
}

/** The wire public key (base64 SPKI) of the key stored under `alias`. */
export async function storedPublicKey(keyStore: MemoryKeyStore, alias: string): Promise<string> {
  const pair = await keyStore.load(alias);
  if (!pair) throw new Error(`no ${alias} key`);
  return exportPublicKey(pair.publicKey);
}

/** The `?publicKey=` value the SDK must send: base64 of the base64 key, URL-encoded. */
export function publicKeyParam(publicKey: string): string {
  return encodeURIComponent(b64(publicKey));
}

/** Headers every request carries, plus JSON content type when it has a body. */
export function expectedHeaders(authorization: string, json: boolean, extra: Record<string, string> = {}) {
  return {
    authorization,
    "x-authsignal-sdk": "signet-device",
    ...(json ? { "content-type": "application/json" } : {}),
    ...extra,
  };
}

export const CREDENTIAL_BODY = {
  userAuthenticatorId: "ua_1",
  userId: "user-1",
  verifiedAt: "2025-01-01T00:00:00.000Z",
  lastVerifiedAt: null,
  expiresAt: null,
};
