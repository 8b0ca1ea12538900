import { Type } from "typebox";
import type { App, RouteDeps } from "../route-context.js";
import { SignetError } from "../../domain/errors.js";
import { toIso } from "../../domain/clock.js";
import { newId } from "../../domain/ids.js";
import { WEBHOOK_EVENT_TYPES, type WebhookEndpoint, type WebhookEventType } from "../../domain/model.js";
import { getTenant } from "../../domain/tenants/tenant-service.js";
import { parseWebhookUrl } from "../../domain/tenants/tenant-settings.js";

const TenantParams = Type.Object({ tenantId: Type.String({ minLength: 1, maxLength: 64 }) });
const endpointView = (e: WebhookEndpoint) => ({ endpointId: e.id, url: e.url, eventTypes: e.eventTypes, isDefault: e.isDefault, createdAt: toIso(e.createdAt) });

function parseEventTypes(value: unknown): WebhookEventType[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.length === 0 || value.some((t) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(t))) {
    throw new SignetError("invalid_request", `eventTypes must be a non-empty list of ${WEBHOOK_EVENT_TYPES.join(", ")}`);
  }
  return [...new Set(value as WebhookEventType[])];
}

/** Webhook endpoints, the delivery log, and manual redelivery. */
export function adminWebhookRoutes(app: App, { core }: RouteDeps): void {
  const tags = ["admin"];

  app.get("/tenants/:tenantId/webhooks", { schema: { tags, params: TenantParams } }, async (request) => {
    await getTenant(core, request.params.tenantId);
    return (await core.store.webhookEndpoints.list(request.params.tenantId)).map(endpointView);
  });

  app.post(
    "/tenants/:tenantId/webhooks",
    { schema: { tags, params: TenantParams, body: Type.Object({ url: Type.String({ maxLength: 2048 }), eventTypes: Type.Optional(Type.Array(Type.String(), { maxItems: 20 })) }) } },
    async (request, reply) => {
      const tenant = await getTenant(core, request.params.tenantId);
      const url = parseWebhookUrl(request.body.url);
      if (url === null) throw new SignetError("invalid_request", "url is required");
      const endpoint: WebhookEndpoint = { id: newId(), tenantId: tenant.id, url, eventTypes: parseEventTypes(request.body.eventTypes), isDefault: false, createdAt: core.clock.now() };
      await core.store.webhookEndpoints.insert(endpoint);
      reply.code(201);
      return endpointView(endpoint);
    },
  );

  app.delete(
    "/tenants/:tenantId/webhooks/:endpointId",
    { schema: { tags, params: Type.Object({ tenantId: Type.String({ maxLength: 64 }), endpointId: Type.String({ maxLength: 64 }) }) } },
    async (request) => {
      const endpoints = await core.store.webhookEndpoints.list(request.params.tenantId);
      const endpoint = endpoints.find((e) => e.id === request.params.endpointId);
      if (!endpoint) throw new SignetError("not_found", "No such webhook endpoint.");
      if (endpoint.isDefault) throw new SignetError("invalid_request", "This is the tenant's webhookUrl: PATCH the tenant with webhookUrl null to remove it.");
      await core.store.webhookEndpoints.delete(request.params.tenantId, endpoint.id);
      return { success: true };
    },
  );

  app.get(
    "/tenants/:tenantId/webhook-deliveries",
    {
      schema: {
        tags,
        params: TenantParams,
        querystring: Type.Object({
          state: Type.Optional(Type.Union([Type.Literal("pending"), Type.Literal("delivered"), Type.Literal("dead")])),
          eventId: Type.Optional(Type.String({ maxLength: 64 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          before: Type.Optional(Type.String({ maxLength: 64 })),
        }),
      },
    },
    async (request) => {
      await getTenant(core, request.params.tenantId);
      const { state, eventId, before } = request.query;
      const limit = request.query.limit ?? 50;
      const deliveries = await core.store.webhookDeliveries.list(request.params.tenantId, { state, eventId, before, limit });
      return {
        deliveries: deliveries.map((d) => ({
          deliveryId: d.id,
          eventId: d.eventId,
          eventType: d.eventType,
          endpointId: d.endpointId,
          url: d.url,
          state: d.state,
          attempts: d.attempts,
          nextAttemptAt: d.state === "pending" ? toIso(d.nextAttemptAt) : undefined,
          lastStatusCode: d.lastStatusCode ?? undefined,
          lastError: d.lastError ?? undefined,
          createdAt: toIso(d.createdAt),
          attemptLog: d.attemptLog.map((a) => ({ attempt: a.attempt, at: toIso(a.at), statusCode: a.statusCode ?? undefined, error: a.error ?? undefined, durationMs: a.durationMs })),
        })),
        nextCursor: deliveries.length === limit ? deliveries[deliveries.length - 1]?.id : undefined,
      };
    },
  );

  app.post(
    "/tenants/:tenantId/webhook-deliveries/:deliveryId/redeliver",
    { schema: { tags, params: Type.Object({ tenantId: Type.String({ maxLength: 64 }), deliveryId: Type.String({ maxLength: 64 }) }) } },
    async (request) => {
      const delivery = await core.store.webhookDeliveries.redeliver(request.params.tenantId, request.params.deliveryId, core.clock.now());
      if (!delivery) throw new SignetError("not_found", "No such delivery.");
      return { deliveryId: delivery.id, state: delivery.state };
    },
  );
}
