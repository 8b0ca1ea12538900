import type { Kysely } from "kysely";
import type { Repositories, Store } from "../../domain/ports.js";
import type { Database } from "./database-schema.js";
import { secretRepository, signingKeyRepository, tenantRepository } from "./tenant-repositories.js";
import { credentialRepository, userRepository } from "./user-repositories.js";
import { actionRepository, challengeRepository, nonceRepository } from "./challenge-repositories.js";
import { actionConfigRepository, auditRepository } from "./policy-repositories.js";
import { outboxRepository, pushProviderRepository, webhookDeliveryRepository, webhookEndpointRepository } from "./delivery-repositories.js";

export interface DialectTraits {
  /** PostgreSQL: SELECT … FOR UPDATE; SQLite serialises transactions, so it needs none. */
  rowLocks: boolean;
}

function repositories(db: Kysely<Database>, traits: DialectTraits): Repositories {
  return {
    lockUser: async (tenantId, userId) => {
      if (!traits.rowLocks) return;
      await db.selectFrom("users").select("user_id").where("tenant_id", "=", tenantId).where("user_id", "=", userId).forUpdate().execute();
    },
    tenants: tenantRepository(db),
    secrets: secretRepository(db),
    signingKeys: signingKeyRepository(db),
    users: userRepository(db),
    credentials: credentialRepository(db),
    actions: actionRepository(db),
    challenges: challengeRepository(db),
    nonces: nonceRepository(db),
    outbox: outboxRepository(db),
    webhookEndpoints: webhookEndpointRepository(db),
    webhookDeliveries: webhookDeliveryRepository(db),
    pushProviders: pushProviderRepository(db),
    audit: auditRepository(db),
    actionConfigs: actionConfigRepository(db),
  };
}

/** The Store over any Kysely dialect: SQLite now, PostgreSQL later share these queries. */
export function kyselyStore(db: Kysely<Database>, traits: DialectTraits = { rowLocks: false }): Store {
  return {
    ...repositories(db, traits),
    transaction: (work) => db.transaction().execute((trx) => work(repositories(trx, traits))),
    close: () => db.destroy(),
  };
}
