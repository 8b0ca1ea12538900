import { test } from "node:test";
import assert from "node:assert/strict";
import { backoffMs, isTransient, mayRetry } from "./retry.js";
import { Signet } from "./client.js";

test("only safe calls are retried", () => {
  assert.equal(mayRetry({ method: "GET" }), true);
  assert.equal(mayRetry({ method: "DELETE" }), true);
  assert.equal(mayRetry({ method: "POST" }), false);
  assert.equal(mayRetry({ method: "POST", idempotent: true }), true);
  assert.equal(mayRetry({ method: "PATCH" }), false);
  assert.equal(isTransient(0), true);
  assert.equal(isTransient(503), true);
  assert.equal(isTransient(500), false);
  assert.equal(isTransient(409), false);
  assert.ok(backoffMs(2, 0.999) <= 400);
});

function flakyFetch(failures: number, answer: object = { isEnrolled: false }) {
  const calls: string[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push(`${init.method} ${url}`);
    if (calls.length <= failures) return new Response("bad gateway", { status: 502 });
    return new Response(JSON.stringify(answer), { status: 200, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  return { calls, fetchImpl };
}

test("a GET is retried after gateway errors; validate and an unkeyed track are not", async () => {
  const get = flakyFetch(2);
  const a = new Signet({ apiSecretKey: "sk", apiUrl: "http://x/v1", fetch: get.fetchImpl });
  assert.equal((await a.getUser({ userId: "u" })).isEnrolled, false);
  assert.equal(get.calls.length, 3);

  const validate = flakyFetch(1);
  const b = new Signet({ apiSecretKey: "sk", apiUrl: "http://x/v1", fetch: validate.fetchImpl });
  await assert.rejects(b.validateChallenge({ token: "t" }), (e: any) => e.statusCode === 502);
  assert.equal(validate.calls.length, 1);

  const track = flakyFetch(1);
  const c = new Signet({ apiSecretKey: "sk", apiUrl: "http://x/v1", fetch: track.fetchImpl });
  await assert.rejects(c.track({ userId: "u", action: "signIn" }));
  assert.equal(track.calls.length, 1);
  const keyed = flakyFetch(1, { idempotencyKey: "k" });
  const d = new Signet({ apiSecretKey: "sk", apiUrl: "http://x/v1", fetch: keyed.fetchImpl });
  await d.track({ userId: "u", action: "signIn", attributes: { idempotencyKey: "k" } });
  assert.equal(keyed.calls.length, 2);
});

test("path segments are URL-encoded and the secret goes in Basic auth", async () => {
  let seen: { url: string; auth: string | null } | undefined;
  const fetchImpl = (async (url: string, init: RequestInit) => {
    seen = { url, auth: new Headers(init.headers).get("authorization") };
    return new Response("{}", { status: 200 });
  }) as typeof fetch;
  await new Signet({ apiSecretKey: "sk_1", apiUrl: "http://x/v1/", fetch: fetchImpl }).getUser({ userId: "a/b c" });
  assert.equal(seen?.url, "http://x/v1/users/a%2Fb%20c");
  assert.equal(seen?.auth, `Basic ${Buffer.from("sk_1:").toString("base64")}`);
});
