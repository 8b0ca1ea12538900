import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { Authsignal as Official } from "@authsignal/node";
import { Webhook } from "./webhook.js";
import { InvalidSignatureError } from "./errors.js";
import { Signet } from "./client.js";

const secret = "sk_0123456789abcdef_" + "s".repeat(43);
const now = () => Math.floor(Date.now() / 1000);
const event = (data: object = { challengeId: "c1", userId: "ü-ser", idempotencyKey: "k", actionCode: "signIn" }) =>
  JSON.stringify({ version: 1, id: "e1", source: "https://signet.example", time: new Date().toISOString(), tenantId: "t1", type: "push.created", data });

/** PROTOCOL.md §5, written out independently of both implementations. */
const sign = (body: string, t: number, key = secret) => createHmac("sha256", key).update(`${t}.${body}`, "utf8").digest("base64").replace(/=+$/, "");
const header = (body: string, t: number, key = secret) => `t=${t},v2=${sign(body, t, key)}`;

const ours = new Webhook(secret);
const official = new Official({ apiSecretKey: secret, retries: 0 }).webhook;
const accepts = (w: { constructEvent(p: string, h: string, tol?: number): unknown }, body: string, h: string, tol?: number) => {
  try {
    w.constructEvent(body, h, tol);
    return true;
  } catch {
    return false;
  }
};

test("a header built per the spec verifies with ours and with the official SDK, for many bodies", () => {
  for (let i = 0; i < 50; i++) {
    const body = event({ n: i, text: randomBytes(i).toString("base64"), emoji: "🔐 ünïcode", nested: { a: [1, 2, i] } });
    const h = header(body, now() - i);
    assert.equal(official.constructEvent(body, h).id, "e1", "official verifies the spec's header");
    const parsed = ours.constructEvent<{ n: number }>(body, h);
    assert.equal(parsed.data.n, i, "ours verifies the spec's header");
    assert.deepEqual(parsed, official.constructEvent(body, h));
  }
});

test("ours and the official SDK agree on what they refuse", () => {
  const body = event();
  const t = now();
  const good = sign(body, t);
  const cases: Record<string, [string, string]> = {
    "another secret": [body, header(body, t, "sk_other")],
    "a changed body": [body + " ", header(body, t)],
    "a changed timestamp": [body, `t=${t + 1},v2=${good}`],
    "ten minutes old": [body, header(body, t - 600)],
    "no signature": [body, `t=${t}`],
    "no timestamp": [body, `v2=${good}`],
    "a v1 signature only": [body, `t=${t},v1=${good}`],
    "garbage": [body, "garbage"],
    "empty": [body, ""],
    "a truncated signature": [body, `t=${t},v2=${good.slice(0, -1)}`],
    "hex instead of base64": [body, `t=${t},v2=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`],
  };
  for (const [name, [b, h]] of Object.entries(cases)) {
    assert.equal(accepts(official, b, h), false, `official refuses ${name}`);
    assert.throws(() => ours.constructEvent(b, h), InvalidSignatureError, `ours refuses ${name}`);
  }
});

test("any of several v2 signatures may match (secret rotation)", () => {
  const body = event();
  const t = now();
  const rotated = `t=${t},v2=${sign(body, t, "sk_old")},v2=${sign(body, t)}`;
  assert.equal(ours.constructEvent(body, rotated).id, "e1");
  assert.equal(official.constructEvent(body, rotated).id, "e1");
  assert.equal(ours.constructEvent(body, `t=${t},v2=${sign(body, t)},v2=${sign(body, t, "sk_new")}`).id, "e1");
  assert.throws(() => ours.constructEvent(body, `t=${t},v2=${sign(body, t, "sk_a")},v2=${sign(body, t, "sk_b")}`), /Signature mismatch/);
});

test("tolerance: too old and too far in the future are refused; the window is configurable; 0 turns it off", () => {
  const body = event();
  assert.ok(ours.constructEvent(body, header(body, now() - 4 * 60)));
  assert.throws(() => ours.constructEvent(body, header(body, now() - 6 * 60)), /tolerance/);
  assert.ok(ours.constructEvent(body, header(body, now() + 4 * 60)));
  assert.throws(() => ours.constructEvent(body, header(body, now() + 6 * 60)), /tolerance/);
  // Stricter than the official SDK here, which only refuses old timestamps:
  assert.equal(accepts(official, body, header(body, now() + 3600)), true);
  assert.throws(() => ours.constructEvent(body, header(body, now() + 3600)), InvalidSignatureError);
  assert.throws(() => ours.constructEvent(body, header(body, now() - 2 * 60), 1), /tolerance/);
  assert.ok(ours.constructEvent(body, header(body, now() - 20 * 60), 30));
  assert.ok(ours.constructEvent(body, header(body, now() - 86_400), 0));
  assert.equal(accepts(official, body, header(body, now() - 86_400), 0), true);
});

test("messages are clear; the client's webhook uses its apiSecretKey", () => {
  const body = event();
  assert.throws(() => ours.constructEvent(body, "t=x,v2=y"), { name: "InvalidSignatureError", message: /Signature format is invalid/ });
  assert.throws(() => ours.constructEvent(body, header(body, now(), "sk_x")), { name: "InvalidSignatureError", message: "Signature mismatch." });
  assert.throws(() => ours.constructEvent(body, undefined as unknown as string), InvalidSignatureError);
  const t = now();
  assert.equal(ours.constructEvent(body, `t=${t}, v2=${sign(body, t)}`).id, "e1", "spaces after commas are tolerated");
  const padded = `t=${t},v2=${sign(body, t)}=`;
  assert.equal(official.constructEvent(body, padded).id, "e1", "the official parser drops '=' padding");
  assert.equal(ours.constructEvent(body, padded).id, "e1", "so does ours");
  const client = new Signet({ apiSecretKey: secret, apiUrl: "http://signet.invalid/v1" });
  assert.equal(client.webhook.constructEvent(body, header(body, now())).type, "push.created");
});
