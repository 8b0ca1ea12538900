import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { runCli } from "./run-cli.js";
import { loadConfig } from "../config.js";
import { assembleCore } from "../assemble.js";
import { authenticateSecret } from "../domain/tenants/tenant-service.js";

// The `signet` CLI over the same data directory as the server, run in-process.
const run = async (args: string[], dataDir: string) => {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli([...args, "--data-dir", dataDir], {}, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) });
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
};

/** Opens the data directory afresh (the CLI has closed its store) and tries the secret. */
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

async function withDataDir(body: (dataDir: string) => Promise<void>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "signet-cli-"));
  try {
    await body(dataDir);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

test("tenants create prints a working secret once; list and show never print secrets", () =>
  withDataDir(async (dataDir) => {
    const created = await run(["tenants", "create", "--name", "acme", "--json"], dataDir);
    assert.equal(created.code, 0, created.stderr);
    const tenant = JSON.parse(created.stdout);
    assert.equal(tenant.name, "acme");
    assert.match(tenant.apiSecretKey, /^sk_/);
    assert.equal(tenant.apiUrl, "http://127.0.0.1:4000/v1");
    assert.equal(await secretWorks(dataDir, tenant.apiSecretKey), true);

    const text = await run(["tenants", "create", "--name", "beta"], dataDir);
    assert.match(text.stdout, /Tenant ID:\s+\S+\nName:\s+beta\nAPI URL:\s+http:\/\/127\.0\.0\.1:4000\/v1\nAPI secret key:\s+sk_/);

    const list = await run(["tenants", "list", "--json"], dataDir);
    assert.deepEqual(JSON.parse(list.stdout).map((t: { name: string }) => t.name), ["acme", "beta"]);
    const listText = await run(["tenants", "list"], dataDir);
    assert.match(listText.stdout, new RegExp(`^${tenant.tenantId}  acme  created \\d{4}-`));
    assert.equal(listText.stdout.split("\n").length, 2);

    const show = await run(["tenants", "show", "--tenant", tenant.tenantId], dataDir);
    assert.match(show.stdout, /challengeTtlSeconds:\s+300/);
    const showJson = JSON.parse((await run(["tenants", "show", "--tenant", tenant.tenantId, "--json"], dataDir)).stdout);
    assert.equal(showJson.tenantId, tenant.tenantId);
    for (const printed of [list.stdout, listText.stdout, show.stdout, JSON.stringify(showJson)]) assert.ok(!printed.includes("sk_"), "never a secret");
  }));

test("secrets rotate: the new secret works; older ones last the grace period, with --grace-seconds 0 not at all", () =>
  withDataDir(async (dataDir) => {
    const tenant = JSON.parse((await run(["tenants", "create", "--name", "acme", "--json"], dataDir)).stdout);
    const graced = await run(["secrets", "rotate", "--tenant", tenant.tenantId, "--grace-seconds", "3600", "--json"], dataDir);
    assert.equal(graced.code, 0, graced.stderr);
    const second = JSON.parse(graced.stdout);
    assert.ok(Math.abs(Date.parse(second.previousSecretsValidUntil) - Date.now() - 3_600_000) < 60_000);
    assert.equal(await secretWorks(dataDir, second.apiSecretKey), true);
    assert.equal(await secretWorks(dataDir, tenant.apiSecretKey), true, "still valid during the grace period");

    const immediate = await run(["secrets", "rotate", "--tenant", tenant.tenantId, "--grace-seconds", "0"], dataDir);
    assert.equal(immediate.code, 0, immediate.stderr);
    const third = /New API secret key:\s+(sk_\S+)/.exec(immediate.stdout)?.[1];
    assert.ok(third, immediate.stdout);
    assert.equal(await secretWorks(dataDir, third), true);
    assert.equal(await secretWorks(dataDir, tenant.apiSecretKey), false);
    assert.equal(await secretWorks(dataDir, second.apiSecretKey), false);
  }));

test("bad usage exits 2 with usage on stderr, before the data directory is touched", async () => {
  const dataDir = join(tmpdir(), `signet-cli-untouched-${process.pid}`);
  const cases = [
    [], ["bogus"], ["tenants"], ["tenants", "explode"], ["tenants", "create"], ["tenants", "create", "--name", "a", "extra"],
    ["tenants", "list", "--bogus"], ["tenants", "list", "--name", "x"], ["tenants", "show"], ["secrets", "rotate"],
    ["secrets", "rotate", "--tenant", "x", "--grace-seconds", "soon"], ["secrets", "rotate", "--tenant", "x", "--grace-seconds=-1"],
  ];
  for (const args of cases) {
    const r = await run(args, dataDir);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, /^signet: .+\n\nUsage: signet/, args.join(" "));
    assert.equal(r.stdout, "");
  }
  assert.equal(existsSync(dataDir), false);
});

test("--help prints the whole usage or one group's, on stdout", async () => {
  const dataDir = join(tmpdir(), `signet-cli-untouched-${process.pid}`);
  const all = await run(["--help"], dataDir);
  assert.equal(all.code, 0);
  assert.match(all.stdout, /tenants create[\s\S]*secrets rotate/);
  const group = await run(["secrets", "--help"], dataDir);
  assert.equal(group.code, 0);
  assert.match(group.stdout, /^Usage: signet secrets /);
  assert.ok(!group.stdout.includes("tenants create"));
  assert.equal((await run(["tenants", "-h"], dataDir)).code, 0);
});

test("an unknown tenant or a domain error exits 1 with one clear line", () =>
  withDataDir(async (dataDir) => {
    for (const args of [["tenants", "show", "--tenant", "no-such-tenant"], ["secrets", "rotate", "--tenant", "no-such-tenant"]]) {
      const r = await run(args, dataDir);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, "signet: No tenant no-such-tenant.");
    }
    const tenant = JSON.parse((await run(["tenants", "create", "--name", "acme", "--json"], dataDir)).stdout);
    const tooLong = await run(["secrets", "rotate", "--tenant", tenant.tenantId, "--grace-seconds", "99999999"], dataDir);
    assert.equal(tooLong.code, 1);
    assert.match(tooLong.stderr, /^signet: graceSeconds must be .*30 days/);
    assert.equal((await run(["tenants", "create", "--name", "   "], dataDir)).code, 1);
  }));

test("the built bin runs as a program", () =>
  withDataDir(async (dataDir) => {
    const bin = new URL("../cli.js", import.meta.url).pathname;
    assert.ok(readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node\n"));
    const exec = promisify(execFile);
    const env = { ...process.env, SIGNET_DATA_DIR: dataDir };
    assert.deepEqual(JSON.parse((await exec(process.execPath, [bin, "tenants", "list", "--json"], { env })).stdout), []);
    await exec(process.execPath, [bin, "tenants", "create", "--name", "acme"], { env });
    const [listed] = JSON.parse((await exec(process.execPath, [bin, "tenants", "list", "--json"], { env })).stdout);
    assert.equal(listed.name, "acme");
    await assert.rejects(exec(process.execPath, [bin, "tenants", "nope"], { env }), (e: { code: number; stderr: string }) => e.code === 2 && /Usage: signet/.test(e.stderr));
  }));
