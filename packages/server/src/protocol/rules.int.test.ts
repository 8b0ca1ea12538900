import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Authsignal, UserActionState } from "@authsignal/node";
import { startTestServer, type TestServer } from "../testing/test-server.js";
import { call, newTestKey, serverAuth } from "../testing/test-keys.js";

// Adaptive MFA: rules configured per action through the admin API, evaluated by track.
let server: TestServer;
let authsignal: Authsignal;
before(async () => {
  server = await startTestServer();
  authsignal = new Authsignal({ apiSecretKey: server.apiSecretKey, apiUrl: server.apiUrl, retries: 0 });
});
after(() => server.close());

const admin = (path: string, init: { method?: string; body?: unknown } = {}) => call(`${server.origin}/admin/v1/tenants/${server.tenantId}${path}`, { auth: `Bearer ${server.adminToken}`, ...init });

const WITHDRAW = {
  defaultOutcome: "CHALLENGE",
  rules: [
    { name: "Office network", description: "Trusted office range", outcome: "ALLOW", condition: { field: "ip", op: "inCidr", value: ["10.0.0.0/8", "2001:db8::/32"] } },
    { ruleId: "sanctioned", name: "Blocked country", outcome: "BLOCK", condition: { field: "custom.country", op: "in", value: ["XX", "YY"] } },
    {
      name: "Large amount from a new device",
      outcome: "REVIEW",
      condition: { all: [{ field: "custom.amount", op: "gte", value: 10000 }, { field: "device.isNew", op: "eq", value: true }] },
    },
    { name: "Too fast", outcome: "BLOCK", condition: { field: "velocity", op: "gt", value: 3, windowMinutes: 10 } },
  ],
};

test("PUT validates and fills rule ids; GET and the list read it back", async () => {
  const put = await admin("/actions/withdraw", { method: "PUT", body: WITHDRAW });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.equal(put.body.rules.length, 4);
  assert.ok(put.body.rules.every((r: any) => typeof r.ruleId === "string" && r.ruleId.length > 0));
  assert.equal(put.body.rules[1].ruleId, "sanctioned");
  const read = await admin("/actions/withdraw");
  assert.deepEqual(read.body.rules, put.body.rules);
  const list = await admin("/actions");
  assert.ok(list.body.some((c: any) => c.actionCode === "withdraw"));
  assert.equal((await admin("/actions/unknownAction")).status, 404);
});

test("invalid configurations are refused with the path of the problem; nothing is stored", async () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ defaultOutcome: "MAYBE", rules: [] }, /defaultOutcome/],
    [{ defaultOutcome: "ALLOW", rules: [{ name: "x", outcome: "ALLOW", condition: { field: "ip", op: "gt", value: 1 } }] }, /rules\[0\].*op/],
    [{ defaultOutcome: "ALLOW", rules: [{ name: "x", outcome: "ALLOW", condition: { field: "ip", op: "inCidr", value: ["10.0.0.0/33"] } }] }, /CIDR/],
    [{ defaultOutcome: "ALLOW", rules: [{ name: "x", outcome: "ALLOW", condition: { field: "hour", op: "lt", value: 6, timeZone: "Mars/Base" } }] }, /time zone/],
    [{ defaultOutcome: "ALLOW", rules: [{ name: "x", outcome: "ALLOW", condition: { field: "velocity", op: "gt", value: 3 } }] }, /windowMinutes/],
  ];
  for (const [body, message] of cases) {
    const r = await admin("/actions/broken", { method: "PUT", body });
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.match(r.body.errorDescription, message);
  }
  assert.equal((await admin("/actions/broken")).status, 404);
});

