import { join } from "node:path";
import type { Config } from "./config.js";
import type { Core } from "./domain/core.js";
import { systemClock, type Clock } from "./domain/clock.js";
import { SecretBox } from "./domain/crypto/secret-box.js";
import { TokenService } from "./domain/tokens/token-service.js";
import { openSqliteStore } from "./storage/sqlite/open-sqlite-store.js";
import type { PostgresEventBus } from "./events/postgres-event-bus.js";
import { InProcessEventBus } from "./events/in-process-event-bus.js";
import { loadMasterKey } from "./master-key.js";
import { createTenant } from "./domain/tenants/tenant-service.js";
import { createLogger, type Logger } from "./logger.js";
import { TenantPushNotifier } from "./delivery/push/tenant-push-notifier.js";

export interface Assembled {
  core: Core;
  events: InProcessEventBus;
  logger: Logger;
  /** Closes what the core holds open: push-provider connections, then the database. */
  close(): Promise<void>;
}

/** One node alone: in-process events. Nodes sharing PostgreSQL: LISTEN/NOTIFY between them. */
async function openEventBus(config: Config, logger: Logger): Promise<InProcessEventBus> {
  if (!config.databaseUrl) return new InProcessEventBus();
  const { PostgresEventBus } = await import("./events/postgres-event-bus.js");
  const { poolConfig } = await import("./storage/postgres/open-postgres-store.js");
  const bus = new PostgresEventBus(poolConfig(config.databaseUrl, { schema: config.databaseSchema }), logger);
  await bus.start();
  return bus;
}

const closeEventBus = async (bus: InProcessEventBus) => {
  if ("close" in bus) await (bus as PostgresEventBus).close();
};

/** Opens storage and keys for a configuration and returns the domain core. */
export async function assembleCore(config: Config, clock: Clock = systemClock): Promise<Assembled> {
  const logger = createLogger(config.logLevel);
  const box = new SecretBox(loadMasterKey(config.dataDir, config.masterKey));
  // PostgreSQL modules load only when used: the embedded default starts faster without them.
  const store = config.databaseUrl
    ? await (await import("./storage/postgres/open-postgres-store.js")).openPostgresStore(config.databaseUrl, { schema: config.databaseSchema })
    : await openSqliteStore(join(config.dataDir, "signet.db"));
  let events: InProcessEventBus | undefined;
  try {
    const tokens = await TokenService.load(store.signingKeys, box, clock);
    events = await openEventBus(config, logger);
    const bus = events;
    const push = new TenantPushNotifier(store, box, logger);
    const core: Core = { store, clock, tokens, events: bus, push, box, publicUrl: config.publicUrl };
    const close = async () => {
      await push.close();
      await closeEventBus(bus);
      await store.close();
    };
    return { core, events: bus, logger, close };
  } catch (error) {
    if (events) await closeEventBus(events);
    await store.close();
    throw error;
  }
}

/** On first start with an empty database: the `default` tenant, with its secret (shown once). */
export async function bootstrapDefaultTenant(core: Core): Promise<{ tenantId: string; apiSecretKey: string } | undefined> {
  if ((await core.store.tenants.count()) > 0) return undefined;
  const { tenant, apiSecretKey } = await createTenant(core, { name: "default" });
  return { tenantId: tenant.id, apiSecretKey };
}
