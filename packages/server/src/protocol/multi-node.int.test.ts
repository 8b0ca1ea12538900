import { test } from "node:test";
import assert from "node:assert/strict";
import { startTestServer } from "../testing/test-server.js";
import { call, deviceAuth, newTestKey, serverAuth } from "../testing/test-keys.js";

// Scale-out on PostgreSQL: two Signet nodes share one database; a browser waiting on one node learns
// at once of an approval that reached the other (LISTEN/NOTIFY), and each node accepts the other's
// tokens. Runs when SIGNET_TEST_DATABASE_URL points at a PostgreSQL database (CI sets it).
const url = process.env.SIGNET_TEST_DATABASE_URL;

test("a long-poll on node A wakes when the phone answers on node B", { skip: url ? false : "SIGNET_TEST_DATABASE_URL is not set" }, async () => {
  const a = await startTestServer();
  const b = await startTestServer({ dataDir: a.dataDir });
  try {
    const key = newTestKey();
    const enrol = (await call(`${a.apiUrl}/users/nina/actions/enroll`, { auth: serverAuth(a.apiSecretKey), body: { scope: "add:authenticators" } })).body;
    assert.equal((await call(`${b.apiUrl}/client/user-authenticators/push`, { auth: `Bearer ${enrol.token}`, body: { publicKey: key.publicKey } })).status, 200, "B accepts A's token");
    const { token } = (await call(`${b.apiUrl}/users/nina/actions/signIn`, { auth: serverAuth(a.apiSecretKey), body: {} })).body;
    const { challengeId } = (await call(`${a.apiUrl}/client/challenge/push`, { auth: `Bearer ${token}`, body: {} })).body;
    const started = Date.now();
    const waiting = call(`${a.apiUrl}/client/verify/push`, { auth: `Bearer ${token}`, body: { challengeId }, headers: { prefer: "wait=25" } });
    await new Promise((r) => setTimeout(r, 200));
    const answered = await call(`${b.apiUrl}/client/user-authenticators/push/challenge`, {
      auth: deviceAuth(a.tenantId),
      body: { challengeId, publicKey: key.publicKey, approved: true, signature: key.sign(challengeId) },
    });
    assert.deepEqual(answered.body, { isVerified: true });
    const result = await waiting;
    assert.equal(result.body.isVerified, true);
    assert.ok(Date.now() - started < 20_000, "woken by the other node, not by the end of the wait");
    const valid = await call(`${b.apiUrl}/validate`, { auth: serverAuth(a.apiSecretKey), body: { token: result.body.accessToken } });
    assert.equal(valid.body.isValid, true, "B validates A's validation token, once");
    assert.equal((await call(`${a.apiUrl}/validate`, { auth: serverAuth(a.apiSecretKey), body: { token: result.body.accessToken } })).body.isValid, false);
  } finally {
    await b.close();
    await a.close();
  }
});

test("of 100 answers spread over two nodes exactly one wins", { skip: url ? false : "SIGNET_TEST_DATABASE_URL is not set" }, async () => {
  const a = await startTestServer();
  const b = await startTestServer({ dataDir: a.dataDir });
  try {
    const key = newTestKey();
    const enrol = (await call(`${a.apiUrl}/users/omar/actions/enroll`, { auth: serverAuth(a.apiSecretKey), body: { scope: "add:authenticators" } })).body;
    await call(`${a.apiUrl}/client/user-authenticators/push`, { auth: `Bearer ${enrol.token}`, body: { publicKey: key.publicKey } });
    const { token } = (await call(`${a.apiUrl}/users/omar/actions/signIn`, { auth: serverAuth(a.apiSecretKey), body: {} })).body;
    const { challengeId } = (await call(`${a.apiUrl}/client/challenge/push`, { auth: `Bearer ${token}`, body: {} })).body;
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        call(`${(i % 2 ? a : b).apiUrl}/client/user-authenticators/push/challenge`, {
          auth: deviceAuth(a.tenantId),
          body: { challengeId, publicKey: key.publicKey, approved: true, signature: key.sign(challengeId) },
        }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 200).length, 1);
    assert.equal(results.filter((r) => r.status === 409).length, 99);
  } finally {
    await b.close();
    await a.close();
  }
});
