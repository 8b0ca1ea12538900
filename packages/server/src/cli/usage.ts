/** One line of help per command, grouped as on the command line (`signet <group> <command>`). */
const GROUPS: Record<string, string[]> = {
  tenants: [
    "  tenants create --name <name>                    create a tenant; prints its API secret key once",
    "  tenants list                                    list tenants (never secrets)",
    "  tenants show --tenant <tenantId>                show a tenant's settings",
  ],
  secrets: [
    "  secrets rotate --tenant <tenantId> [--grace-seconds <n>]",
    "                                                  issue a new API secret; older ones stay valid for",
    "                                                  the grace period (default 0: revoked at once)",
  ],
};

const OPTIONS = `Options:
  --json                 print JSON
  --data-dir <dir>       the data directory (default: SIGNET_DATA_DIR or ./data)
  -h, --help             show this help

The CLI works on the same database as the server (SQLite in the data directory, or
SIGNET_DATABASE_URL), also while the server runs.`;

export const isGroup = (name: string | undefined): name is string => name !== undefined && Object.hasOwn(GROUPS, name);

/** The whole usage, or one group's (`signet tenants --help`). */
export function usage(group?: string): string {
  const names = isGroup(group) ? [group] : Object.keys(GROUPS);
  const head = isGroup(group) ? `Usage: signet ${group} <command> [options]` : "Usage: signet <command> [options]";
  return `${head}\n\nCommands:\n${names.flatMap((g) => GROUPS[g]!).join("\n")}\n\n${OPTIONS}`;
}

/** A mistake in how the CLI was called: usage on stderr, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  /** The command group named, when known: its usage is shown rather than the whole. */
  readonly group: string | undefined;

  constructor(message: string, group?: string) {
    super(message);
    this.group = group;
  }
}
