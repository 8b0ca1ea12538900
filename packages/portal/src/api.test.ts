import { test } from "node:test";
import assert from "node:assert/strict";
import { Api, ApiError, errorFrom, withQuery } from "./api.js";

test("withQuery leaves out empty values", () => {
  assert.equal(withQuery("/x", { a: "1", b: "", c: undefined, d: null, e: 0 }), "/x?a=1&e=0");
  assert.equal(withQuery("/x", {}), "/x");
  assert.equal(withQuery("/x", { q: "a b&c" }), "/x?q=a+b%26c");
});

test("errorFrom reads the API's error shape", () => {
  const e = errorFrom(400, { error: "invalid_request", errorCode: "invalid_request", errorDescription: "name is required" });
  assert.equal(e.message, "name is required");
  assert.equal(e.code, "invalid_request");
  assert.equal(errorFrom(502, "<html>", "Bad Gateway").message, "The server answered 502 Bad Gateway.");
});

test("requests carry the CSRF token after sign-in; a 401 ends the session", async () => {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const replies: Array<[number, unknown]> = [
    [200, { csrfToken: "csrf-1", expiresAt: "later" }],
    [200, [{ tenantId: "t" }]],
    [401, { error: "invalid_credentials", errorDescription: "The portal session is missing" }],
  ];
  const fakeFetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const [status, body] = replies.shift()!;
    return new Response(JSON.stringify(body), { status });
  }) as unknown as typeof fetch;
  const api = new Api("/admin", fakeFetch);
  let ended = 0;
  api.onUnauthorized = () => ended++;
  await api.signIn("token");
  assert.equal(calls[0]!.url, "/admin/session");
  assert.equal(calls[0]!.init.body, JSON.stringify({ adminToken: "token" }));
  assert.deepEqual(await api.get("/tenants"), [{ tenantId: "t" }]);
  assert.equal((calls[1]!.init.headers as Record<string, string>)["x-csrf-token"], "csrf-1");
  assert.equal(calls[1]!.init.credentials, "same-origin");
  assert.equal((calls[1]!.init.headers as Record<string, string>)["content-type"], undefined, "no body, no content type");
  await assert.rejects(api.delete("/tenants/t/webhooks/e"), (e: unknown) => e instanceof ApiError && e.status === 401 && e.message === "The portal session is missing");
  assert.equal(calls[2]!.init.method, "DELETE");
  assert.equal(ended, 1);
  assert.equal(api.signedIn, false);
});
