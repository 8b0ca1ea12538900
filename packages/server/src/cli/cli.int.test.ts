import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { runCli } from "./run-cli.js";
import { loadConfig } from "../config.js";
import { assembleCore } from "../assemble.js";
import { authenticateSecret } from "../domain/tenants/tenant-service.js";

// The `signet` CLI over the same data directory as the server.
const run = async (args: string[], dataDir: string) => {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli([...args, "--data-dir", dataDir], { SIGNET_MASTER_KEY: undefined }, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) });
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
};

async function secretWorks(dataDir: string, secret: string): Promise<boolean> {
  const { core, close } = await assembleCore(loadConfig({ SIGNET_DATA_DIR: dataDir, SIGNET_LOG_LEVEL: "silent" }));
  try {
    await authenticateSecret(core, secret);
    return true;
  } catch {
    return false;
  } finally {
    await close();
  }
}

test("tenants create, list, show and secrets rotate", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "signet-cli-"));
  try {
    const created = await run(["tenants", "create", "--name", "acme", "--json"], dataDir);
    assert.equal(created.code, 0, created.stderr);
    const tenant = JSON.parse(created.stdout);
    assert.equal(tenant.name, "acme");
    assert.match(tenant.apiSecretKey, /^sk_/);
    assert.match(tenant.apiUrl, /\/v1$/);
    assert.equal(await secretWorks(dataDir, tenant.apiSecretKey), true);

    const text = await run(["tenants", "create", "--name", "beta"], dataDir);
    assert.match(text.stdout, /API secret key:\s+sk_/);

    const list = await run(["tenants", "list", "--json"], dataDir);
    assert.deepEqual(JSON.parse(list.stdout).map((t: { name: string }) => t.name), ["acme", "beta"]);
    assert.ok(!list.stdout.includes("sk_"), "list never shows secrets");
    const show = await run(["tenants", "show", "--tenant", tenant.tenantId], dataDir);
    assert.match(show.stdout, /challengeTtlSeconds:\s+300/);
    assert.ok(!show.stdout.includes("sk_"));

    const graced = await run(["secrets", "rotate", "--tenant", tenant.tenantId, "--grace-seconds", "3600", "--json"], dataDir);
    const second = JSON.parse(graced.stdout).apiSecretKey;
    assert.equal(await secretWorks(dataDir, tenant.apiSecretKey), true, "still valid during the grace period");
    const immediate = await run(["secrets", "rotate", "--tenant", tenant.tenantId, "--json"], dataDir);
    assert.equal(immediate.code, 0);
    assert.equal(await secretWorks(dataDir, tenant.apiSecretKey), false);
    assert.equal(await secretWorks(dataDir, second), false);
    assert.equal(await secretWorks(dataDir, JSON.parse(immediate.stdout).apiSecretKey), true);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("bad usage exits 2 with usage; an unknown tenant exits 1 with a clear message", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "signet-cli-"));
  try {
    for (const args of [[], ["tenants"], ["tenants", "explode"], ["tenants", "create"], ["tenants", "list", "--bogus"], ["secrets", "rotate", "--tenant", "x", "--grace-seconds", "soon"]]) {
      const r = await run(args, dataDir);
      assert.equal(r.code, 2, args.join(" "));
      assert.match(r.stderr, /Usage: signet/);
    }
    const unknown = await run(["secrets", "rotate", "--tenant", "no-such-tenant"], dataDir);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No tenant no-such-tenant/);
    assert.equal((await run(["--help"], dataDir)).code, 0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("the built bin runs as a program", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "signet-cli-"));
  try {
    const bin = new URL("../cli.js", import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [bin, "tenants", "list", "--json"], { env: { ...process.env, SIGNET_DATA_DIR: dataDir } });
    assert.deepEqual(JSON.parse(stdout), []);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
