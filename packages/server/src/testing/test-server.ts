import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { createHash } from "node:crypto";
import { withSchemaLock } from "../storage/postgres/open-postgres-store.js";
import { loadConfig, type Config } from "../config.js";
import { assembleCore } from "../assemble.js";
import { buildApp } from "../http/build-app.js";
import { createTenant } from "../domain/tenants/tenant-service.js";
import type { Core } from "../domain/core.js";
import type { Clock } from "../domain/clock.js";
import type { App } from "../http/route-context.js";

export interface TestServer {
  origin: string;
  dataDir: string;
  apiUrl: string;
  tenantId: string;
  apiSecretKey: string;
  adminToken: string;
  core: Core;
  app: App;
  config: Config;
  close(): Promise<void>;
}

export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789";

/** Removes a test's PostgreSQL schema. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  await withSchemaLock(url, async (client) => client.query(`drop schema if exists ${schema} cascade`));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Starts the real service on a free loopback port with a fresh data directory and one tenant. */
export interface TestServerOptions {
  env?: Record<string, string>;
  clock?: Clock;
  /** Reuse a data directory (a restart); it is then not deleted on close, and no tenant is created. */
  dataDir?: string;
  port?: number;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "signet-test-"));
  const port = options.port ?? (await freePort());
  // With SIGNET_TEST_DATABASE_URL set, every test server gets its own PostgreSQL schema, named
  // after its data directory (so a restart on the same directory finds its data again).
  const postgresUrl = process.env.SIGNET_TEST_DATABASE_URL;
  const schema = postgresUrl ? `signet_test_${createHash("sha256").update(dataDir).digest("hex").slice(0, 16)}` : undefined;
  const config = loadConfig({
    ...(postgresUrl && schema ? { SIGNET_DATABASE_URL: postgresUrl, SIGNET_DATABASE_SCHEMA: schema } : {}),
    SIGNET_DATA_DIR: dataDir,
    HOST: "127.0.0.1",
    PORT: String(port),
    SIGNET_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    SIGNET_LOG_LEVEL: process.env.SIGNET_TEST_LOG_LEVEL ?? "silent",
    ...options.env,
  });
  const assembled = await assembleCore(config, options.clock);
  const { core } = assembled;
  const app = await buildApp(core, assembled.events, config, assembled.logger);
  await app.listen({ host: config.host, port: config.port });
  const created = options.dataDir ? undefined : await createTenant(core, { name: "test" });
  return {
    origin: config.publicUrl,
    apiUrl: `${config.publicUrl}/v1`,
    dataDir,
    tenantId: created?.tenant.id ?? "",
    apiSecretKey: created?.apiSecretKey ?? "",
    adminToken: TEST_ADMIN_TOKEN,
    core,
    app,
    config,
    async close() {
      await app.close();
      await assembled.close();
      if (!options.dataDir) {
        rmSync(dataDir, { recursive: true, force: true });
        if (postgresUrl && schema) await dropSchema(postgresUrl, schema);
      }
    },
  };
}