test("track evaluates the rules: first match wins, ruleIds in the response, rules in getAction", async () => {
  const rules = (await admin("/actions/withdraw")).body.rules as Array<{ ruleId: string }>;
  const office = await authsignal.track({ userId: "rita", action: "withdraw", attributes: { ipAddress: "10.1.2.3", custom: { country: "XX" } } });
  assert.equal(office.state, UserActionState.ALLOW);
  assert.deepEqual(office.ruleIds, [rules[0]!.ruleId]);
  const action = await authsignal.getAction({ userId: "rita", action: "withdraw", idempotencyKey: office.idempotencyKey });
  assert.equal(action?.rules?.[0]?.name, "Office network");
  assert.equal(action?.rules?.[0]?.description, "Trusted office range");

  const blocked = await authsignal.track({ userId: "rita", action: "withdraw", attributes: { ipAddress: "203.0.113.9", custom: { country: "YY" } } });
  assert.equal(blocked.state, UserActionState.BLOCK);
  assert.deepEqual(blocked.ruleIds, ["sanctioned"]);
  const challenge = await call(`${server.apiUrl}/client/challenge/push`, { auth: `Bearer ${blocked.token}`, body: {} });
  assert.equal(challenge.status, 403, "a blocked action cannot be challenged");

  const first = await authsignal.track({ userId: "sven", action: "withdraw", attributes: { ipAddress: "203.0.113.9", deviceId: "d1", custom: { amount: 20000 } } });
  assert.equal(first.state, UserActionState.REVIEW_REQUIRED, "large amount from a device never seen");
  const second = await authsignal.track({ userId: "sven", action: "withdraw", attributes: { ipAddress: "203.0.113.9", deviceId: "d1", custom: { amount: 20000 } } });
  assert.equal(second.state, UserActionState.CHALLENGE_REQUIRED, "the same device is no longer new");
  assert.deepEqual(second.ruleIds, []);
  const third = await authsignal.track({ userId: "sven", action: "withdraw", attributes: { ipAddress: "203.0.113.9" } });
  assert.equal(third.state, UserActionState.CHALLENGE_REQUIRED);
  const fourth = await authsignal.track({ userId: "sven", action: "withdraw", attributes: { ipAddress: "203.0.113.9" } });
  assert.equal(fourth.state, UserActionState.BLOCK, "the fourth withdraw in 10 minutes is too fast");

  const other = await authsignal.track({ userId: "sven", action: "signIn" });
  assert.equal(other.state, UserActionState.CHALLENGE_REQUIRED, "actions without configuration keep the default");
  assert.equal(other.ruleIds, undefined);

  const audit = (await admin("/audit?type=rule.matched&userId=sven")).body.events;
  assert.equal(audit.length, 2);
});

test("enrolment facts, hour in a time zone, and dry-run on a sample request", async () => {
  const config = {
    defaultOutcome: "ALLOW",
    rules: [
      { name: "Unenrolled", outcome: "BLOCK", condition: { field: "user.isEnrolled", op: "eq", value: false } },
      { name: "Night in Auckland", outcome: "CHALLENGE", condition: { any: [{ field: "hour", op: "lt", value: 6, timeZone: "Pacific/Auckland" }, { not: { field: "hour", op: "lt", value: 22, timeZone: "Pacific/Auckland" } }] } },
    ],
  };
  assert.equal((await admin("/actions/transfer", { method: "PUT", body: config })).status, 200);
  const noDevice = await admin("/actions/transfer/dry-run", { body: { userId: "tina" } });
  assert.equal(noDevice.body.outcome, "BLOCK");
  assert.equal(noDevice.body.facts.userIsEnrolled, false);

  const { token } = (await call(`${server.apiUrl}/users/tina/actions/enroll`, { auth: serverAuth(server.apiSecretKey), body: { scope: "add:authenticators" } })).body;
  await call(`${server.apiUrl}/client/user-authenticators/push`, { auth: `Bearer ${token}`, body: { publicKey: newTestKey().publicKey } });
  // 2026-07-01T15:00Z is 03:00 in Auckland (NZST, UTC+12); 2026-07-01T03:00Z is 15:00 there.
  const night = await admin("/actions/transfer/dry-run", { body: { userId: "tina", at: "2026-07-01T15:00:00Z" } });
  assert.equal(night.body.outcome, "CHALLENGE");
  assert.equal(night.body.state, "CHALLENGE_REQUIRED");
  const day = await admin("/actions/transfer/dry-run", { body: { userId: "tina", at: "2026-07-01T03:00:00Z" } });
  assert.equal(day.body.outcome, "ALLOW");
  const tried = await admin("/actions/other/dry-run", { body: { userId: "tina", config: { defaultOutcome: "REVIEW", rules: [] } } });
  assert.equal(tried.body.outcome, "REVIEW");
  assert.equal((await admin("/actions/other")).status, 404, "a dry-run stores nothing");
});
