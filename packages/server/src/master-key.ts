import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { ConfigError } from "./config.js";

/**
 * The 32-byte master key that seals secrets at rest: SIGNET_MASTER_KEY (base64) when set, otherwise
 * `master.key` in the data directory, generated (mode 0600) on first start.
 */
export function loadMasterKey(dataDir: string, fromEnv: string | undefined): Buffer {
  if (fromEnv !== undefined) {
    const key = Buffer.from(fromEnv, "base64");
    if (key.length !== 32) throw new ConfigError("SIGNET_MASTER_KEY must be 32 bytes in base64 (openssl rand -base64 32)");
    return key;
  }
  const file = join(dataDir, "master.key");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  }
  const key = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== 32) throw new ConfigError(`${file} does not hold a 32-byte base64 key`);
  return key;
}
