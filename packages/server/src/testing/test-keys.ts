import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";

/** A device key for protocol tests that need to craft requests by hand (forgeries, odd encodings). */
export interface TestKey {
  publicKey: string;
  privateKey: KeyObject;
  sign(message: string): string;
}

export function newTestKey(): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    publicKey: publicKey.export({ type: "spki", format: "der" }).toString("base64"),
    privateKey,
    sign: (message) => sign("sha256", Buffer.from(message, "utf8"), { key: privateKey, dsaEncoding: "der" }).toString("base64"),
  };
}

export const basicAuth = (user: string) => `Basic ${Buffer.from(user).toString("base64")}`;
export const deviceAuth = (tenantId: string) => basicAuth(`${tenantId}:`);
export const serverAuth = (secret: string) => basicAuth(`${secret}:`);

/** Android-style ?publicKey= value: standard base64 of the base64 key, URL-escaped here. */
export const publicKeyQuery = (publicKey: string) => encodeURIComponent(Buffer.from(publicKey).toString("base64"));

/** A small JSON HTTP client for tests: returns status and parsed body. */
export async function call(
  url: string,
  init: { method?: string; auth?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: {
      ...(init.auth ? { authorization: init.auth } : {}),
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body, headers: response.headers };
}
