import type { Core } from "../domain/core.js";
import type { AuditContext } from "../domain/audit/record-audit.js";
import type { Output } from "./output.js";
import { UsageError } from "./usage.js";

/** Who the audit log records as having acted. */
export const CLI_ACTOR: AuditContext = { actor: "cli" };

/** The flags some commands take; --json, --data-dir and --help every command takes. */
export const FLAGS = ["name", "tenant", "grace-seconds"] as const;
export type Flag = (typeof FLAGS)[number];

/** A command's options, checked before the store opens; flags the command does not declare keep these defaults. */
export interface CommandOptions {
  json: boolean;
  name: string;
  tenant: string;
  graceSeconds: number;
}

export interface Command {
  required: Flag[];
  optional?: Flag[];
  run(core: Core, options: CommandOptions, out: Output): Promise<void>;
}

/** Checks the flags given against those the command declares (a usage error, exit 2, otherwise). */
export function commandOptions(command: Command, commandName: string, values: Partial<Record<Flag, string>> & { json: boolean }): CommandOptions {
  const group = commandName.split(" ")[0];
  const allowed: Flag[] = [...command.required, ...(command.optional ?? [])];
  for (const flag of FLAGS) {
    const value = values[flag];
    if (value !== undefined && !allowed.includes(flag)) throw new UsageError(`--${flag} does not apply to "${commandName}"`, group);
    if (command.required.includes(flag) && !value) throw new UsageError(`--${flag} is required`, group);
  }
  const grace = values["grace-seconds"] ?? "0";
  if (!/^\d+$/.test(grace)) throw new UsageError(`--grace-seconds must be a whole number of seconds, got "${grace}"`, group);
  return { json: values.json, name: values.name ?? "", tenant: values.tenant ?? "", graceSeconds: Number(grace) };
}
