import type { Core } from "../domain/core.js";
import { apiUrlOf } from "../domain/core.js";
import { createTenant, getTenant, rotateSecret } from "../domain/tenants/tenant-service.js";
import { tenantView } from "../http/routes/admin-api.js";
import { print, type Output } from "./output.js";
import { UsageError } from "./usage.js";

export interface CommandOptions {
  name?: string;
  tenant?: string;
  graceSeconds?: string;
  json: boolean;
}

const CLI = { actor: "cli" };

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === "") throw new UsageError(`${flag} is required`);
  return value;
}

export async function tenantsCreate(core: Core, options: CommandOptions, out: Output): Promise<void> {
  const { tenant, apiSecretKey } = await createTenant(core, { name: required(options.name, "--name") }, CLI);
  const apiUrl = apiUrlOf(core);
  print(out, options.json, { tenantId: tenant.id, name: tenant.name, apiUrl, apiSecretKey }, [
    ["Tenant ID", tenant.id],
    ["Name", tenant.name],
    ["API URL", apiUrl],
    ["API secret key", `${apiSecretKey}   (shown only this once)`],
  ]);
}

export async function tenantsList(core: Core, options: CommandOptions, out: Output): Promise<void> {
  const tenants = await core.store.tenants.list();
  const apiUrl = apiUrlOf(core);
  if (options.json) return out.stdout(JSON.stringify(tenants.map((t) => tenantView(t, apiUrl)), null, 2));
  if (tenants.length === 0) return out.stdout("No tenants.");
  for (const t of tenants) out.stdout(`${t.id}  ${t.name}  created ${new Date(t.createdAt).toISOString()}`);
}

export async function tenantsShow(core: Core, options: CommandOptions, out: Output): Promise<void> {
  const view = tenantView(await getTenant(core, required(options.tenant, "--tenant")), apiUrlOf(core));
  print(out, options.json, view, Object.entries(view).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") || "(any)" : v ?? "(none)"]));
}

export async function secretsRotate(core: Core, options: CommandOptions, out: Output): Promise<void> {
  const tenantId = required(options.tenant, "--tenant");
  const grace = options.graceSeconds === undefined ? 0 : Number(options.graceSeconds);
  if (!Number.isInteger(grace)) throw new UsageError("--grace-seconds must be a whole number");
  const { apiSecretKey, previousValidUntil } = await rotateSecret(core, tenantId, grace, CLI);
  const until = new Date(previousValidUntil).toISOString();
  print(out, options.json, { tenantId, apiSecretKey, previousSecretsValidUntil: until }, [
    ["Tenant ID", tenantId],
    ["New API secret key", `${apiSecretKey}   (shown only this once)`],
    ["Older secrets valid until", until],
  ]);
}
