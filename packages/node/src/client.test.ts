import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { readFileSync } from "node:fs";
import * as sdk from "./index.js";
import { Signet, SignetError } from "./index.js";

interface Seen {
  method: string;
  url: string;
  headers: Headers;
  body: unknown;
}

/** A fake fetch that records each request and answers with `status` and `answer`. */
function recorder(answer: unknown = {}, status = 200) {
  const seen: Seen[] = [];
  const impl = (async (url: string, init: RequestInit) => {
    seen.push({ method: String(init.method), url, headers: new Headers(init.headers), body: init.body === undefined ? undefined : JSON.parse(String(init.body)) });
    return new Response(typeof answer === "string" ? answer : JSON.stringify(answer), { status });
  }) as typeof fetch;
  return { seen, impl };
}
const signet = (impl: typeof fetch, apiUrl = "http://signet.invalid/v1") => new Signet({ apiSecretKey: "sk_1", apiUrl, fetch: impl });

test("each method: the official SDK's method, path and body, with path segments URL-encoded", async () => {
  const r = recorder({});
  const s = signet(r.impl, "http://signet.invalid/v1/");
  const user = "ada lovelace/1@example.com?#%";
  const u = encodeURIComponent(user);
  await s.track({ userId: user, action: "signIn", attributes: { ipAddress: "203.0.113.1", custom: { n: 1 } } });
  await s.track({ userId: user, action: "signIn" });
  await s.getAction({ userId: user, action: "signIn", idempotencyKey: "k/1" });
  await s.updateAction({ userId: user, action: "signIn", idempotencyKey: "k/1", attributes: { state: "REVIEW_FAILED" } });
  await s.queryUserActions({ userId: user });
  await s.queryUserActions({ userId: user, fromDate: "2026-01-01T00:00:00.000Z", actionCodes: ["signIn", "withdraw"], state: "ALLOW" });
  await s.validateChallenge({ token: "tok", action: "signIn", userId: user });
  await s.getUser({ userId: user });
  await s.updateUser({ userId: user, attributes: { email: null, displayName: "Ada" } });
  await s.deleteUser({ userId: user });
  await s.getAuthenticators({ userId: user });
  await s.deleteAuthenticator({ userId: user, userAuthenticatorId: "a 1" });
  const base = "http://signet.invalid/v1";
  assert.deepEqual(
    r.seen.map((x) => [x.method, x.url, x.body]),
    [
      ["POST", `${base}/users/${u}/actions/signIn`, { ipAddress: "203.0.113.1", custom: { n: 1 } }],
      ["POST", `${base}/users/${u}/actions/signIn`, {}],
      ["GET", `${base}/users/${u}/actions/signIn/k%2F1`, undefined],
      ["PATCH", `${base}/users/${u}/actions/signIn/k%2F1`, { state: "REVIEW_FAILED" }],
      ["GET", `${base}/users/${u}/actions`, undefined],
      ["GET", `${base}/users/${u}/actions?fromDate=2026-01-01T00%3A00%3A00.000Z&codes=signIn%2Cwithdraw&state=ALLOW`, undefined],
      ["POST", `${base}/validate`, { token: "tok", action: "signIn", userId: user }],
      ["GET", `${base}/users/${u}`, undefined],
      ["PATCH", `${base}/users/${u}`, { email: null, displayName: "Ada" }],
      ["DELETE", `${base}/users/${u}`, undefined],
      ["GET", `${base}/users/${u}/authenticators`, undefined],
      ["DELETE", `${base}/users/${u}/authenticators/a%201`, undefined],
    ],
  );
  for (const x of r.seen) {
    assert.equal(x.headers.get("authorization"), `Basic ${Buffer.from("sk_1:").toString("base64")}`);
    assert.equal(x.headers.get("user-agent"), "signet-node");
    assert.equal(x.headers.get("x-authsignal-version"), sdk.VERSION);
    assert.equal(x.headers.get("content-type"), x.body === undefined ? null : "application/json");
  }
});

