import pg from "pg";
import { Kysely, Migrator, PostgresDialect, type MigrationProvider } from "kysely";
import type { Store } from "../../domain/ports.js";
import type { Database } from "../kysely/database-schema.js";
import { migrations } from "../kysely/migrations.js";
import { kyselyStore } from "../kysely/kysely-store.js";

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Held while schemas are created, migrated or dropped: Kysely's migrator inspects every schema. */
export const SCHEMA_LOCK = 73_556_081;

/** Runs `work` holding the schema lock on a connection of its own. */
export async function withSchemaLock<T>(connectionString: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [SCHEMA_LOCK]);
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface PostgresOptions {
  /** A schema to create and use (tests isolate themselves this way); default: the connection's search_path. */
  schema?: string;
  maxConnections?: number;
}

/** `pg` connection settings for a URL, optionally pinned to one schema. */
export function poolConfig(connectionString: string, options: PostgresOptions = {}): pg.PoolConfig {
  return {
    connectionString,
    max: options.maxConnections ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  };
}

/**
 * Opens the PostgreSQL store: the same Kysely queries as SQLite, with row locks where SQLite's
 * serialised transactions made them unnecessary. Runs pending migrations before returning.
 */
export async function openPostgresStore(connectionString: string, options: PostgresOptions = {}): Promise<Store> {
  if (options.schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) throw new Error(`invalid schema name ${options.schema}`);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool(poolConfig(connectionString, options)) }) });
  // Nodes starting together migrate one at a time. Name the schema of Kysely's own migration
  // tables: it looks for them across all schemas otherwise.
  const { error } = await withSchemaLock(connectionString, async (client) => {
    if (options.schema) await client.query(`create schema if not exists ${options.schema}`);
    return new Migrator({ db, provider, ...(options.schema ? { migrationTableSchema: options.schema } : {}) }).migrateToLatest();
  });
  if (error) {
    await db.destroy();
    throw error instanceof Error ? error : new Error(String(error));
  }
  return kyselyStore(db, { rowLocks: true });
}
