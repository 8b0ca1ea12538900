import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { Authsignal as Official } from "@authsignal/node";
import { Webhook } from "./webhook.js";

const secret = "sk_0123456789abcdef_" + "s".repeat(43);
const body = JSON.stringify({ version: 1, id: "e1", source: "x", time: "t", tenantId: "t1", type: "push.created", data: { challengeId: "c" } });
const header = (t: number, key = secret) => `t=${t},v2=${createHmac("sha256", key).update(`${t}.${body}`).digest("base64").replace(/=+$/, "")}`;

test("verifies what the official SDK verifies, and refuses what it refuses", () => {
  const now = Math.floor(Date.now() / 1000);
  const ours = new Webhook(secret);
  const official = new Official({ apiSecretKey: secret }).webhook;
  assert.equal(ours.constructEvent(body, header(now)).id, "e1");
  assert.equal(official.constructEvent(body, header(now)).id, "e1");
  assert.equal(ours.constructEvent(body, `${header(now, "old")},v2=${header(now).split("v2=")[1]}`).id, "e1", "any of several signatures");
  for (const bad of [header(now, "wrong"), header(now - 3600), "garbage", "", `t=${now}`]) {
    assert.throws(() => ours.constructEvent(body, bad), bad);
  }
  assert.throws(() => ours.constructEvent(body + " ", header(now)));
});
