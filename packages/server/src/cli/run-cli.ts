import { parseArgs } from "node:util";
import { loadConfig, ConfigError } from "../config.js";
import { assembleCore } from "../assemble.js";
import { SignetError } from "../domain/errors.js";
import type { Core } from "../domain/core.js";
import { USAGE, UsageError } from "./usage.js";
import type { Output } from "./output.js";
import { secretsRotate, tenantsCreate, tenantsList, tenantsShow, type CommandOptions } from "./tenant-commands.js";

const COMMANDS: Record<string, (core: Core, options: CommandOptions, out: Output) => Promise<void>> = {
  "tenants create": tenantsCreate,
  "tenants list": tenantsList,
  "tenants show": tenantsShow,
  "secrets rotate": secretsRotate,
};

/**
 * Runs one CLI command. Exit codes: 0 done, 1 the command failed (e.g. unknown tenant), 2 the
 * command was called wrongly (usage printed).
 */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, out: Output): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        name: { type: "string" },
        tenant: { type: "string" },
        "grace-seconds": { type: "string" },
        "data-dir": { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    out.stderr(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.stdout(USAGE);
    return 0;
  }
  const command = COMMANDS[positionals.slice(0, 2).join(" ")];
  if (!command || positionals.length !== 2) {
    out.stderr(`${positionals.length ? `Unknown command: ${positionals.join(" ")}` : "No command given."}\n\n${USAGE}`);
    return 2;
  }
  let assembled;
  try {
    const config = loadConfig({ ...env, ...(values["data-dir"] ? { SIGNET_DATA_DIR: values["data-dir"] } : {}), SIGNET_LOG_LEVEL: "silent" });
    assembled = await assembleCore(config);
    await command(assembled.core, { name: values.name, tenant: values.tenant, graceSeconds: values["grace-seconds"], json: values.json }, out);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      out.stderr(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof SignetError || error instanceof ConfigError) {
      out.stderr(`signet: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await assembled?.close();
  }
}
