#!/usr/bin/env node
import { loadConfig, ConfigError } from "./config.js";
import { assembleCore, bootstrapDefaultTenant } from "./assemble.js";
import { buildApp } from "./http/build-app.js";
import { apiUrlOf } from "./domain/core.js";

/** `npm start`: serve Signet until SIGTERM or SIGINT, then drain requests and close the database. */
async function main(): Promise<void> {
  const config = loadConfig();
  const assembled = await assembleCore(config);
  const { core } = assembled;
  const app = await buildApp(core, assembled.events, config, assembled.logger);
  const created = await bootstrapDefaultTenant(core);
  await app.listen({ host: config.host, port: config.port });

  const lines = [`Signet is ready at ${config.publicUrl} (data in ${config.dataDir})`, `  API URL:        ${apiUrlOf(core)}`];
  if (created) {
    lines.push(
      `  Created tenant "default"`,
      `  Tenant ID:      ${created.tenantId}`,
      `  API secret key: ${created.apiSecretKey}`,
      `  (the secret is shown only this once; rotate it with: npx signet secrets rotate --tenant ${created.tenantId})`,
    );
  }
  if (!config.adminToken) lines.push("  Admin API: off (set SIGNET_ADMIN_TOKEN to enable it)");
  process.stdout.write(lines.join("\n") + "\n");

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down: draining requests");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app
      .close()
      .then(() => assembled.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        app.log.error({ err: error }, "unclean shutdown");
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? `Configuration error: ${error.message}` : error instanceof Error ? error.stack ?? error.message : String(error);
  process.stderr.write(message + "\n");
  process.exit(1);
});
