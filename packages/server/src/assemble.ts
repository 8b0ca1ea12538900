import { join } from "node:path";
import type { Config } from "./config.js";
import type { Core } from "./domain/core.js";
import { systemClock, type Clock } from "./domain/clock.js";
import { SecretBox } from "./domain/crypto/secret-box.js";
import { TokenService } from "./domain/tokens/token-service.js";
import { openSqliteStore } from "./storage/sqlite/open-sqlite-store.js";
import { InProcessEventBus } from "./events/in-process-event-bus.js";
import { loadMasterKey } from "./master-key.js";
import { createTenant } from "./domain/tenants/tenant-service.js";
import { createLogger, type Logger } from "./logger.js";

export interface Assembled {
  core: Core;
  events: InProcessEventBus;
  logger: Logger;
  /** Closes what the core holds open: push-provider connections, then the database. */
  close(): Promise<void>;
}

/** Opens storage and keys for a configuration and returns the domain core. */
export async function assembleCore(config: Config, clock: Clock = systemClock): Promise<Assembled> {
  const logger = createLogger(config.logLevel);
  const box = new SecretBox(loadMasterKey(config.dataDir, config.masterKey));
  const store = await openSqliteStore(join(config.dataDir, "signet.db"));
  try {
    const tokens = await TokenService.load(store.signingKeys, box, clock);
    const events = new InProcessEventBus();
    const core: Core = { store, clock, tokens, events, box, publicUrl: config.publicUrl };
    const close = async () => {
      await store.close();
    };
    return { core, events, logger, close };
  } catch (error) {
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
