import type { Kysely } from "kysely";
import type { Repositories, Store } from "../../domain/ports.js";
import type { Database } from "./database-schema.js";
import { secretRepository, signingKeyRepository, tenantRepository } from "./tenant-repositories.js";
import { credentialRepository, userRepository } from "./user-repositories.js";
import { actionConfigRepository, actionRepository, auditRepository, challengeRepository, nonceRepository } from "./challenge-repositories.js";
import { outboxRepository, pushProviderRepository, webhookDeliveryRepository, webhookEndpointRepository } from "./delivery-repositories.js";

function repositories(db: Kysely<Database>): Repositories {
  return {
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
export function kyselyStore(db: Kysely<Database>): Store {
  return {
    ...repositories(db),
    transaction: (work) => db.transaction().execute((trx) => work(repositories(trx))),
    close: () => db.destroy(),
  };
}
