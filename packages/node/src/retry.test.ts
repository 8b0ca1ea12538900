import { test } from "node:test";
import assert from "node:assert/strict";
import { alreadyDone, backoffMs, isTransient, mayRetry, withRetries } from "./retry.js";
import { Signet } from "./client.js";
import { SignetError } from "./errors.js";

type Failure = number | "network" | "hang";

/** A fake fetch that fails with `failures` (in order), then answers 200 with `answer`. */
function fakeFetch(failures: Failure[], answer: unknown = {}) {
  const calls: string[] = [];
  const impl = (async (url: string, init: RequestInit) => {
    calls.push(`${init.method} ${new URL(url).pathname}`);
    const failure = failures[calls.length - 1];
    if (failure === "network") throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:9") });
    if (failure === "hang") {
      // Like a socket that never answers: it keeps the process alive until the request is aborted
      // (AbortSignal.timeout's own timer does not).
      return new Promise<Response>((_, reject) => {
        const socket = setInterval(() => undefined, 1_000);
        init.signal?.addEventListener("abort", () => {
          clearInterval(socket);
          reject(init.signal?.reason);
        });
      });
    }
    if (typeof failure === "number") {
      return new Response(JSON.stringify({ error: "unavailable", errorCode: "unavailable", errorDescription: `status ${failure}` }), { status: failure });
    }
    return new Response(JSON.stringify(answer), { status: 200, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  return { calls, impl };
}

const client = (impl: typeof fetch, retries = 2, timeoutMs = 10_000) => new Signet({ apiSecretKey: "sk_test", apiUrl: "http://signet.invalid/v1", fetch: impl, retries, timeoutMs });
const is = (statusCode: number, errorCode?: string) => (e: unknown) =>
  e instanceof SignetError && e.statusCode === statusCode && (errorCode === undefined || e.errorCode === errorCode);

test("policy: GET and DELETE may be retried, a keyed POST may, PATCH and plain POST may not", () => {
  assert.equal(mayRetry({ method: "GET" }), true);
  assert.equal(mayRetry({ method: "DELETE" }), true);
  assert.equal(mayRetry({ method: "POST" }), false);
  assert.equal(mayRetry({ method: "POST", idempotent: true }), true);
  assert.equal(mayRetry({ method: "PATCH" }), false);
});

test("policy: only no answer and 502/503/504 are transient", () => {
  assert.equal(isTransient(new SignetError(0, "network_error")), true);
  assert.equal(isTransient(new SignetError(0, "timeout")), true);
  for (const s of [502, 503, 504]) assert.equal(isTransient(new SignetError(s, "x")), true, String(s));
  for (const s of [400, 401, 404, 409, 429, 500, 501]) assert.equal(isTransient(new SignetError(s, "x")), false, String(s));
  assert.equal(isTransient(new Error("not ours")), false);
});

test("policy: a repeated DELETE that finds nothing is done; a first one is not", () => {
  const notFound = new SignetError(404, "credential_not_found");
  assert.equal(alreadyDone({ method: "DELETE" }, notFound, 1), true);
  assert.equal(alreadyDone({ method: "DELETE" }, notFound, 0), false);
  assert.equal(alreadyDone({ method: "GET" }, notFound, 1), false);
  assert.equal(alreadyDone({ method: "DELETE" }, new SignetError(401, "invalid_credentials"), 1), false);
});

test("back-off: exponential from 100 ms with jitter in the upper half, capped", () => {
  assert.deepEqual([0, 1, 2, 3].map((n) => backoffMs(n, 0)), [50, 100, 200, 400]);
  assert.deepEqual([0, 1, 2, 3].map((n) => backoffMs(n, 0.999999)), [100, 200, 400, 800]);
  assert.equal(backoffMs(20, 0.999999), 5000);
  for (let i = 0; i < 100; i++) {
    const d = backoffMs(1);
    assert.ok(d >= 100 && d <= 200, String(d));
  }
});

test("withRetries: gives up after `retries`, sleeping between attempts; never retries what is not retryable", async () => {
  const slept: number[] = [];
  let attempts = 0;
  const failing = () => {
    attempts++;
    return Promise.reject(new SignetError(503, "unavailable"));
  };
  await assert.rejects(withRetries(failing, { retries: 3, retryable: true, sleep: async (ms) => void slept.push(ms) }), is(503));
  assert.equal(attempts, 4);
  assert.equal(slept.length, 3);
  assert.ok(slept[0]! >= 50 && slept[0]! <= 100 && slept[2]! >= 200 && slept[2]! <= 400, String(slept));

  attempts = 0;
  await assert.rejects(withRetries(failing, { retries: 3, retryable: false, sleep: async () => undefined }));
  assert.equal(attempts, 1);
  attempts = 0;
  await assert.rejects(withRetries(failing, { retries: Number.NaN, retryable: true, sleep: async () => undefined }));
  assert.equal(attempts, 1, "a nonsensical retry count means no retries, not endless ones");
});

test("GET is retried on 502, 503, 504 and network errors until it succeeds", async () => {
  const f = fakeFetch([502, 503], { isEnrolled: true });
  assert.equal((await client(f.impl).getUser({ userId: "u" })).isEnrolled, true);
  assert.equal(f.calls.length, 3);

  const g = fakeFetch(["network", 504], []);
  assert.deepEqual(await client(g.impl).getAuthenticators({ userId: "u" }), []);
  assert.equal(g.calls.length, 3);
  const q = fakeFetch(["network"], []);
  await client(q.impl).queryUserActions({ userId: "u" });
  const a = fakeFetch([503], { state: "ALLOW" });
  await client(a.impl).getAction({ userId: "u", action: "signIn", idempotencyKey: "k" });
  assert.equal(q.calls.length + a.calls.length, 4);
});

test("after `retries` retries the last error is thrown; retries: 0 disables retrying", async () => {
  const f = fakeFetch([503, 503, 503]);
  await assert.rejects(client(f.impl).getUser({ userId: "u" }), is(503, "unavailable"));
  assert.equal(f.calls.length, 3, "1 attempt + 2 retries");

  const z = fakeFetch([503]);
  await assert.rejects(client(z.impl, 0).getUser({ userId: "u" }), is(503));
  assert.equal(z.calls.length, 1);

  const n = fakeFetch(["network", "network", "network"]);
  await assert.rejects(client(n.impl, 1).getUser({ userId: "u" }), (e: unknown) => is(0, "network_error")(e) && /ECONNREFUSED/.test((e as Error).message));
  assert.equal(n.calls.length, 2);
});

test("errors that are not transient are not retried, even for a GET", async () => {
  for (const status of [400, 401, 404, 429, 500]) {
    const f = fakeFetch([status]);
    await assert.rejects(client(f.impl).getUser({ userId: "u" }), is(status));
    assert.equal(f.calls.length, 1, String(status));
  }
});

test("DELETEs are retried; a repeated DELETE answering 404 means an earlier attempt did the work", async () => {
  const d = fakeFetch(["network"], { success: true });
  await client(d.impl).deleteUser({ userId: "u" });
  assert.deepEqual(d.calls, ["DELETE /v1/users/u", "DELETE /v1/users/u"]);

  const gone = fakeFetch([504, 404]);
  await client(gone.impl).deleteAuthenticator({ userId: "u", userAuthenticatorId: "a1" });
  assert.equal(gone.calls.length, 2);

  const never = fakeFetch([404]);
  await assert.rejects(client(never.impl).deleteAuthenticator({ userId: "u", userAuthenticatorId: "a1" }), is(404));
  assert.equal(never.calls.length, 1);
});

test("POST /validate is never retried, on a gateway error nor on a network error", async () => {
  for (const failure of [502, 503, 504, "network"] as const) {
    const f = fakeFetch([failure], { isValid: true });
    await assert.rejects(client(f.impl).validateChallenge({ token: "t" }));
    assert.deepEqual(f.calls, ["POST /v1/validate"], String(failure));
  }
});

test("PATCHes (updateAction, updateUser) are never retried", async () => {
  const a = fakeFetch([503]);
  await assert.rejects(client(a.impl).updateAction({ userId: "u", action: "signIn", idempotencyKey: "k", attributes: { state: "REVIEW_SUCCEEDED" } }), is(503));
  const u = fakeFetch(["network"]);
  await assert.rejects(client(u.impl).updateUser({ userId: "u", attributes: { displayName: "U" } }), is(0, "network_error"));
  assert.equal(a.calls.length + u.calls.length, 2);
});

test("track is retried only when the caller gave an idempotencyKey", async () => {
  const plain = fakeFetch([503]);
  await assert.rejects(client(plain.impl).track({ userId: "u", action: "signIn" }), is(503));
  assert.equal(plain.calls.length, 1);
  const plainNetwork = fakeFetch(["network"]);
  await assert.rejects(client(plainNetwork.impl).track({ userId: "u", action: "signIn", attributes: { ipAddress: "1.2.3.4" } }), is(0, "network_error"));
  assert.equal(plainNetwork.calls.length, 1);

  const keyed = fakeFetch(["network", 502], { idempotencyKey: "k1", state: "CHALLENGE_REQUIRED" });
  const result = await client(keyed.impl).track({ userId: "u", action: "signIn", attributes: { idempotencyKey: "k1" } });
  assert.equal(result.idempotencyKey, "k1");
  assert.equal(keyed.calls.length, 3);
});

test("a timeout is a SignetError `timeout`, and counts as transient for a GET", async () => {
  const once = fakeFetch(["hang"]);
  const started = Date.now();
  await assert.rejects(client(once.impl, 0, 50).getUser({ userId: "u" }), is(0, "timeout"));
  assert.ok(Date.now() - started < 2_000);
  assert.equal(once.calls.length, 1);

  const then = fakeFetch(["hang"], { isEnrolled: false });
  assert.equal((await client(then.impl, 1, 50).getUser({ userId: "u" })).isEnrolled, false);
  assert.equal(then.calls.length, 2);

  const validate = fakeFetch(["hang"]);
  await assert.rejects(client(validate.impl, 2, 50).validateChallenge({ token: "t" }), is(0, "timeout"));
  assert.equal(validate.calls.length, 1);
});
