import { test } from "node:test";
import assert from "node:assert/strict";
import { SignetDevice } from "./sdk.js";
import type { KeyStore } from "./key-stores/key-store.js";
import { CREDENTIAL_BODY, testDevice } from "./test-support/device.js";
import { fakeFetch } from "./test-support/fake-fetch.js";

/** Enrols a push key, then makes getCredential meet `answer`. */
async function getCredentialAgainst(answer: Parameters<typeof testDevice>[0]) {
  const { device } = testDevice({ body: CREDENTIAL_BODY }, answer);
  await device.push.addCredential({ token: "t" });
  return device.push.getCredential();
}

test("API errors: error = errorDescription ?? error, errorCode = errorCode ?? error", async () => {
  const cases = [
    [{ error: "a", errorCode: "b", errorDescription: "c" }, { error: "c", errorCode: "b" }],
    [{ error: "invalid_request", errorDescription: "Bad." }, { error: "Bad.", errorCode: "invalid_request" }],
    [{ error: "unauthorized" }, { error: "unauthorized", errorCode: "unauthorized" }],
    [{ error: "forbidden", errorCode: "origin_not_allowed", errorDescription: "" }, { error: "forbidden", errorCode: "origin_not_allowed" }],
    [{ errorCode: "only_code" }, { error: "only_code", errorCode: "only_code" }],
  ] as const;
  for (const [body, expected] of cases) {
    assert.deepEqual(await getCredentialAgainst({ status: 400, body }), expected, JSON.stringify(body));
  }
});

test("non-2xx answers without the protocol's error body become http_error", async () => {
  assert.deepEqual(await getCredentialAgainst({ status: 502, text: "<html>Bad Gateway</html>" }), {
    error: "Unexpected HTTP 502 answer",
    errorCode: "http_error",
  });
  assert.deepEqual(await getCredentialAgainst({ status: 500 }), { error: "Unexpected HTTP 500 answer", errorCode: "http_error" });
  assert.deepEqual(await getCredentialAgainst({ status: 500, body: ["error"] }), { error: "Unexpected HTTP 500 answer", errorCode: "http_error" });
});

test("2xx answers that are not JSON or lack a documented field become invalid_response", async () => {
  for (const answer of [{ text: "not json" }, {}, { body: { userId: "u" } }, { body: [CREDENTIAL_BODY] }]) {
    const result = await getCredentialAgainst(answer);
    assert.equal(result.errorCode, "invalid_response", JSON.stringify(answer));
    assert.match(result.error ?? "", /Unexpected response from GET \/client\/user-authenticators\/push/);
  }
});

test("network failures become network_error and never throw", async () => {
  const result = await getCredentialAgainst(new TypeError("fetch failed"));
  assert.deepEqual(result, { error: "fetch failed", errorCode: "network_error" });
  const { device } = testDevice(new Error("connect ECONNREFUSED 127.0.0.1:4000"));
  assert.deepEqual(await device.push.addCredential({ token: "t" }), { error: "connect ECONNREFUSED 127.0.0.1:4000", errorCode: "network_error" });
});

test("key store failures become sdk_error and never throw", async () => {
  const broken: KeyStore = {
    load: () => Promise.reject(new Error("keychain locked")),
    create: () => Promise.reject(new Error("keychain locked")),
    delete: () => Promise.reject(new Error("keychain locked")),
  };
  const { fetch, requests } = fakeFetch();
  const device = new SignetDevice({ tenantId: "t", baseUrl: "http://x/v1", keyStore: broken, fetch });
  assert.deepEqual(await device.push.addCredential({ token: "t" }), { error: "keychain locked", errorCode: "sdk_error" });
  assert.deepEqual(await device.inApp.verify(), { error: "keychain locked", errorCode: "sdk_error" });
  assert.equal(requests.length, 0);
});

test("a trailing slash on baseUrl is ignored; the tenant id is UTF-8, then base64", async () => {
  const { fetch, requests } = fakeFetch({ body: CREDENTIAL_BODY }, { body: CREDENTIAL_BODY });
  const device = new SignetDevice({ tenantId: "tenant-é", baseUrl: "http://signet.test/v1//", fetch });
  await device.push.addCredential({ token: "t" });
  await device.push.getCredential();
  assert.equal(requests[0]?.url, "http://signet.test/v1/client/user-authenticators/push");
  assert.equal(requests[1]?.headers.authorization, `Basic ${Buffer.from("tenant-é:", "utf8").toString("base64")}`);
});

test("without a fetch option the global fetch is used, looked up at call time", async (t) => {
  const { fetch, requests } = fakeFetch({ body: CREDENTIAL_BODY });
  const device = new SignetDevice({ tenantId: "t", baseUrl: "http://signet.test/v1" });
  t.mock.method(globalThis, "fetch", (input: string, init: RequestInit) => fetch(input, init));
  assert.equal((await device.push.addCredential({ token: "t" })).data?.credentialId, "ua_1");
  assert.equal(requests.length, 1);
});
