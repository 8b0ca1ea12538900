import type { Kysely } from "kysely";
import type { SecretRepository, SigningKeyRepository, TenantRepository } from "../../domain/ports.js";
import type { Database } from "./database-schema.js";
import { secretFromRow, signingKeyFromRow, tenantFromRow } from "./row-mappers.js";

export const tenantRepository = (db: Kysely<Database>): TenantRepository => ({
  async insert(t) {
    await db
      .insertInto("tenants")
      .values({ id: t.id, name: t.name, settings_json: JSON.stringify(t.settings), created_at: t.createdAt, updated_at: t.updatedAt })
      .execute();
  },
  async get(id) {
    const row = await db.selectFrom("tenants").selectAll().where("id", "=", id).executeTakeFirst();
    return row && tenantFromRow(row);
  },
  async list() {
    const rows = await db.selectFrom("tenants").selectAll().orderBy("created_at").orderBy("id").execute();
    return rows.map(tenantFromRow);
  },
  async update(t) {
    await db
      .updateTable("tenants")
      .set({ name: t.name, settings_json: JSON.stringify(t.settings), updated_at: t.updatedAt })
      .where("id", "=", t.id)
      .execute();
  },
  async count() {
    const row = await db.selectFrom("tenants").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    return Number(row.n);
  },
});

export const secretRepository = (db: Kysely<Database>): SecretRepository => ({
  async insert(s) {
    await db
      .insertInto("api_secrets")
      .values({ id: s.id, tenant_id: s.tenantId, hash: s.hash, sealed: s.sealed, created_at: s.createdAt, expires_at: s.expiresAt })
      .execute();
  },
  async get(id) {
    const row = await db.selectFrom("api_secrets").selectAll().where("id", "=", id).executeTakeFirst();
    return row && secretFromRow(row);
  },
  async listValid(tenantId, now) {
    const rows = await db
      .selectFrom("api_secrets")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
      .orderBy("created_at", "desc")
      .execute();
    return rows.map(secretFromRow);
  },
  async expireAllAfter(tenantId, expiresAt) {
    await db
      .updateTable("api_secrets")
      .set({ expires_at: expiresAt })
      .where("tenant_id", "=", tenantId)
      .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", expiresAt)]))
      .execute();
  },
});

export const signingKeyRepository = (db: Kysely<Database>): SigningKeyRepository => ({
  async insert(k) {
    await db
      .insertInto("signing_keys")
      .values({
        kid: k.kid,
        public_jwk_json: JSON.stringify(k.publicJwk),
        sealed_private_jwk: k.sealedPrivateJwk,
        created_at: k.createdAt,
        retired_at: k.retiredAt,
      })
      .execute();
  },
  async listActive() {
    const rows = await db.selectFrom("signing_keys").selectAll().where("retired_at", "is", null).orderBy("created_at", "desc").execute();
    return rows.map(signingKeyFromRow);
  },
});
