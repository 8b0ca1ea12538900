export const USAGE = `Usage: signet <command> [options]

Commands:
  tenants create --name <name>                    create a tenant; prints its API secret key once
  tenants list                                    list tenants (never secrets)
  tenants show --tenant <tenantId>                show a tenant's settings
  secrets rotate --tenant <tenantId> [--grace-seconds <n>]
                                                  issue a new API secret; older ones stay valid for the grace period (default 0)

Options:
  --json                 print JSON
  --data-dir <dir>       the data directory (default: SIGNET_DATA_DIR or ./data)
  -h, --help             show this help

The CLI works on the same database as the server (SQLite in the data directory, or
SIGNET_DATABASE_URL), also while the server runs.`;

/** A mistake in how the CLI was called: usage on stderr, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
