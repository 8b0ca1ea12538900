import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Authsignal } from "@authsignal/node";
import { startTestServer, freePort, type TestServer } from "../testing/test-server.js";
import { call, deviceAuth, newTestKey, serverAuth } from "../testing/test-keys.js";

// Webhooks: signed so the official SDK verifies them, durable across receiver outages and restarts.
const FAST = { SIGNET_WEBHOOK_ALLOW_PRIVATE: "true", SIGNET_WEBHOOK_POLL_MS: "50", SIGNET_WEBHOOK_RETRY_BASE_MS: "100", SIGNET_WEBHOOK_TIMEOUT_MS: "2000" };

interface Receiver {
  url: string;
  events: Array<{ id: string; type: string; data: any }>;
  up: boolean;
  close(): Promise<void>;
}

async function startReceiver(secretOf: () => string, port?: number): Promise<Receiver> {
  const receiver: Receiver = { url: "", events: [], up: true, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      if (!receiver.up) return void res.writeHead(503).end();
      try {
        const event = new Authsignal({ apiSecretKey: secretOf() }).webhook.constructEvent(body, String(req.headers["x-signature-v2"]));
        receiver.events.push(event);
        res.writeHead(200).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  const listenPort = port ?? (await freePort());
  await new Promise<void>((resolve) => server.listen(listenPort, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${listenPort}/hook`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}

const until = async (check: () => boolean, what: string, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

async function pushFlow(server: TestServer, userId: string) {
  const key = newTestKey();
  const enrol = (await call(`${server.apiUrl}/users/${userId}/actions/enroll`, { auth: serverAuth(server.apiSecretKey), body: { scope: "add:authenticators" } })).body;
  await call(`${server.apiUrl}/client/user-authenticators/push`, { auth: `Bearer ${enrol.token}`, body: { publicKey: key.publicKey } });
  const t = (await call(`${server.apiUrl}/users/${userId}/actions/signIn`, { auth: serverAuth(server.apiSecretKey), body: { ipAddress: "198.51.100.4", userAgent: "UA" } })).body;
  const { challengeId } = (await call(`${server.apiUrl}/client/challenge/push`, { auth: `Bearer ${t.token}`, body: {} })).body;
  await call(`${server.apiUrl}/client/user-authenticators/push/challenge`, {
    auth: deviceAuth(server.tenantId),
    body: { challengeId, publicKey: key.publicKey, approved: true, signature: key.sign(challengeId) },
  });
  return { challengeId, idempotencyKey: t.idempotencyKey as string };
}

/** Polls the delivery log until `ready` holds (or fails after 10 s). */
async function deliveriesWhen(server: TestServer, tenantId: string, ready: (log: any[]) => boolean): Promise<any[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const log = (await call(`${server.origin}/admin/v1/tenants/${tenantId}/webhook-deliveries`, { auth: `Bearer ${server.adminToken}` })).body.deliveries as any[];
    if (ready(log)) return log;
    if (Date.now() > deadline) throw new Error(`delivery log never got ready: ${JSON.stringify(log)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const cleanup: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of cleanup.reverse()) await c();
});

test("events reach the webhook signed; the official SDK verifies them; data per PROTOCOL.md §5", async () => {
  const server = await startTestServer({ env: FAST });
  cleanup.push(() => server.close());
  const receiver = await startReceiver(() => server.apiSecretKey);
  cleanup.push(() => receiver.close());
  await call(`${server.origin}/admin/v1/tenants/${server.tenantId}`, { method: "PATCH", auth: `Bearer ${server.adminToken}`, body: { webhookUrl: receiver.url } });
  const { challengeId, idempotencyKey } = await pushFlow(server, "wanda");
  await until(() => receiver.events.length >= 3, "three events");
  const types = receiver.events.map((e) => e.type);
  assert.deepEqual(types.sort(), ["action.updated", "authenticator.created", "push.created"]);
  const push = receiver.events.find((e) => e.type === "push.created")!;
  assert.deepEqual(push.data, { challengeId, userId: "wanda", idempotencyKey, actionCode: "signIn", userAgent: "UA", ipAddress: "198.51.100.4" });
  const created = receiver.events.find((e) => e.type === "authenticator.created")!;
  assert.equal(created.data.userId, "wanda");
  assert.equal(created.data.verificationMethod, "PUSH");
  const updated = receiver.events.find((e) => e.type === "action.updated")!;
  assert.equal(updated.data.state, "CHALLENGE_SUCCEEDED");
  const full = receiver.events[0] as any;
  assert.equal(full.version, 1);
  assert.equal(full.tenantId, server.tenantId);
  assert.ok(full.time && full.source);
});

test("a 'this wasn't me' denial emits push.fraud_reported", async () => {
  const server = await startTestServer({ env: FAST });
  cleanup.push(() => server.close());
  const receiver = await startReceiver(() => server.apiSecretKey);
  cleanup.push(() => receiver.close());
  await call(`${server.origin}/admin/v1/tenants/${server.tenantId}/webhooks`, { auth: `Bearer ${server.adminToken}`, body: { url: receiver.url, eventTypes: ["push.fraud_reported"] } });
  const key = newTestKey();
  const enrol = (await call(`${server.apiUrl}/users/yara/actions/enroll`, { auth: serverAuth(server.apiSecretKey), body: { scope: "add:authenticators" } })).body;
  await call(`${server.apiUrl}/client/user-authenticators/push`, { auth: `Bearer ${enrol.token}`, body: { publicKey: key.publicKey } });
  const t = (await call(`${server.apiUrl}/users/yara/actions/signIn`, { auth: serverAuth(server.apiSecretKey), body: {} })).body;
  const { challengeId } = (await call(`${server.apiUrl}/client/challenge/push`, { auth: `Bearer ${t.token}`, body: {} })).body;
  await call(`${server.apiUrl}/client/user-authenticators/push/challenge`, {
    auth: deviceAuth(server.tenantId),
    body: { challengeId, publicKey: key.publicKey, approved: false, denyReason: "not_me", signature: key.sign(challengeId) },
  });
  await until(() => receiver.events.length >= 1, "the fraud report");
  assert.equal(receiver.events.length, 1, "only the subscribed event type");
  assert.equal(receiver.events[0]!.type, "push.fraud_reported");
  assert.equal(receiver.events[0]!.data.challengeId, challengeId);
  assert.equal(receiver.events[0]!.data.userId, "yara");
});

test("a receiver that is down and comes back gets every event; a restart mid-retry still delivers; ids repeat on redelivery", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "signet-webhooks-"));
  cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const first = await startTestServer({ env: FAST, dataDir });
  const { tenant, apiSecretKey } = await (await import("../domain/tenants/tenant-service.js")).createTenant(first.core, { name: "hooks" });
  const server = { ...first, tenantId: tenant.id, apiSecretKey };
  const receiver = await startReceiver(() => apiSecretKey);
  cleanup.push(() => receiver.close());
  receiver.up = false;
  await call(`${server.origin}/admin/v1/tenants/${tenant.id}`, { method: "PATCH", auth: `Bearer ${server.adminToken}`, body: { webhookUrl: receiver.url } });
  await pushFlow(server, "xavier");
  let log = await deliveriesWhen(server, tenant.id, (l) => l.length === 3 && l.every((d) => d.attempts >= 2));
  assert.ok(log.every((d) => d.state === "pending" && d.lastStatusCode === 503 && d.attemptLog.length >= 2), JSON.stringify(log));

  await first.close(); // the process stops in the middle of retries
  const second = await startTestServer({ env: FAST, dataDir, port: Number(new URL(first.origin).port) });
  cleanup.push(() => second.close());
  receiver.up = true;
  await until(() => receiver.events.length >= 3, "every event after the outage");
  assert.deepEqual(receiver.events.map((e) => e.type).sort(), ["action.updated", "authenticator.created", "push.created"]);
  log = await deliveriesWhen(second, tenant.id, (l) => l.every((d) => d.state === "delivered"));
  assert.equal(log.length, 3);

  const target = log[0];
  const redelivered = await call(`${second.origin}/admin/v1/tenants/${tenant.id}/webhook-deliveries/${target.deliveryId}/redeliver`, { method: "POST", auth: `Bearer ${second.adminToken}`, body: {} });
  assert.equal(redelivered.status, 200);
  await until(() => receiver.events.length >= 4, "the redelivery");
  const ids = receiver.events.map((e) => e.id);
  assert.equal(ids.filter((id) => id === target.eventId).length, 2, "the redelivered event keeps its id");
});

