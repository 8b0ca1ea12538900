import { test } from "node:test";
import assert from "node:assert/strict";
import { Authsignal } from "@authsignal/node";
import { signatureHeader } from "./webhook-signature.js";

test("the official SDK's webhook.constructEvent verifies Signet's signature", () => {
  const secret = "sk_0123456789abcdef_" + "x".repeat(43);
  const body = JSON.stringify({ version: 1, id: "e1", type: "push.created", data: { challengeId: "c1" } });
  const header = signatureHeader(secret, body, Math.floor(Date.now() / 1000));
  const event = new Authsignal({ apiSecretKey: secret }).webhook.constructEvent(body, header);
  assert.equal(event.id, "e1");
  assert.throws(() => new Authsignal({ apiSecretKey: secret + "y" }).webhook.constructEvent(body, header));
  assert.throws(() => new Authsignal({ apiSecretKey: secret }).webhook.constructEvent(body + " ", header));
});
