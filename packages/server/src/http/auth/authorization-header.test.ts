import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAuthorization } from "./authorization-header.js";

const b64 = (s: string) => Buffer.from(s).toString("base64");

test("reads the Basic forms every SDK sends", () => {
  assert.deepEqual(parseAuthorization(`Basic ${b64("sk_x:")}`), { scheme: "basic", user: "sk_x", password: "" });
  assert.deepEqual(parseAuthorization(`Basic ${b64("tenant-1")}`), { scheme: "basic", user: "tenant-1", password: "" });
  const iosStyle = Buffer.from("tenant-1:").toString("base64url");
  assert.deepEqual(parseAuthorization(`Basic ${iosStyle}`), { scheme: "basic", user: "tenant-1", password: "" });
});

test("reads Bearer tokens and refuses the rest", () => {
  assert.deepEqual(parseAuthorization("Bearer abc.def.ghi"), { scheme: "bearer", token: "abc.def.ghi" });
  for (const bad of [undefined, "", "Basic", "Basic !!!", "Digest abc", "Bearer"]) assert.equal(parseAuthorization(bad), undefined, String(bad));
});