test("private addresses are refused unless SIGNET_WEBHOOK_ALLOW_PRIVATE=true", async () => {
  const server = await startTestServer({ env: { ...FAST, SIGNET_WEBHOOK_ALLOW_PRIVATE: "false" } });
  cleanup.push(() => server.close());
  const receiver = await startReceiver(() => server.apiSecretKey);
  cleanup.push(() => receiver.close());
  const localhostUrl = receiver.url.replace("127.0.0.1", "localhost");
  await call(`${server.origin}/admin/v1/tenants/${server.tenantId}`, { method: "PATCH", auth: `Bearer ${server.adminToken}`, body: { webhookUrl: receiver.url } });
  await call(`${server.origin}/admin/v1/tenants/${server.tenantId}/webhooks`, { auth: `Bearer ${server.adminToken}`, body: { url: localhostUrl, eventTypes: ["authenticator.created"] } });
  const key = newTestKey();
  const enrol = (await call(`${server.apiUrl}/users/yan/actions/enroll`, { auth: serverAuth(server.apiSecretKey), body: { scope: "add:authenticators" } })).body;
  await call(`${server.apiUrl}/client/user-authenticators/push`, { auth: `Bearer ${enrol.token}`, body: { publicKey: key.publicKey } });
  const log = await deliveriesWhen(server, server.tenantId, (l) => l.length === 2 && l.every((d) => d.attempts >= 1));
  assert.equal(receiver.events.length, 0);
  for (const d of log) assert.match(d.lastError, /private address/);
});
