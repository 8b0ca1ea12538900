import { Type } from "typebox";
import type { App, RouteDeps } from "../route-context.js";
import { SignetError } from "../../domain/errors.js";
import { toIso } from "../../domain/clock.js";
import { PUSH_PROVIDER_KINDS, type PushProviderKind } from "../../domain/model.js";
import { getTenant } from "../../domain/tenants/tenant-service.js";
import { parsePushConfig, describePushConfig } from "../../delivery/push/provider-config-admin.js";
import { pushConfigContext } from "../../delivery/push/tenant-push-notifier.js";

const KindParams = Type.Object({ tenantId: Type.String({ maxLength: 64 }), kind: Type.String({ maxLength: 16 }) });

function kindOf(value: string): PushProviderKind {
  if (!(PUSH_PROVIDER_KINDS as readonly string[]).includes(value)) {
    throw new SignetError("not_found", `No push provider ${value}; use ${PUSH_PROVIDER_KINDS.join(", ")}.`);
  }
  return value as PushProviderKind;
}

/**
 * Direct push delivery per tenant: APNs (.p8 token auth), FCM (service account), Web Push (VAPID).
 * Credentials are sealed with the master key; reads show only their non-secret parts.
 */
export function adminPushProviderRoutes(app: App, { core }: RouteDeps): void {
  const tags = ["admin"];

  app.get("/tenants/:tenantId/push-providers", { schema: { tags, params: Type.Object({ tenantId: Type.String({ maxLength: 64 }) }) } }, async (request) => {
    const tenant = await getTenant(core, request.params.tenantId);
    const configs = await core.store.pushProviders.list(tenant.id);
    return configs.map((c) => ({
      kind: c.kind,
      updatedAt: toIso(c.updatedAt),
      ...describePushConfig(c.kind, JSON.parse(core.box.open(c.sealedConfig, pushConfigContext(tenant.id, c.kind)))),
    }));
  });

  app.put("/tenants/:tenantId/push-providers/:kind", { schema: { tags, params: KindParams, body: Type.Record(Type.String(), Type.Unknown()) } }, async (request) => {
    const tenant = await getTenant(core, request.params.tenantId);
    const kind = kindOf(request.params.kind);
    const config = await parsePushConfig(kind, request.body);
    const updatedAt = core.clock.now();
    await core.store.pushProviders.put({ tenantId: tenant.id, kind, sealedConfig: core.box.seal(JSON.stringify(config), pushConfigContext(tenant.id, kind)), updatedAt });
    return { kind, updatedAt: toIso(updatedAt), ...describePushConfig(kind, config) };
  });

  app.delete("/tenants/:tenantId/push-providers/:kind", { schema: { tags, params: KindParams } }, async (request) => {
    const tenant = await getTenant(core, request.params.tenantId);
    if (!(await core.store.pushProviders.delete(tenant.id, kindOf(request.params.kind)))) {
      throw new SignetError("not_found", "That push provider is not configured.");
    }
    return { success: true };
  });
}
