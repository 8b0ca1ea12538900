import pg from "pg";
import { Kysely, Migrator, PostgresDialect, type MigrationProvider } from "kysely";
import type { Store } from "../../domain/ports.js";
import type { Database } from "../kysely/database-schema.js";
import { migrations } from "../kysely/migrations.js";
import { kyselyStore } from "../kysely/kysely-store.js";

const provider: MigrationProvider = { getMigrations: async () => migrations };

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
  if (options.schema) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) throw new Error(`invalid schema name ${options.schema}`);
    const setup = new pg.Client({ connectionString });
    await setup.connect();
    try {
      await setup.query(`create schema if not exists ${options.schema}`);
    } finally {
      await setup.end();
    }
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool(poolConfig(connectionString, options)) }) });
  // Name the schema of Kysely's own migration tables: it looks for them across all schemas otherwise.
  const { error } = await new Migrator({ db, provider, ...(options.schema ? { migrationTableSchema: options.schema } : {}) }).migrateToLatest();
  if (error) {
    await db.destroy();
    throw error instanceof Error ? error : new Error(String(error));
  }
  return kyselyStore(db, { rowLocks: true });
}
