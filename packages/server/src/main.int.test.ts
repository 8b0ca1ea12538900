import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./testing/test-server.js";
import { call, deviceAuth, newTestKey, serverAuth } from "./testing/test-keys.js";

// `npm start` as a new user runs it: the real process, its output, its logs and its shutdown.
const MAIN = new URL("./main.js", import.meta.url).pathname;

interface Running {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exit: Promise<number | null>;
}

async function start(dataDir: string, port: number, env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, SIGNET_DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", SIGNET_LOG_LEVEL: "info", ...env },
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + 15_000;
  while (!output.includes("Signet is ready")) {
    if (child.exitCode !== null) throw new Error(`exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`not ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return { child, output: () => output, exit };
}

test("first start creates and prints the default tenant once; SIGTERM exits cleanly; no secret reaches the logs", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "signet-main-"));
  const port = await freePort();
  try {
    const first = await start(dataDir, port);
    const tenantId = /Tenant ID:\s+(\S+)/.exec(first.output())?.[1];
    const secret = /API secret key:\s+(\S+)/.exec(first.output())?.[1];
    assert.ok(tenantId && secret, first.output());
    assert.match(first.output(), new RegExp(`API URL:\\s+http://127\\.0\\.0\\.1:${port}/v1`));
    assert.deepEqual((await call(`http://127.0.0.1:${port}/health`)).body, { status: "ok" });

    // Exercise secrets, tokens and signatures through the API, then look for them in the log.
    const api = `http://127.0.0.1:${port}/v1`;
    const enrol = (await call(`${api}/users/u1/actions/enroll`, { auth: serverAuth(secret), body: { scope: "add:authenticators" } })).body;
    const key = newTestKey();
    await call(`${api}/client/user-authenticators/push`, { auth: `Bearer ${enrol.token}`, body: { publicKey: key.publicKey } });
    await call(`http://127.0.0.1:${port}/hosted/challenge?token=${enrol.token}`);
    const signature = key.sign("1.0");
    await call(`${api}/client/user-authenticators/push/remove`, { auth: deviceAuth(tenantId), body: { publicKey: key.publicKey, signature } });

    first.child.kill("SIGTERM");
    assert.equal(await first.exit, 0, first.output());
    const logs = first.output().replace(/API secret key:.*\n/, "");
    for (const needle of [secret, enrol.token, signature, Buffer.from(`${secret}:`).toString("base64")]) {
      assert.ok(!logs.includes(needle), `a secret reached the log: ${needle.slice(0, 16)}…`);
    }
    assert.match(logs, /"url":"\/hosted\/challenge\?token=\[redacted\]"/);

    const second = await start(dataDir, port);
    assert.doesNotMatch(second.output(), /API secret key/, "the secret is printed only on first start");
    assert.equal((await call(`${api}/users/u1`, { auth: serverAuth(secret) })).status, 200, "the tenant survived the restart");
    second.child.kill("SIGINT");
    assert.equal(await second.exit, 0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("a bad configuration stops start-up with a clear message", async () => {
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, PORT: "not-a-port" } });
  let output = "";
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  assert.equal(code, 1);
  assert.match(output, /Configuration error: PORT must be a port number/);
});
