import { SignetError } from "../errors.js";
import { newId } from "../ids.js";
import { DEFAULT_TENANT_SETTINGS, type Tenant } from "../model.js";
import type { Core } from "../core.js";
import type { Repositories } from "../ports.js";
import { apiSecretId, generateApiSecret, secretMatchesHash } from "../crypto/api-secret.js";
import { applySettingsPatch, parseTenantName, type TenantSettingsPatch } from "./tenant-settings.js";
import { recordAudit, SYSTEM, type AuditContext } from "../audit/record-audit.js";

const secretContext = (tenantId: string) => `api-secret:${tenantId}`;

async function issueSecret(core: Core, tx: Repositories, tenantId: string): Promise<string> {
  const { id, secret, hash } = generateApiSecret();
  await tx.secrets.insert({ id, tenantId, hash, sealed: core.box.seal(secret, secretContext(tenantId)), createdAt: core.clock.now(), expiresAt: null });
  return secret;
}

/** Creates a tenant with its first API secret; the secret is returned here and never again. */
export async function createTenant(
  core: Core,
  input: { name: unknown; settings?: TenantSettingsPatch },
  ctx: AuditContext = SYSTEM,
): Promise<{ tenant: Tenant; apiSecretKey: string }> {
  const now = core.clock.now();
  const tenant: Tenant = {
    id: newId(),
    name: parseTenantName(input.name),
    settings: applySettingsPatch(DEFAULT_TENANT_SETTINGS, input.settings ?? {}),
    createdAt: now,
    updatedAt: now,
  };
  const apiSecretKey = await core.store.transaction(async (tx) => {
    await tx.tenants.insert(tenant);
    if (tenant.settings.webhookUrl !== null) await tx.webhookEndpoints.setDefault(tenant.id, tenant.settings.webhookUrl, now);
    await recordAudit(tx, ctx, { tenantId: tenant.id, type: "tenant.created", at: now, details: { name: tenant.name } });
    return issueSecret(core, tx, tenant.id);
  });
  return { tenant, apiSecretKey };
}

export async function getTenant(core: Core, tenantId: string): Promise<Tenant> {
  const tenant = await core.store.tenants.get(tenantId);
  if (!tenant) throw new SignetError("not_found", `No tenant ${tenantId}.`);
  return tenant;
}

export async function updateTenant(core: Core, tenantId: string, patch: TenantSettingsPatch, ctx: AuditContext = SYSTEM): Promise<Tenant> {
  return core.store.transaction(async (tx) => {
    const tenant = await tx.tenants.get(tenantId);
    if (!tenant) throw new SignetError("not_found", `No tenant ${tenantId}.`);
    const updated: Tenant = {
      ...tenant,
      name: patch.name !== undefined ? parseTenantName(patch.name) : tenant.name,
      settings: applySettingsPatch(tenant.settings, patch),
      updatedAt: core.clock.now(),
    };
    await tx.tenants.update(updated);
    await recordAudit(tx, ctx, { tenantId, type: "tenant.updated", at: updated.updatedAt, details: { changed: Object.keys(patch) } });
    if (updated.settings.webhookUrl !== tenant.settings.webhookUrl) {
      await tx.webhookEndpoints.setDefault(tenantId, updated.settings.webhookUrl, updated.updatedAt);
    }
    return updated;
  });
}

/**
 * Issues a new API secret. Every older secret stays valid for `graceSeconds` (default 0: revoked
 * at once), so that a fleet of backends can switch over without downtime.
 */
export async function rotateSecret(
  core: Core,
  tenantId: string,
  graceSeconds = 0,
  ctx: AuditContext = SYSTEM,
): Promise<{ apiSecretKey: string; previousValidUntil: number }> {
  if (!Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > 30 * 86_400) {
    throw new SignetError("invalid_request", "graceSeconds must be a whole number from 0 to 2592000 (30 days)");
  }
  const previousValidUntil = core.clock.now() + graceSeconds * 1000;
  const apiSecretKey = await core.store.transaction(async (tx) => {
    if (!(await tx.tenants.get(tenantId))) throw new SignetError("not_found", `No tenant ${tenantId}.`);
    await tx.secrets.expireAllAfter(tenantId, previousValidUntil);
    await recordAudit(tx, ctx, { tenantId, type: "secret.rotated", at: core.clock.now(), details: { previousValidUntil: new Date(previousValidUntil).toISOString() } });
    return issueSecret(core, tx, tenantId);
  });
  return { apiSecretKey, previousValidUntil };
}

/** Finds the tenant a presented API secret belongs to, in constant time for the comparison. */
export async function authenticateSecret(core: Core, presented: string): Promise<Tenant> {
  const refused = new SignetError("invalid_credentials", "The API secret key is invalid.");
  const id = apiSecretId(presented);
  if (!id) throw refused;
  const secret = await core.store.secrets.get(id);
  if (!secret || !secretMatchesHash(presented, secret.hash)) throw refused;
  if (secret.expiresAt !== null && secret.expiresAt <= core.clock.now()) {
    throw new SignetError("invalid_credentials", "The API secret key was rotated and its grace period is over.");
  }
  const tenant = await core.store.tenants.get(secret.tenantId);
  if (!tenant) throw refused;
  return tenant;
}

/** The newest valid API secret in clear: webhook signatures are keyed with it (PROTOCOL.md §5). */
export async function currentSecret(core: Core, tenantId: string): Promise<string | undefined> {
  const [newest] = await core.store.secrets.listValid(tenantId, core.clock.now());
  return newest && core.box.open(newest.sealed, secretContext(tenantId));
}
