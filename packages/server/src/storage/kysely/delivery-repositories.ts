import type { Kysely, Selectable } from "kysely";
import type { OutboxRepository, PushProviderRepository, WebhookDeliveryRepository, WebhookEndpointRepository } from "../../domain/ports.js";
import type { DeliveryState, OutboxEvent, PushProviderKind, WebhookDelivery, WebhookEndpoint, WebhookEventType } from "../../domain/model.js";
import { newId } from "../../domain/ids.js";
import type { Database } from "./database-schema.js";

const endpointFromRow = (r: Selectable<Database["webhook_endpoints"]>): WebhookEndpoint => ({
  id: r.id,
  tenantId: r.tenant_id,
  url: r.url,
  eventTypes: r.event_types_json === null ? null : (JSON.parse(r.event_types_json) as WebhookEventType[]),
  isDefault: Number(r.is_default) === 1,
  createdAt: Number(r.created_at),
});

const deliveryFromRow = (r: Selectable<Database["webhook_deliveries"]>): WebhookDelivery => ({
  id: r.id,
  tenantId: r.tenant_id,
  eventId: r.event_id,
  endpointId: r.endpoint_id,
  url: r.url,
  state: r.state as DeliveryState,
  attempts: Number(r.attempts),
  nextAttemptAt: Number(r.next_attempt_at),
  lastStatusCode: r.last_status_code === null ? null : Number(r.last_status_code),
  lastError: r.last_error,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

const eventFromRow = (r: Selectable<Database["outbox_events"]>): OutboxEvent => ({
  id: r.id,
  tenantId: r.tenant_id,
  type: r.type as WebhookEventType,
  data: JSON.parse(r.data_json) as Record<string, unknown>,
  createdAt: Number(r.created_at),
});

export const outboxRepository = (db: Kysely<Database>): OutboxRepository => ({
  async enqueue(event) {
    const endpoints = (await db.selectFrom("webhook_endpoints").selectAll().where("tenant_id", "=", event.tenantId).execute()).map(endpointFromRow);
    const wanted = endpoints.filter((e) => e.eventTypes === null || e.eventTypes.includes(event.type));
    if (wanted.length === 0) return;
    await db
      .insertInto("outbox_events")
      .values({ id: event.id, tenant_id: event.tenantId, type: event.type, data_json: JSON.stringify(event.data), created_at: event.createdAt })
      .execute();
    await db
      .insertInto("webhook_deliveries")
      .values(
        wanted.map((e) => ({
          id: newId(),
          tenant_id: event.tenantId,
          event_id: event.id,
          endpoint_id: e.id,
          url: e.url,
          state: "pending",
          attempts: 0,
          next_attempt_at: event.createdAt,
          last_status_code: null,
          last_error: null,
          created_at: event.createdAt,
          updated_at: event.createdAt,
        })),
      )
      .execute();
  },
});

export const webhookEndpointRepository = (db: Kysely<Database>): WebhookEndpointRepository => ({
  async list(tenantId) {
    const rows = await db.selectFrom("webhook_endpoints").selectAll().where("tenant_id", "=", tenantId).orderBy("created_at").orderBy("id").execute();
    return rows.map(endpointFromRow);
  },
  async insert(e) {
    await db
      .insertInto("webhook_endpoints")
      .values({
        id: e.id,
        tenant_id: e.tenantId,
        url: e.url,
        event_types_json: e.eventTypes === null ? null : JSON.stringify(e.eventTypes),
        is_default: e.isDefault ? 1 : 0,
        created_at: e.createdAt,
      })
      .execute();
  },
  async delete(tenantId, id) {
    const result = await db.deleteFrom("webhook_endpoints").where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
  async setDefault(tenantId, url, now) {
    await db.deleteFrom("webhook_endpoints").where("tenant_id", "=", tenantId).where("is_default", "=", 1).execute();
    if (url === null) return;
    await db
      .insertInto("webhook_endpoints")
      .values({ id: newId(), tenant_id: tenantId, url, event_types_json: null, is_default: 1, created_at: now })
      .execute();
  },
});

export const webhookDeliveryRepository = (db: Kysely<Database>): WebhookDeliveryRepository => ({
  async claimDue(now, leaseUntil, limit) {
    const claimed = await db
      .updateTable("webhook_deliveries")
      .set({ next_attempt_at: leaseUntil })
      .where("id", "in", (eb) =>
        eb.selectFrom("webhook_deliveries").select("id").where("state", "=", "pending").where("next_attempt_at", "<=", now).orderBy("next_attempt_at").limit(limit),
      )
      .where("state", "=", "pending")
      .where("next_attempt_at", "<=", now)
      .returningAll()
      .execute();
    if (claimed.length === 0) return [];
    const events = await db
      .selectFrom("outbox_events")
      .selectAll()
      .where("id", "in", claimed.map((d) => d.event_id))
      .execute();
    const byId = new Map(events.map((e) => [e.id, eventFromRow(e)]));
    return claimed.flatMap((d) => {
      const event = byId.get(d.event_id);
      return event ? [{ delivery: deliveryFromRow(d), event }] : [];
    });
  },
  async recordAttempt(a, next) {
    await db
      .insertInto("webhook_attempts")
      .values({ delivery_id: a.deliveryId, attempt: a.attempt, at: a.at, status_code: a.statusCode, error: a.error, duration_ms: a.durationMs })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await db
      .updateTable("webhook_deliveries")
      .set({
        state: next.state,
        attempts: a.attempt,
        next_attempt_at: next.nextAttemptAt,
        last_status_code: a.statusCode,
        last_error: a.error,
        updated_at: a.at,
      })
      .where("id", "=", a.deliveryId)
      .execute();
  },
  async list(tenantId, q) {
    let query = db
      .selectFrom("webhook_deliveries")
      .innerJoin("outbox_events", "outbox_events.id", "webhook_deliveries.event_id")
      .selectAll("webhook_deliveries")
      .select("outbox_events.type as event_type")
      .where("webhook_deliveries.tenant_id", "=", tenantId);
    if (q.state) query = query.where("webhook_deliveries.state", "=", q.state);
    if (q.eventId) query = query.where("webhook_deliveries.event_id", "=", q.eventId);
    if (q.before) {
      const cursor = await db.selectFrom("webhook_deliveries").select(["created_at", "id"]).where("id", "=", q.before).executeTakeFirst();
      if (cursor) {
        query = query.where((eb) =>
          eb.or([
            eb("webhook_deliveries.created_at", "<", cursor.created_at),
            eb.and([eb("webhook_deliveries.created_at", "=", cursor.created_at), eb("webhook_deliveries.id", "<", cursor.id)]),
          ]),
        );
      }
    }
    const rows = await query.orderBy("webhook_deliveries.created_at", "desc").orderBy("webhook_deliveries.id", "desc").limit(q.limit).execute();
    if (rows.length === 0) return [];
    const attempts = await db
      .selectFrom("webhook_attempts")
      .selectAll()
      .where("delivery_id", "in", rows.map((r) => r.id))
      .orderBy("attempt")
      .execute();
    return rows.map((r) => ({
      ...deliveryFromRow(r),
      eventType: r.event_type,
      attemptLog: attempts
        .filter((a) => a.delivery_id === r.id)
        .map((a) => ({
          deliveryId: a.delivery_id,
          attempt: Number(a.attempt),
          at: Number(a.at),
          statusCode: a.status_code === null ? null : Number(a.status_code),
          error: a.error,
          durationMs: Number(a.duration_ms),
        })),
    }));
  },
  async redeliver(tenantId, id, now) {
    const row = await db
      .updateTable("webhook_deliveries")
      .set({ state: "pending", next_attempt_at: now, updated_at: now })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
    return row && deliveryFromRow(row);
  },
});

export const pushProviderRepository = (db: Kysely<Database>): PushProviderRepository => ({
  async list(tenantId) {
    const rows = await db.selectFrom("push_providers").selectAll().where("tenant_id", "=", tenantId).orderBy("kind").execute();
    return rows.map((r) => ({ tenantId: r.tenant_id, kind: r.kind as PushProviderKind, sealedConfig: r.sealed_config, updatedAt: Number(r.updated_at) }));
  },
  async put(c) {
    await db
      .insertInto("push_providers")
      .values({ tenant_id: c.tenantId, kind: c.kind, sealed_config: c.sealedConfig, updated_at: c.updatedAt })
      .onConflict((oc) => oc.columns(["tenant_id", "kind"]).doUpdateSet({ sealed_config: c.sealedConfig, updated_at: c.updatedAt }))
      .execute();
  },
  async delete(tenantId, kind) {
    const result = await db.deleteFrom("push_providers").where("tenant_id", "=", tenantId).where("kind", "=", kind).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
});
