import { Type } from "typebox";
import type { App, RouteDeps } from "../route-context.js";
import { apiUrlOf } from "../../domain/core.js";
import { toIso } from "../../domain/clock.js";
import type { Tenant } from "../../domain/model.js";
import { createTenant, getTenant, rotateSecret, updateTenant } from "../../domain/tenants/tenant-service.js";

const TenantParams = Type.Object({ tenantId: Type.String({ minLength: 1, maxLength: 64 }) });
const SettingsBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 100 })),
  challengeTtlSeconds: Type.Optional(Type.Integer()),
  qrChallengeTtlSeconds: Type.Optional(Type.Integer()),
  tokenTtlSeconds: Type.Optional(Type.Integer()),
  credentialTtlSeconds: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  allowedOrigins: Type.Optional(Type.Array(Type.String({ maxLength: 2048 }), { maxItems: 100 })),
  webhookUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
  numberMatching: Type.Optional(Type.Union([Type.Literal("off"), Type.Literal("type"), Type.Literal("choices")])),
  pushLimitCount: Type.Optional(Type.Integer()),
  pushLimitWindowSeconds: Type.Optional(Type.Integer()),
  fraudCoolingSeconds: Type.Optional(Type.Integer()),
  denialBackoffBaseSeconds: Type.Optional(Type.Integer()),
  brandColor: Type.Optional(Type.Union([Type.String({ maxLength: 16 }), Type.Null()])),
  logoUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
  enrolmentLinkTemplate: Type.Optional(Type.String({ maxLength: 500 })),
});

/** A tenant's settings as the admin API shows them: never a secret. */
export const tenantView = (tenant: Tenant, apiUrl: string) => ({
  tenantId: tenant.id,
  name: tenant.name,
  apiUrl,
  ...tenant.settings,
  createdAt: toIso(tenant.createdAt),
  updatedAt: toIso(tenant.updatedAt),
});

/** The admin API's tenant routes (registered, behind the admin token, only when SIGNET_ADMIN_TOKEN is set). */
export function adminApiRoutes(app: App, { core }: RouteDeps): void {
  const tags = ["admin"];
  const apiUrl = apiUrlOf(core);

  app.post("/tenants", { schema: { tags, body: Type.Intersect([Type.Object({ name: Type.String({ maxLength: 100 }) }), SettingsBody]) } }, async (request, reply) => {
    const { name, ...settings } = request.body;
    const { tenant, apiSecretKey } = await createTenant(core, { name, settings }, { actor: "admin", ipAddress: request.ip });
    reply.code(201);
    return { tenantId: tenant.id, name: tenant.name, apiSecretKey, apiUrl };
  });

  app.get("/tenants", { schema: { tags } }, async () => (await core.store.tenants.list()).map((t) => tenantView(t, apiUrl)));

  app.get("/tenants/:tenantId", { schema: { tags, params: TenantParams } }, async (request) => tenantView(await getTenant(core, request.params.tenantId), apiUrl));

  app.patch("/tenants/:tenantId", { schema: { tags, params: TenantParams, body: SettingsBody } }, async (request) =>
    tenantView(await updateTenant(core, request.params.tenantId, request.body, { actor: "admin", ipAddress: request.ip }), apiUrl),
  );

  app.post(
    "/tenants/:tenantId/secrets",
    { schema: { tags, params: TenantParams, body: Type.Object({ graceSeconds: Type.Optional(Type.Integer()) }) } },
    async (request, reply) => {
      const { apiSecretKey, previousValidUntil } = await rotateSecret(core, request.params.tenantId, request.body.graceSeconds ?? 0, { actor: "admin", ipAddress: request.ip });
      reply.code(201);
      return { tenantId: request.params.tenantId, apiSecretKey, previousSecretsValidUntil: toIso(previousValidUntil) };
    },
  );
}
