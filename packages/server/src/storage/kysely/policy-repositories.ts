import type { Kysely } from "kysely";
import type { ActionConfigRepository, AuditRepository } from "../../domain/ports.js";
import type { Database } from "./database-schema.js";

export const auditRepository = (db: Kysely<Database>): AuditRepository => ({
  async append(e) {
    await db
      .insertInto("audit_events")
      .values({
        id: e.id,
        tenant_id: e.tenantId,
        at: e.at,
        type: e.type,
        actor: e.actor,
        user_id: e.userId,
        ip_address: e.ipAddress,
        details_json: e.details === null ? null : JSON.stringify(e.details),
      })
      .execute();
  },
  async query(tenantId, q) {
    let query = db.selectFrom("audit_events").selectAll().where("tenant_id", "=", tenantId);
    if (q.type) query = query.where("type", "=", q.type);
    if (q.userId) query = query.where("user_id", "=", q.userId);
    if (q.from !== undefined) query = query.where("at", ">=", q.from);
    if (q.to !== undefined) query = query.where("at", "<", q.to);
    if (q.before) {
      const cursor = await db.selectFrom("audit_events").select(["at", "id"]).where("id", "=", q.before).executeTakeFirst();
      if (cursor) {
        query = query.where((eb) => eb.or([eb("at", "<", cursor.at), eb.and([eb("at", "=", cursor.at), eb("id", "<", cursor.id)])]));
      }
    }
    const rows = await query.orderBy("at", "desc").orderBy("id", "desc").limit(q.limit).execute();
    return rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      at: Number(r.at),
      type: r.type,
      actor: r.actor,
      userId: r.user_id,
      ipAddress: r.ip_address,
      details: r.details_json === null ? null : (JSON.parse(r.details_json) as Record<string, unknown>),
    }));
  },
});

export const actionConfigRepository = (db: Kysely<Database>): ActionConfigRepository => {
  const fromRow = (r: { tenant_id: string; action_code: string; config_json: string; updated_at: number }) => ({
    tenantId: r.tenant_id,
    actionCode: r.action_code,
    config: JSON.parse(r.config_json) as Record<string, unknown>,
    updatedAt: Number(r.updated_at),
  });
  return {
    async get(tenantId, actionCode) {
      const row = await db.selectFrom("action_configs").selectAll().where("tenant_id", "=", tenantId).where("action_code", "=", actionCode).executeTakeFirst();
      return row && fromRow(row);
    },
    async list(tenantId) {
      const rows = await db.selectFrom("action_configs").selectAll().where("tenant_id", "=", tenantId).orderBy("action_code").execute();
      return rows.map(fromRow);
    },
    async put(c) {
      const json = JSON.stringify(c.config);
      await db
        .insertInto("action_configs")
        .values({ tenant_id: c.tenantId, action_code: c.actionCode, config_json: json, updated_at: c.updatedAt })
        .onConflict((oc) => oc.columns(["tenant_id", "action_code"]).doUpdateSet({ config_json: json, updated_at: c.updatedAt }))
        .execute();
    },
  };
};