test("the headers really go out on the wire (undici does not replace User-Agent)", async () => {
  let headers: IncomingHttpHeaders | undefined;
  const server = createServer((req, res) => {
    headers = req.headers;
    res.writeHead(200, { "content-type": "application/json" }).end('{"isEnrolled":false,"emailVerified":false,"phoneNumberVerified":false}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as { port: number };
    const user = await new Signet({ apiSecretKey: "sk_ü", apiUrl: `http://127.0.0.1:${port}/v1` }).getUser({ userId: "u" });
    assert.equal(user.isEnrolled, false);
    assert.equal(headers?.["user-agent"], "signet-node");
    assert.equal(headers?.["x-authsignal-version"], sdk.VERSION);
    assert.equal(headers?.authorization, `Basic ${Buffer.from("sk_ü:", "utf8").toString("base64")}`);
  } finally {
    server.close();
  }
});

test("validateChallenge renames actionCode to action, as the official SDK does", async () => {
  const r = recorder({ isValid: true, state: "CHALLENGE_SUCCEEDED", userId: "u", actionCode: "signIn", idempotencyKey: "k", verificationMethod: "PUSH" });
  const valid = await signet(r.impl).validateChallenge({ token: "t" });
  assert.deepEqual(valid, { isValid: true, state: "CHALLENGE_SUCCEEDED", userId: "u", action: "signIn", idempotencyKey: "k", verificationMethod: "PUSH" });
  assert.equal("actionCode" in valid, false);
  const invalid = await signet(recorder({ isValid: false, error: "The token is invalid." }).impl).validateChallenge({ token: "t" });
  assert.deepEqual(invalid, { isValid: false, error: "The token is invalid." });
});

test("errors: errorCode from errorCode ?? error, the official message format, odd bodies", async () => {
  const cases: Array<[unknown, number, string, string | undefined, string]> = [
    [{ error: "invalid_credentials", errorCode: "invalid_credentials", errorDescription: "Bad key." }, 401, "invalid_credentials", "Bad key.", "AuthsignalError: 401 - Bad key."],
    [{ error: "not_found" }, 404, "not_found", undefined, "AuthsignalError: 404 - not_found"],
    [{ errorCode: "conflict", error: "other", errorDescription: "" }, 409, "conflict", undefined, "AuthsignalError: 409 - conflict"],
    ["<html>bad gateway</html>", 502, "http_502", undefined, "AuthsignalError: 502 - http_502"],
    ["", 500, "http_500", undefined, "AuthsignalError: 500 - http_500"],
  ];
  for (const [body, status, errorCode, errorDescription, message] of cases) {
    await assert.rejects(signet(recorder(body, status).impl).getUser({ userId: "u" }), (e: unknown) => {
      assert.ok(e instanceof SignetError && e instanceof sdk.AuthsignalError);
      assert.deepEqual([e.statusCode, e.errorCode, e.errorDescription, e.message], [status, errorCode, errorDescription, message]);
      return true;
    });
  }
  await assert.rejects(signet(recorder("not json", 200).impl).getUser({ userId: "u" }), (e: unknown) => e instanceof SignetError && e.errorCode === "invalid_response");
  await signet(recorder("", 200).impl).deleteUser({ userId: "u" }); // an empty 2xx body is fine
});

test('empty, "." and ".." path segments are refused before any request (a URL parser would drop them)', async () => {
  const r = recorder({});
  const s = signet(r.impl);
  const refused = (e: unknown) => e instanceof SignetError && e.statusCode === 0 && e.errorCode === "invalid_request";
  await assert.rejects(s.deleteAuthenticator({ userId: "u", userAuthenticatorId: ".." }), refused);
  await assert.rejects(s.deleteUser({ userId: "." }), refused);
  await assert.rejects(s.getUser({ userId: "" }), refused);
  await assert.rejects(s.getAction({ userId: "u", action: "signIn", idempotencyKey: ".." }), refused);
  await assert.rejects(s.track({ userId: undefined as unknown as string, action: "signIn" }), refused);
  assert.equal(r.seen.length, 0);
  await s.getUser({ userId: "..." }); // not a dot segment
  assert.equal(r.seen[0]?.url, "http://signet.invalid/v1/users/...");
});

test("constructor: options are checked; the aliases are the same classes", () => {
  assert.throws(() => new Signet({ apiSecretKey: "", apiUrl: "http://x/v1" }), TypeError);
  assert.throws(() => new Signet({ apiSecretKey: "sk", apiUrl: "x/v1" }), TypeError);
  assert.throws(() => new Signet({ apiSecretKey: "sk", apiUrl: "http://x/v1", retries: -1 }), TypeError);
  assert.throws(() => new Signet({ apiSecretKey: "sk", apiUrl: "http://x/v1", retries: 1.5 }), TypeError);
  assert.throws(() => new Signet({ apiSecretKey: "sk", apiUrl: "http://x/v1", timeoutMs: 0 }), TypeError);
  assert.equal(new Signet({ apiSecretKey: "sk", apiUrl: "https://x/v1//" }).apiUrl, "https://x/v1");
  assert.equal(sdk.Authsignal, sdk.Signet);
  assert.equal(sdk.AuthsignalError, sdk.SignetError);
  assert.equal(sdk.UserActionState.REVIEW_SUCCEEDED, "REVIEW_SUCCEEDED");
  assert.equal(sdk.VerificationMethod.QR_CODE, "QR_CODE");
  assert.equal(typeof new sdk.Authsignal({ apiSecretKey: "sk", apiUrl: "http://x/v1" }).webhook.constructEvent, "function");
});

test("VERSION is package.json's version", () => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string; dependencies?: object };
  assert.equal(sdk.VERSION, pkg.version);
  assert.equal(pkg.dependencies, undefined, "no runtime dependencies");
});
