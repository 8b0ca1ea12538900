import { type Kysely, type Migration } from "kysely";

/**
 * The schema, as Kysely migrations written once for every dialect (integers are 64-bit where the
 * dialect has a choice). Add new migrations at the end; never edit a released one.
 */
export const migrations: Record<string, Migration> = {
  "0001_core": {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("tenants")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("settings_json", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("api_secrets")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
        .addColumn("hash", "text", (c) => c.notNull())
        .addColumn("sealed", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("expires_at", "bigint")
        .execute();
      await db.schema.createIndex("api_secrets_tenant").on("api_secrets").column("tenant_id").execute();
      await db.schema
        .createTable("signing_keys")
        .addColumn("kid", "text", (c) => c.primaryKey())
        .addColumn("public_jwk_json", "text", (c) => c.notNull())
        .addColumn("sealed_private_jwk", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("retired_at", "bigint")
        .execute();
      await db.schema
        .createTable("users")
        .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("email", "text")
        .addColumn("phone_number", "text")
        .addColumn("username", "text")
        .addColumn("display_name", "text")
        .addColumn("custom_json", "text")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("users_pk", ["tenant_id", "user_id"])
        .execute();
      await db.schema
        .createTable("credentials")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("method", "text", (c) => c.notNull())
        .addColumn("public_key", "text", (c) => c.notNull())
        .addColumn("device_name", "text")
        .addColumn("device_platform", "text")
        .addColumn("push_token", "text")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("last_verified_at", "bigint")
        .addColumn("expires_at", "bigint")
        .addUniqueConstraint("credentials_key", ["tenant_id", "method", "public_key"])
        .execute();
      await db.schema.createIndex("credentials_user").on("credentials").columns(["tenant_id", "user_id"]).execute();
      await db.schema
        .createTable("actions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("action_code", "text", (c) => c.notNull())
        .addColumn("idempotency_key", "text", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("state_updated_at", "bigint", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addColumn("verification_method", "text")
        .addColumn("verified_by_authenticator_id", "text")
        .addColumn("ip_address", "text")
        .addColumn("user_agent", "text")
        .addColumn("device_id", "text")
        .addColumn("redirect_url", "text")
        .addColumn("scope", "text", (c) => c.notNull())
        .addColumn("custom_json", "text")
        .addColumn("validated_at", "bigint")
        .addColumn("evaluation_json", "text")
        .addUniqueConstraint("actions_idempotency", ["tenant_id", "idempotency_key"])
        .execute();
      await db.schema.createIndex("actions_user").on("actions").columns(["tenant_id", "user_id", "created_at"]).execute();
      await db.schema
        .createTable("challenges")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
        .addColumn("method", "text", (c) => c.notNull())
        .addColumn("user_id", "text")
        .addColumn("action_id", "text")
        .addColumn("action_code", "text")
        .addColumn("target_credential_id", "text")
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .addColumn("answered_at", "bigint")
        .addColumn("answered_by_credential_id", "text")
        .addColumn("device_code_hash", "text")
        .addColumn("claimed_by_credential_id", "text")
        .addColumn("claimed_at", "bigint")
        .addColumn("ip_address", "text")
        .addColumn("user_agent", "text")
        .addColumn("custom_json", "text")
        .addColumn("verification_code", "text")
        .addColumn("verification_choices_json", "text")
        .addColumn("deny_reason", "text")
        .execute();
      await db.schema
        .createIndex("challenges_pending")
        .on("challenges")
        .columns(["tenant_id", "user_id", "method", "state", "expires_at"])
        .execute();
      await db.schema
        .createTable("device_nonces")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
        .addColumn("credential_id", "text", (c) => c.notNull())
        .addColumn("purpose", "text", (c) => c.notNull())
        .addColumn("message", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .addColumn("used_at", "bigint")
        .execute();
      await db.schema.createIndex("device_nonces_credential").on("device_nonces").columns(["credential_id", "purpose"]).execute();
    },
  },
  "0002_webhooks": {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("outbox_events")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("data_json", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("webhook_endpoints")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
        .addColumn("url", "text", (c) => c.notNull())
        .addColumn("event_types_json", "text")
        .addColumn("is_default", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("webhook_endpoints_tenant").on("webhook_endpoints").column("tenant_id").execute();
      await db.schema
        .createTable("webhook_deliveries")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
        .addColumn("event_id", "text", (c) => c.notNull().references("outbox_events.id").onDelete("cascade"))
        .addColumn("endpoint_id", "text", (c) => c.notNull())
        .addColumn("url", "text", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
        .addColumn("last_status_code", "integer")
        .addColumn("last_error", "text")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("webhook_deliveries_due").on("webhook_deliveries").columns(["state", "next_attempt_at"]).execute();
      await db.schema.createIndex("webhook_deliveries_tenant").on("webhook_deliveries").columns(["tenant_id", "created_at"]).execute();
      await db.schema
        .createTable("webhook_attempts")
        .addColumn("delivery_id", "text", (c) => c.notNull().references("webhook_deliveries.id").onDelete("cascade"))
        .addColumn("attempt", "integer", (c) => c.notNull())
        .addColumn("at", "bigint", (c) => c.notNull())
        .addColumn("status_code", "integer")
        .addColumn("error", "text")
        .addColumn("duration_ms", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("webhook_attempts_pk", ["delivery_id", "attempt"])
        .execute();
    },
  },
  "0003_push_providers": {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("push_providers")
        .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("sealed_config", "text", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("push_providers_pk", ["tenant_id", "kind"])
        .execute();
    },
  },
  "0004_audit_and_rules": {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("action_configs")
        .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
        .addColumn("action_code", "text", (c) => c.notNull())
        .addColumn("config_json", "text", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("action_configs_pk", ["tenant_id", "action_code"])
        .execute();
      await db.schema
        .createTable("audit_events")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("tenant_id", "text", (c) => c.notNull())
        .addColumn("at", "bigint", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("user_id", "text")
        .addColumn("ip_address", "text")
        .addColumn("details_json", "text")
        .execute();
      await db.schema.createIndex("audit_events_tenant_at").on("audit_events").columns(["tenant_id", "at"]).execute();
      await db.schema.createIndex("audit_events_user").on("audit_events").columns(["tenant_id", "user_id", "at"]).execute();
    },
  },
};
