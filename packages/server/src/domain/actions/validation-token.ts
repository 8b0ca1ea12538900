import type { Action, Tenant } from "../model.js";
import type { Core } from "../core.js";

/** A validation token for a completed action: what the customer backend passes to POST /validate. */
export async function issueValidationToken(core: Core, tenant: Tenant, action: Action): Promise<string> {
  const { token } = await core.tokens.issue(
    {
      kind: "validation",
      tenantId: tenant.id,
      userId: action.userId,
      actionId: action.id,
      actionCode: action.actionCode,
      idempotencyKey: action.idempotencyKey,
      scopes: ["read:authenticators"],
    },
    tenant.settings.tokenTtlSeconds,
  );
  return token;
}
