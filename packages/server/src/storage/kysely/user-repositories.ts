import type { Kysely } from "kysely";
import type { CredentialRepository, UserRepository } from "../../domain/ports.js";
import type { UserAttributes } from "../../domain/model.js";
import type { Database, UsersTable } from "./database-schema.js";
import { credentialFromRow, credentialToRow, toJson, userFromRow } from "./row-mappers.js";

function attributeColumns(a: UserAttributes): Partial<UsersTable> {
  const columns: Partial<UsersTable> = {};
  if (a.email !== undefined) columns.email = a.email;
  if (a.phoneNumber !== undefined) columns.phone_number = a.phoneNumber;
  if (a.username !== undefined) columns.username = a.username;
  if (a.displayName !== undefined) columns.display_name = a.displayName;
  if (a.custom !== undefined) columns.custom_json = toJson(a.custom);
  return columns;
}

export const userRepository = (db: Kysely<Database>): UserRepository => ({
  async get(tenantId, userId) {
    const row = await db.selectFrom("users").selectAll().where("tenant_id", "=", tenantId).where("user_id", "=", userId).executeTakeFirst();
    return row && userFromRow(row);
  },
  async upsert(tenantId, userId, attributes, now) {
    const columns = attributeColumns(attributes);
    const row = await db
      .insertInto("users")
      .values({
        tenant_id: tenantId,
        user_id: userId,
        email: null,
        phone_number: null,
        username: null,
        display_name: null,
        custom_json: null,
        ...columns,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(["tenant_id", "user_id"]).doUpdateSet({ ...columns, updated_at: now }))
      .returningAll()
      .executeTakeFirstOrThrow();
    return userFromRow(row);
  },
  async search(tenantId, query, limit, after) {
    let q = db.selectFrom("users").selectAll().where("tenant_id", "=", tenantId);
    if (query !== "") {
      // A prefix match as a range (no LIKE wildcards to escape): query <= column < query + U+FFFF.
      const upper = `${query}\uffff`;
      q = q.where((eb) =>
        eb.or(
          (["user_id", "email", "username"] as const).map((column) => eb.and([eb(column, ">=", query), eb(column, "<", upper)])),
        ),
      );
    }
    if (after !== undefined) q = q.where("user_id", ">", after);
    const rows = await q.orderBy("user_id").limit(limit).execute();
    return rows.map(userFromRow);
  },
  async delete(tenantId, userId) {
    const result = await db.deleteFrom("users").where("tenant_id", "=", tenantId).where("user_id", "=", userId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
});

export const credentialRepository = (db: Kysely<Database>): CredentialRepository => ({
  async insert(c) {
    await db.insertInto("credentials").values(credentialToRow(c)).execute();
  },
  async get(tenantId, id) {
    const row = await db.selectFrom("credentials").selectAll().where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
    return row && credentialFromRow(row);
  },
  async findByPublicKey(tenantId, method, publicKey) {
    const row = await db
      .selectFrom("credentials")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("method", "=", method)
      .where("public_key", "=", publicKey)
      .executeTakeFirst();
    return row && credentialFromRow(row);
  },
  async listForUser(tenantId, userId, method) {
    let query = db.selectFrom("credentials").selectAll().where("tenant_id", "=", tenantId).where("user_id", "=", userId);
    if (method) query = query.where("method", "=", method);
    const rows = await query.orderBy("created_at").orderBy("id").execute();
    return rows.map(credentialFromRow);
  },
  async delete(tenantId, id) {
    const result = await db.deleteFrom("credentials").where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
  async deleteForUser(tenantId, userId) {
    const result = await db.deleteFrom("credentials").where("tenant_id", "=", tenantId).where("user_id", "=", userId).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
  async update(c) {
    const { id, tenant_id, ...columns } = credentialToRow(c);
    await db.updateTable("credentials").set(columns).where("tenant_id", "=", tenant_id).where("id", "=", id).execute();
  },
});
