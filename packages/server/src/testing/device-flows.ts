import assert from "node:assert/strict";
import type { TestServer } from "./test-server.js";
import { call, deviceAuth, newTestKey, serverAuth, type TestKey } from "./test-keys.js";

/** What integration tests do again and again as the customer backend and as the phone. */

/** Backend: track an action; the token and idempotency key come back. */
export async function track(server: TestServer, userId: string, action: string, body: Record<string, unknown> = {}) {
  const r = await call(`${server.apiUrl}/users/${userId}/actions/${action}`, { auth: serverAuth(server.apiSecretKey), body });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(typeof r.body.token, "string");
  return r.body as { token: string; idempotencyKey: string; state: string };
}

/** Phone: enrols a fresh key for `method` with an `add:authenticators` track token. */
export async function enrolDevice(
  server: TestServer,
  userId: string,
  options: { method?: "push" | "qr-code" | "in-app"; deviceName?: string; email?: string } = {},
): Promise<{ key: TestKey; userAuthenticatorId: string }> {
  const key = newTestKey();
  const { token } = await track(server, userId, "enroll", { scope: "add:authenticators", ...(options.email ? { email: options.email } : {}) });
  const added = await call(`${server.apiUrl}/client/user-authenticators/${options.method ?? "push"}`, {
    auth: `Bearer ${token}`,
    body: { publicKey: key.publicKey, deviceName: options.deviceName ?? `${userId}'s phone` },
  });
  assert.equal(added.status, 200, JSON.stringify(added.body));
  assert.equal(added.body.userId, userId);
  assert.equal(typeof added.body.userAuthenticatorId, "string");
  return { key, userAuthenticatorId: added.body.userAuthenticatorId as string };
}

/** Phone: answers a push challenge, signing its id. */
export const answerPush = (server: TestServer, key: TestKey, challengeId: string, approved: boolean) =>
  call(`${server.apiUrl}/client/user-authenticators/push/challenge`, {
    auth: deviceAuth(server.tenantId),
    body: { challengeId, publicKey: key.publicKey, approved, signature: key.sign(challengeId) },
  });

/** Polls `probe` every 50 ms until it gives a value, or fails after `ms`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
