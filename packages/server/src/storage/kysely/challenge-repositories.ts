import type { Kysely } from "kysely";
import type { ActionRepository, ChallengeRepository, NonceRepository } from "../../domain/ports.js";
import type { Database } from "./database-schema.js";
import { actionFromRow, actionToRow, challengeFromRow, challengeToRow, nonceFromRow } from "./row-mappers.js";

export const actionRepository = (db: Kysely<Database>): ActionRepository => ({
  async insert(a) {
    await db.insertInto("actions").values(actionToRow(a)).execute();
  },
  async get(id) {
    const row = await db.selectFrom("actions").selectAll().where("id", "=", id).executeTakeFirst();
    return row && actionFromRow(row);
  },
  async findByIdempotencyKey(tenantId, idempotencyKey) {
    const row = await db
      .selectFrom("actions")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("idempotency_key", "=", idempotencyKey)
      .executeTakeFirst();
    return row && actionFromRow(row);
  },
  async query(tenantId, userId, q) {
    let query = db.selectFrom("actions").selectAll().where("tenant_id", "=", tenantId).where("user_id", "=", userId);
    if (q.fromDate !== undefined) query = query.where("created_at", ">=", q.fromDate);
    if (q.codes && q.codes.length > 0) query = query.where("action_code", "in", q.codes);
    if (q.state) query = query.where("state", "=", q.state);
    const rows = await query.orderBy("created_at", "desc").orderBy("id").limit(q.limit).execute();
    return rows.map(actionFromRow);
  },
  async setState(id, change) {
    const row = await db
      .updateTable("actions")
      .set({
        state: change.state,
        state_updated_at: change.at,
        updated_at: change.at,
        ...(change.verificationMethod ? { verification_method: change.verificationMethod } : {}),
        ...(change.verifiedByAuthenticatorId ? { verified_by_authenticator_id: change.verifiedByAuthenticatorId } : {}),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
    return row && actionFromRow(row);
  },
  async countSince(tenantId, userId, actionCode, since) {
    const row = await db
      .selectFrom("actions")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("tenant_id", "=", tenantId)
      .where("user_id", "=", userId)
      .where("action_code", "=", actionCode)
      .where("created_at", ">=", since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
  async hasDevice(tenantId, userId, deviceId) {
    const row = await db
      .selectFrom("actions")
      .select("id")
      .where("tenant_id", "=", tenantId)
      .where("user_id", "=", userId)
      .where("device_id", "=", deviceId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },
  async markValidated(id, at) {
    const row = await db
      .updateTable("actions")
      .set({ validated_at: at, updated_at: at })
      .where("id", "=", id)
      .where("validated_at", "is", null)
      .where("state", "=", "CHALLENGE_SUCCEEDED")
      .returningAll()
      .executeTakeFirst();
    return row && actionFromRow(row);
  },
  async deleteForUser(tenantId, userId) {
    const result = await db.deleteFrom("actions").where("tenant_id", "=", tenantId).where("user_id", "=", userId).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
});

export const challengeRepository = (db: Kysely<Database>): ChallengeRepository => ({
  async insert(c) {
    await db.insertInto("challenges").values(challengeToRow(c)).execute();
  },
  async get(tenantId, id) {
    const row = await db.selectFrom("challenges").selectAll().where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
    return row && challengeFromRow(row);
  },
  async findById(id) {
    const row = await db.selectFrom("challenges").selectAll().where("id", "=", id).executeTakeFirst();
    return row && challengeFromRow(row);
  },
  async findPendingFor(credential, now) {
    const row = await db
      .selectFrom("challenges")
      .selectAll()
      .where("tenant_id", "=", credential.tenantId)
      .where("user_id", "=", credential.userId)
      .where("method", "=", credential.method)
      .where("state", "=", "pending")
      .where("expires_at", ">", now)
      .where((eb) => eb.or([eb("target_credential_id", "is", null), eb("target_credential_id", "=", credential.id)]))
      .orderBy("created_at", "desc")
      .orderBy("id")
      .limit(1)
      .executeTakeFirst();
    return row && challengeFromRow(row);
  },
  async answer(tenantId, id, change) {
    const row = await db
      .updateTable("challenges")
      .set({
        state: change.state,
        answered_at: change.at,
        answered_by_credential_id: change.credentialId,
        user_id: change.userId,
        action_id: change.actionId,
        action_code: change.actionCode,
        deny_reason: change.denyReason ?? null,
      })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .where("state", "=", change.from)
      .where("expires_at", ">", change.at)
      .where((eb) => (change.from === "claimed" ? eb("claimed_by_credential_id", "=", change.credentialId) : eb.lit(true)))
      .returningAll()
      .executeTakeFirst();
    return row && challengeFromRow(row);
  },
  async supersedePending(tenantId, userId, method, at) {
    const rows = await db
      .updateTable("challenges")
      .set({ state: "superseded", answered_at: at })
      .where("tenant_id", "=", tenantId)
      .where("user_id", "=", userId)
      .where("method", "=", method)
      .where("state", "=", "pending")
      .returningAll()
      .execute();
    return rows.map(challengeFromRow);
  },
  async createdTimesSince(tenantId, userId, method, since, limit) {
    const rows = await db
      .selectFrom("challenges")
      .select("created_at")
      .where("tenant_id", "=", tenantId)
      .where("user_id", "=", userId)
      .where("method", "=", method)
      .where("created_at", ">=", since)
      .orderBy("created_at")
      .limit(limit)
      .execute();
    return rows.map((r) => Number(r.created_at));
  },
  async recentAnswered(tenantId, userId, method, limit) {
    const rows = await db
      .selectFrom("challenges")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("user_id", "=", userId)
      .where("method", "=", method)
      .where("state", "in", ["approved", "denied"])
      .orderBy("answered_at", "desc")
      .limit(limit)
      .execute();
    return rows.map(challengeFromRow);
  },
  async listCreatedSince(tenantId, since, limit) {
    const rows = await db
      .selectFrom("challenges")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("created_at", ">=", since)
      .orderBy("created_at")
      .limit(limit)
      .execute();
    return rows.map(challengeFromRow);
  },
  async expireDue(now, limit) {
    const rows = await db
      .updateTable("challenges")
      .set({ state: "expired" })
      .where("id", "in", (eb) =>
        eb.selectFrom("challenges").select("id").where("state", "in", ["pending", "claimed"]).where("expires_at", "<=", now).limit(limit),
      )
      .where("state", "in", ["pending", "claimed"])
      .returningAll()
      .execute();
    return rows.map(challengeFromRow);
  },
  async claim(tenantId, id, change) {
    const row = await db
      .updateTable("challenges")
      .set({ state: "claimed", claimed_at: change.at, claimed_by_credential_id: change.credentialId, user_id: change.userId })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .where("state", "=", "pending")
      .where("expires_at", ">", change.at)
      .where((eb) => eb.or([eb("user_id", "is", null), eb("user_id", "=", change.userId)]))
      .returningAll()
      .executeTakeFirst();
    return row && challengeFromRow(row);
  },
  async deleteForUser(tenantId, userId) {
    const result = await db.deleteFrom("challenges").where("tenant_id", "=", tenantId).where("user_id", "=", userId).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
});

export const nonceRepository = (db: Kysely<Database>): NonceRepository => ({
  async insert(n) {
    await db
      .insertInto("device_nonces")
      .values({
        id: n.id,
        tenant_id: n.tenantId,
        credential_id: n.credentialId,
        purpose: n.purpose,
        message: n.message,
        created_at: n.createdAt,
        expires_at: n.expiresAt,
        used_at: n.usedAt,
      })
      .execute();
  },
  async consume(tenantId, credentialId, id, now) {
    const row = await db
      .updateTable("device_nonces")
      .set({ used_at: now })
      .where("tenant_id", "=", tenantId)
      .where("credential_id", "=", credentialId)
      .where("id", "=", id)
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .returningAll()
      .executeTakeFirst();
    return row && nonceFromRow(row);
  },
  async listUsable(tenantId, credentialId, purpose, now) {
    const rows = await db
      .selectFrom("device_nonces")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("credential_id", "=", credentialId)
      .where("purpose", "=", purpose)
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .orderBy("created_at", "desc")
      .limit(10)
      .execute();
    return rows.map(nonceFromRow);
  },
  async deleteExpired(now) {
    const result = await db.deleteFrom("device_nonces").where("expires_at", "<=", now).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
});
