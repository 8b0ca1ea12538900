import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock } from "../domain/clock.js";
import type { TestServer } from "./test-server.js";
import { call, deviceAuth, serverAuth, type TestKey } from "./test-keys.js";
import { enrolDevice, until } from "./device-flows.js";

// Seed data for the admin portal's browser test: a day of push traffic for the dashboard, and a
// webhook receiver with an endpoint that always fails (so the delivery log shows retries).

export const HOUR = 3_600_000;

/** A clock that runs `offsetMs` ahead of real time, so seed data can spread over the past day. */
export class OffsetClock implements Clock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
}

/** Enrols a push device for `userId` (with an e-mail address, as a real sign-up would have). */
export const enrol = (server: TestServer, userId: string, deviceName: string) => enrolDevice(server, userId, { deviceName, email: `${userId}@example.com` });

/** Starts a push signIn challenge for `userId`. */
export async function startPush(server: TestServer, userId: string, ipAddress: string): Promise<string> {
  const signIn = (await call(`${server.apiUrl}/users/${userId}/actions/signIn`, { auth: serverAuth(server.apiSecretKey), body: { ipAddress, userAgent: "Mozilla/5.0 (portal test)" } })).body;
  const started = await call(`${server.apiUrl}/client/challenge/push`, { auth: `Bearer ${signIn.token}`, body: {} });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  return started.body.challengeId;
}

/** Answers a push challenge from the device, `latencyMs` (server time) after it was created. */
export async function answer(server: TestServer, clock: OffsetClock, challengeId: string, key: TestKey, approved: boolean, latencyMs = 0): Promise<void> {
  clock.offsetMs += latencyMs;
  const answered = await call(`${server.apiUrl}/client/user-authenticators/push/challenge`, {
    auth: deviceAuth(server.tenantId),
    body: { challengeId, publicKey: key.publicKey, approved, signature: key.sign(challengeId) },
  });
  assert.equal(answered.status, 200, JSON.stringify(answered.body));
}

/**
 * A day of traffic for the dashboard: four users approving (with 1.5 to 8 s latency), some
 * denials and superseded challenges, hour by hour over the past 22 hours.
 */
export async function seedPastDay(server: TestServer, clock: OffsetClock): Promise<void> {
  clock.offsetMs = -23 * HOUR;
  const users = await Promise.all(
    [["amira", "Pixel 8"], ["bo", "iPhone 15"], ["chen", "Galaxy S24"], ["dev", "iPhone 13 mini"]].map(async ([userId, device]) => ({ userId: userId!, ...(await enrol(server, userId!, device!)) })),
  );
  const approvalsPerHour = [1, 0, 0, 1, 0, 2, 4, 6, 7, 5, 4, 6, 3, 4, 5, 6, 4, 3, 2, 3, 2, 1];
  for (let h = 22; h >= 1; h--) {
    clock.offsetMs = -h * HOUR + 5 * 60_000;
    const approvals = approvalsPerHour[22 - h] ?? 0;
    for (let i = 0; i < approvals; i++) {
      const user = users[(h + i) % users.length]!;
      const challengeId = await startPush(server, user.userId, `198.51.100.${10 + ((h * 7 + i) % 200)}`);
      await answer(server, clock, challengeId, user.key, true, 1500 + ((h * 37 + i * 53) % 14) * 500);
      clock.offsetMs += 60_000;
    }
    if (h % 4 === 1) {
      const user = users[h % users.length]!;
      await answer(server, clock, await startPush(server, user.userId, "203.0.113.66"), user.key, false, 4000);
    }
    if (h % 6 === 2) {
      const user = users[(h + 1) % users.length]!;
      await startPush(server, user.userId, "198.51.100.200");
      clock.offsetMs += 30_000;
      await answer(server, clock, await startPush(server, user.userId, "198.51.100.200"), user.key, true, 2500);
    }
  }
  clock.offsetMs = 0;
}

/** A webhook receiver: /ok accepts, /fail answers 500; /page is another origin of the same site as Signet. */
export async function startWebhookReceiver(): Promise<{ url: string; close(): Promise<void> }> {
  const receiver: Server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      if (request.url === "/page") return void response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>same site, other origin</title>");
      response.writeHead(request.url === "/ok" ? 200 : 500).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => receiver.close(() => resolve())),
  };
}

/**
 * Everything the portal test shows: two webhook endpoints (one always failing, with retries in the
 * log), a day of traffic, zoe (a push device, one approved and one denied sign-in, now) and zed
 * (tracked, not enrolled). Returns zoe's authenticator id.
 */
export async function seedPortalData(server: TestServer, clock: OffsetClock, receiverUrl: string): Promise<string> {
  const admin = (path: string, body?: unknown) => call(`${server.origin}/admin/v1/tenants/${server.tenantId}${path}`, { auth: `Bearer ${server.adminToken}`, body });
  assert.equal((await admin("/webhooks", { url: `${receiverUrl}/ok` })).status, 201);
  assert.equal((await admin("/webhooks", { url: `${receiverUrl}/fail`, eventTypes: ["authenticator.created"] })).status, 201);
  await seedPastDay(server, clock);
  const zoe = await enrol(server, "zoe", "Zoe's phone");
  await answer(server, clock, await startPush(server, "zoe", "198.51.100.7"), zoe.key, true, 2200);
  await answer(server, clock, await startPush(server, "zoe", "203.0.113.9"), zoe.key, false, 3100);
  await call(`${server.apiUrl}/users/zed/actions/signIn`, { auth: serverAuth(server.apiSecretKey), body: { email: "zed@example.com" } });
  await until("webhook deliveries, delivered and failing", async () => {
    const log = (await admin("/webhook-deliveries")).body.deliveries as Array<{ state: string; attempts: number }>;
    return log.some((d) => d.state === "delivered") && log.some((d) => d.state !== "delivered" && d.attempts >= 2) ? true : undefined;
  });
  return zoe.userAuthenticatorId;
}
