import { resolve } from "node:path";
import { assembleCore, buildApp, loadConfig, rotateSecret } from "@signet/server";
import { AppServer, appOrigins } from "./app-server.js";
import { adminTokenFor, ensureDataDir, writeTenantFile } from "./data-files.js";
import { ensurePortFree, originOf, phoneHost, reachableHosts } from "./network.js";
import { DEMO_BRAND_COLOR, DEMO_TENANT_NAME, ensureDemoTenant, ensureWebPush } from "./tenant-setup.js";

export interface StartDemoOptions {
  /** Signet's port (default 4000); the web app listens on `appPort`. */
  port?: number;
  /** The web app's port; default `port + 1`. */
  appPort?: number;
  /** Address to listen on (default 127.0.0.1; 0.0.0.0 to let a phone on the network in). */
  host?: string;
  /** Signet's data and the demo's files (default ./data/demo). */
  dataDir?: string;
  /** Other settings, as Signet reads them (SIGNET_ADMIN_TOKEN, SIGNET_LOG_LEVEL, SIGNET_PUBLIC_URL, DEMO_PUBLIC_URL, …); default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface Demo {
  /** Signet's origin, e.g. http://127.0.0.1:4000. */
  signetUrl: string;
  /** The demo web app, e.g. http://127.0.0.1:4001. */
  appUrl: string;
  /** The phone app, e.g. http://127.0.0.1:4001/phone/. */
  phoneUrl: string;
  /** A link for a phone on the network (a LAN address when listening on all interfaces). */
  phoneLanUrl: string;
  adminToken: string;
  /** Where the admin token was saved, when it was not given. */
  adminTokenFile: string | undefined;
  adminTokenGenerated: boolean;
  tenantId: string;
  tenantCreated: boolean;
  tenantFile: string;
  dataDir: string;
  webPush: boolean;
  hostedPage: boolean;
  close(): Promise<void>;
}

/**
 * Starts the whole demo in this process: Signet (with the "Demo Bank" tenant) and the demo web app
 * with its backend and the phone app.
 */
export async function startDemo(options: StartDemoOptions = {}): Promise<Demo> {
  const env = options.env ?? process.env;
  const host = options.host ?? (env.HOST || "127.0.0.1");
  const port = options.port ?? (env.PORT ? Number(env.PORT) : 4000);
  const appPort = options.appPort ?? port + 1;
  const dataDir = resolve(options.dataDir ?? (env.SIGNET_DATA_DIR || "./data/demo"));
  const appPublicUrl = env.DEMO_PUBLIC_URL ? new URL(env.DEMO_PUBLIC_URL).origin : undefined;
  // The web app's port is checked first: a second demo on the same data must not re-point the tenant and then fail.
  await ensurePortFree(host, appPort);
  ensureDataDir(dataDir);
  const admin = adminTokenFor(dataDir, env.SIGNET_ADMIN_TOKEN);

  const config = loadConfig({
    ...env,
    HOST: host,
    PORT: String(port),
    SIGNET_DATA_DIR: dataDir,
    SIGNET_ADMIN_TOKEN: admin.token,
    SIGNET_WEBHOOK_ALLOW_PRIVATE: "true",
    SIGNET_LOG_LEVEL: env.SIGNET_LOG_LEVEL || "warn",
  });
  const assembled = await assembleCore(config);
  const { core } = assembled;
  const app = await buildApp(core, assembled.events, config, assembled.logger);
  let appServer: AppServer | undefined;
  try {
    await app.listen({ host: config.host, port: config.port });
    // Browsers reach Signet from the web app (cross-origin, so it must be allowed) and from its own
    // hosted page and portal.
    const signetOrigins = [config.publicUrl, ...reachableHosts(host).map((h) => originOf(h, port))];
    const allowedOrigins = [...new Set([...appOrigins(host, appPort, appPublicUrl), ...signetOrigins])];
    const enrolmentLinkTemplate = `${appPublicUrl ?? originOf(phoneHost(host), appPort)}/phone/#enrol={token}`;
    const tenant = await ensureDemoTenant(core, dataDir, { allowedOrigins, enrolmentLinkTemplate });

    const local = originOf(reachableHosts(host)[0]!, port);
    await ensureWorkingSecret(local, tenant, async () => {
      const rotated = await rotateSecret(core, tenant.tenantId);
      tenant.apiSecretKey = rotated.apiSecretKey;
      writeTenantFile(dataDir, { tenantId: tenant.tenantId, apiSecretKey: tenant.apiSecretKey });
    });
    const vapidPublicKey = await ensureWebPush(local, admin.token, tenant.tenantId);
    const hostedPage = await fetch(`${local}/hosted/challenge`).then(
      (r) => r.status !== 503 && r.status !== 404,
      () => false,
    );

    appServer = new AppServer({
      host,
      port: appPort,
      signetPort: port,
      signetPublicUrl: env.SIGNET_PUBLIC_URL ? config.publicUrl : undefined,
      appPublicUrl,
      apiUrl: `${local}/v1`,
      apiSecretKey: tenant.apiSecretKey,
      tenantId: tenant.tenantId,
      tenantName: DEMO_TENANT_NAME,
      brandColor: DEMO_BRAND_COLOR,
      vapidPublicKey,
      hostedPage,
    });
    await appServer.listen();
    const appUrl = appPublicUrl ?? originOf(reachableHosts(host)[0]!, appPort);
    const server = appServer;
    return {
      signetUrl: config.publicUrl,
      appUrl,
      phoneUrl: `${appUrl}/phone/`,
      phoneLanUrl: `${appPublicUrl ?? originOf(phoneHost(host), appPort)}/phone/`,
      adminToken: admin.token,
      adminTokenFile: admin.file,
      adminTokenGenerated: admin.generated,
      tenantId: tenant.tenantId,
      tenantCreated: tenant.created,
      tenantFile: tenant.tenantFile,
      dataDir,
      webPush: vapidPublicKey !== undefined,
      hostedPage,
      async close() {
        await server.close();
        await app.close();
        await assembled.close();
      },
    };
  } catch (error) {
    await appServer?.close().catch(() => undefined);
    await app.close().catch(() => undefined);
    await assembled.close().catch(() => undefined);
    throw error;
  }
}

/** The saved API secret may have been rotated (npx signet secrets rotate): then issue a new one. */
async function ensureWorkingSecret(signetUrl: string, tenant: { apiSecretKey: string }, renew: () => Promise<void>): Promise<void> {
  const probe = await fetch(`${signetUrl}/v1/users/${encodeURIComponent("demo-secret-check")}`, {
    headers: { authorization: `Basic ${Buffer.from(`${tenant.apiSecretKey}:`).toString("base64")}` },
  });
  if (probe.status === 401) await renew();
}
