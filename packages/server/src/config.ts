import { resolve } from "node:path";

/** Everything Signet reads from the environment, checked once at start. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  publicUrl: string;
  adminToken: string | undefined;
  logLevel: string;
  /** Origins allowed to call the client API; undefined = any origin (tenants may still restrict). */
  corsOrigins: string[] | undefined;
  masterKey: string | undefined;
  trustProxy: boolean;
  /** PostgreSQL connection URL; unset = the embedded SQLite database in dataDir. */
  databaseUrl: string | undefined;
  /** PostgreSQL schema to use (created when absent); unset = the connection's search_path. */
  databaseSchema: string | undefined;
  /** Long-polls, SSE streams and WebSocket subscriptions one tenant may hold open at once. */
  maxWaitersPerTenant: number;
  webhooks: {
    allowPrivate: boolean;
    timeoutMs: number;
    retryBaseMs: number;
    maxAgeMs: number;
    pollMs: number;
  };
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

function positiveInteger(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${name} must be a positive whole number, got ${value}`);
  return n;
}

function parseDatabaseUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^postgres(ql)?:\/\//.test(value)) throw new ConfigError("SIGNET_DATABASE_URL must be a postgres:// URL");
  return value;
}

function parseSchema(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) throw new ConfigError("SIGNET_DATABASE_SCHEMA must be a lower-case identifier");
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const host = env.HOST || "127.0.0.1";
  const port = env.PORT === undefined || env.PORT === "" ? 4000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, got ${env.PORT}`);
  const logLevel = env.SIGNET_LOG_LEVEL || "info";
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`SIGNET_LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`);
  const adminToken = env.SIGNET_ADMIN_TOKEN || undefined;
  if (adminToken !== undefined && adminToken.length < 16) throw new ConfigError("SIGNET_ADMIN_TOKEN must be at least 16 characters");
  const shownHost = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  const publicUrl = (env.SIGNET_PUBLIC_URL || `http://${shownHost}:${port}`).replace(/\/+$/, "");
  try {
    const url = new URL(publicUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error();
  } catch {
    throw new ConfigError(`SIGNET_PUBLIC_URL must be an http(s) origin, got ${publicUrl}`);
  }
  const corsOrigins = env.SIGNET_CORS_ORIGINS
    ? env.SIGNET_CORS_ORIGINS.split(",").map((o) => o.trim().replace(/\/+$/, "")).filter(Boolean)
    : undefined;
  return {
    host,
    port,
    dataDir: resolve(env.SIGNET_DATA_DIR || "./data"),
    publicUrl,
    adminToken,
    logLevel,
    corsOrigins: corsOrigins && corsOrigins.includes("*") ? undefined : corsOrigins,
    masterKey: env.SIGNET_MASTER_KEY || undefined,
    trustProxy: env.SIGNET_TRUST_PROXY === "true",
    databaseUrl: parseDatabaseUrl(env.SIGNET_DATABASE_URL),
    databaseSchema: parseSchema(env.SIGNET_DATABASE_SCHEMA),
    maxWaitersPerTenant: positiveInteger(env.SIGNET_MAX_WAITERS_PER_TENANT, 20_000, "SIGNET_MAX_WAITERS_PER_TENANT"),
    webhooks: {
      allowPrivate: env.SIGNET_WEBHOOK_ALLOW_PRIVATE === "true",
      timeoutMs: positiveInteger(env.SIGNET_WEBHOOK_TIMEOUT_MS, 10_000, "SIGNET_WEBHOOK_TIMEOUT_MS"),
      retryBaseMs: positiveInteger(env.SIGNET_WEBHOOK_RETRY_BASE_MS, 5_000, "SIGNET_WEBHOOK_RETRY_BASE_MS"),
      maxAgeMs: positiveInteger(env.SIGNET_WEBHOOK_MAX_AGE_SECONDS, 86_400, "SIGNET_WEBHOOK_MAX_AGE_SECONDS") * 1000,
      pollMs: positiveInteger(env.SIGNET_WEBHOOK_POLL_MS, 1_000, "SIGNET_WEBHOOK_POLL_MS"),
    },
  };
}
