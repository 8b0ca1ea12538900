import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";

/**
 * The demo keeps two small files next to Signet's database. Both hold secrets in clear, readable
 * only by their owner (mode 0600): a demo convenience, not how a real deployment keeps secrets.
 */
export const ADMIN_TOKEN_FILE = "admin-token";
export const TENANT_FILE = "demo-tenant.json";

export interface DemoTenantFile {
  tenantId: string;
  apiSecretKey: string;
}

export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
}

/** Writes a file atomically, readable only by its owner. */
export function writePrivate(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

/** SIGNET_ADMIN_TOKEN when given; otherwise the token saved in the data directory, generated on the first run. */
export function adminTokenFor(dataDir: string, fromEnv: string | undefined): { token: string; generated: boolean; file?: string } {
  if (fromEnv) return { token: fromEnv, generated: false };
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  if (existsSync(file)) {
    const saved = readFileSync(file, "utf8").trim();
    if (saved.length >= 16) return { token: saved, generated: false, file };
  }
  const token = `adm_${randomBytes(24).toString("base64url")}`;
  writePrivate(file, token + "\n");
  return { token, generated: true, file };
}

export function readTenantFile(dataDir: string): DemoTenantFile | undefined {
  const file = join(dataDir, TENANT_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<DemoTenantFile>;
    if (typeof parsed.tenantId === "string" && typeof parsed.apiSecretKey === "string") return { tenantId: parsed.tenantId, apiSecretKey: parsed.apiSecretKey };
  } catch {
    // unreadable: a new tenant is created and the file rewritten
  }
  return undefined;
}

export function writeTenantFile(dataDir: string, tenant: DemoTenantFile): string {
  const file = join(dataDir, TENANT_FILE);
  writePrivate(file, JSON.stringify({ tenantId: tenant.tenantId, apiSecretKey: tenant.apiSecretKey, note: "Demo convenience: the API secret in clear. Never keep a real secret like this." }, null, 2) + "\n");
  return file;
}
