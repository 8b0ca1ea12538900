import { parseArgs } from "node:util";
import { loadConfig, ConfigError } from "../config.js";
import { assembleCore, type Assembled } from "../assemble.js";
import { SignetError } from "../domain/errors.js";
import { isGroup, usage, UsageError } from "./usage.js";
import type { Output } from "./output.js";
import { commandOptions, type Command, type CommandOptions } from "./command.js";
import { tenantsCreate, tenantsList, tenantsShow } from "./tenant-commands.js";
import { secretsRotate } from "./secret-commands.js";

const COMMANDS: Record<string, Command> = {
  "tenants create": tenantsCreate,
  "tenants list": tenantsList,
  "tenants show": tenantsShow,
  "secrets rotate": secretsRotate,
};

const PARSE_OPTIONS = {
  name: { type: "string" },
  tenant: { type: "string" },
  "grace-seconds": { type: "string" },
  "data-dir": { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

type CommandLine = { help: true; group: string | undefined } | { help: false; command: Command; options: CommandOptions; dataDir: string | undefined };

/** Reads argv; a UsageError when it names no command or gives flags the command does not take. */
function parseCommandLine(argv: string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: PARSE_OPTIONS });
  } catch (error) {
    throw new UsageError((error as Error).message, argv[0]);
  }
  const { values, positionals } = parsed;
  const [group, name] = positionals;
  if (values.help && (group === undefined || isGroup(group))) return { help: true, group };
  const key = positionals.join(" ");
  const command = Object.hasOwn(COMMANDS, key) ? COMMANDS[key] : undefined;
  if (!command || group === undefined) {
    const problem = group === undefined ? "no command given" : isGroup(group) && name === undefined ? `which ${group} command?` : `unknown command "${key}"`;
    throw new UsageError(problem, group);
  }
  return { help: false, command, options: commandOptions(command, key, values), dataDir: values["data-dir"] };
}

/**
 * Runs one CLI command on the server's data directory (or database). Exit codes: 0 done, 1 the
 * command failed (e.g. unknown tenant, one line on stderr), 2 it was called wrongly (usage on stderr).
 */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, out: Output): Promise<number> {
  let line: CommandLine;
  try {
    line = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    out.stderr(`signet: ${error.message}\n\n${usage(error.group)}`);
    return 2;
  }
  if (line.help) {
    out.stdout(usage(line.group));
    return 0;
  }
  let assembled: Assembled | undefined;
  try {
    const config = loadConfig({ ...env, ...(line.dataDir ? { SIGNET_DATA_DIR: line.dataDir } : {}), SIGNET_LOG_LEVEL: "silent" });
    assembled = await assembleCore(config);
    await line.command.run(assembled.core, line.options, out);
    return 0;
  } catch (error) {
    if (!(error instanceof SignetError || error instanceof ConfigError)) throw error;
    out.stderr(`signet: ${error.message}`);
    return 1;
  } finally {
    await assembled?.close(); // push connections, event bus, then the store
  }
}
