import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { createPushProvider, loadPushProvider, parseApnsConfig, parseFcmConfig, parseWebPushConfig } from "./provider-config.js";
import { generateVapidKeys } from "./web-push-provider.js";
import { newApnsKey } from "../../testing/fakes/fake-apns.js";
import { fcmTestServiceAccount } from "../../testing/fakes/fake-fcm.js";

const rsaPem = () => generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const ecPem = (namedCurve: string) => generateKeyPairSync("ec", { namedCurve }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();

const apns = () => ({ teamId: "ABCDE12345", keyId: "KEY1234567", privateKeyPem: newApnsKey().privateKeyPem, topic: "com.example.app", production: true });

test("parseApnsConfig: keeps the known fields, restores escaped newlines, defaults to the sandbox", async () => {
  const input = apns();
  const escaped = input.privateKeyPem.replace(/\n/g, "\\n");
  const config = await parseApnsConfig({ ...input, privateKeyPem: escaped, production: undefined, extra: "dropped", timeoutMs: 2000 });
  assert.deepEqual(config, { ...input, production: false, timeoutMs: 2000 });
  assert.deepEqual(await parseApnsConfig({ ...input, baseUrl: "https://api.push.apple.com/" }), { ...input, baseUrl: "https://api.push.apple.com" });
});

test("parseApnsConfig: names the bad field", async () => {
  const p8 = /privateKeyPem must be a PEM PKCS#8 EC P-256 key \(the \.p8 file\)/;
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ teamId: "abc" }, /teamId must be the 10-character Apple Developer Team ID/],
    [{ keyId: undefined }, /keyId must be/],
    [{ privateKeyPem: rsaPem() }, p8],
    [{ privateKeyPem: ecPem("P-384") }, p8],
    [{ privateKeyPem: ecPem("P-256").replace("PRIVATE KEY", "EC PRIVATE KEY") }, p8],
    [{ privateKeyPem: 42 }, p8],
    [{ topic: "not a bundle id" }, /topic must be the app's bundle id/],
    [{ production: "yes" }, /production must be true or false/],
    [{ baseUrl: "ftp://x" }, /baseUrl must be an http\(s\) URL/],
    [{ timeoutMs: 0 }, /timeoutMs must be/],
  ];
  for (const [change, message] of cases) await assert.rejects(parseApnsConfig({ ...apns(), ...change }), message, JSON.stringify(change).slice(0, 60));
  await assert.rejects(parseApnsConfig(null), /the APNs configuration must be an object/);
});

test("parseFcmConfig: accepts the key file as an object or as its JSON text, keeps only what is used", async () => {
  const { account } = fcmTestServiceAccount("https://oauth2.googleapis.com/token");
  const expected = {
    serviceAccount: {
      project_id: account.project_id,
      client_email: account.client_email,
      private_key: account.private_key,
      private_key_id: account.private_key_id,
      token_uri: "https://oauth2.googleapis.com/token",
    },
  };
  assert.deepEqual(await parseFcmConfig({ serviceAccount: account }), expected);
  assert.deepEqual(await parseFcmConfig({ serviceAccount: JSON.stringify(account), baseUrl: "http://127.0.0.1:9" }), { ...expected, baseUrl: "http://127.0.0.1:9" });
});

test("parseFcmConfig: names the bad field", async () => {
  const { account } = fcmTestServiceAccount("https://oauth2.googleapis.com/token");
  const cases: Array<[unknown, RegExp]> = [
    [{}, /serviceAccount must be the service account key file/],
    [{ serviceAccount: "{not json" }, /serviceAccount must be the service account key file/],
    [{ serviceAccount: { ...account, type: "authorized_user" } }, /serviceAccount\.type must be "service_account"/],
    [{ serviceAccount: { ...account, project_id: "Bad Project" } }, /serviceAccount\.project_id must be the Firebase project id/],
    [{ serviceAccount: { ...account, client_email: "nobody" } }, /serviceAccount\.client_email must be/],
    [{ serviceAccount: { ...account, private_key: ecPem("P-256") } }, /serviceAccount\.private_key must be the service account's PEM PKCS#8 RSA key/],
    [{ serviceAccount: { ...account, token_uri: "not a url" } }, /serviceAccount\.token_uri must be an http\(s\) URL/],
  ];
  for (const [input, message] of cases) await assert.rejects(parseFcmConfig(input), message);
});

test("parseWebPushConfig: checks the key pair and the subject", async () => {
  const keys = generateVapidKeys();
  const good = { ...keys, subject: "mailto:ops@example.com" };
  assert.deepEqual(await parseWebPushConfig({ ...good, other: 1 }), good);
  assert.deepEqual(await parseWebPushConfig({ ...good, allowPrivateEndpoints: true }), { ...good, allowPrivateEndpoints: true });
  await assert.rejects(parseWebPushConfig({ ...good, subject: "ops@example.com" }), /subject must be a mailto: or https: URL/);
  await assert.rejects(parseWebPushConfig({ ...good, vapidPrivateKey: generateVapidKeys().vapidPrivateKey }), /vapidPublicKey is not the public half of vapidPrivateKey/);
  await assert.rejects(parseWebPushConfig({ ...good, vapidPrivateKey: "short" }), /vapidPrivateKey must be a base64url P-256 private key/);
  await assert.rejects(parseWebPushConfig({ subject: good.subject }), /vapidPublicKey must be/);
});

test("createPushProvider and loadPushProvider build each kind", async () => {
  const { account } = fcmTestServiceAccount("https://oauth2.googleapis.com/token");
  const configs = {
    apns: await parseApnsConfig(apns()),
    fcm: await parseFcmConfig({ serviceAccount: account }),
    webpush: await parseWebPushConfig({ ...generateVapidKeys(), subject: "https://example.com" }),
  };
  for (const kind of ["apns", "fcm", "webpush"] as const) {
    const provider = createPushProvider(kind, JSON.parse(JSON.stringify(configs[kind])) as unknown);
    assert.equal(provider.kind, kind);
    await provider.close();
    const loaded = await loadPushProvider(kind, configs[kind]);
    assert.equal(loaded.kind, kind);
    await loaded.close();
  }
  assert.throws(() => createPushProvider("sms" as never, {}), /unknown push provider kind/);
  await assert.rejects(loadPushProvider("apns", { teamId: "x" }), /teamId/);
});
