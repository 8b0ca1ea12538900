import { Type } from "typebox";
import type { App, RouteDeps } from "../route-context.js";
import { SignetError } from "../../domain/errors.js";
import { toIso } from "../../domain/clock.js";
import { newId } from "../../domain/ids.js";
import { getTenant } from "../../domain/tenants/tenant-service.js";
import { assertActionCode } from "../../domain/actions/track.js";
import { gatherFacts } from "../../domain/actions/evaluate-track.js";
import { evaluateRules, outcomeToState, validateActionConfig, type ActionConfig } from "../../domain/rules/index.js";
import { recordAudit } from "../../domain/audit/record-audit.js";

const Params = Type.Object({ tenantId: Type.String({ maxLength: 64 }), actionCode: Type.String({ maxLength: 64 }) });

/**
 * Adaptive MFA per action code: the whole configuration `{defaultOutcome, numberMatching?, rules}` is
 * PUT at once (validated, rule ids filled in), read back, listed, and tried on a sample request.
 */
export function adminActionRoutes(app: App, { core }: RouteDeps): void {
  const tags = ["admin"];

  app.put("/tenants/:tenantId/actions/:actionCode", { schema: { tags, params: Params, body: Type.Unknown() } }, async (request) => {
    const tenant = await getTenant(core, request.params.tenantId);
    assertActionCode(request.params.actionCode);
    const config = validateActionConfig(request.body, () => newId());
    const updatedAt = core.clock.now();
    await core.store.transaction(async (tx) => {
      await tx.actionConfigs.put({ tenantId: tenant.id, actionCode: request.params.actionCode, config: config as unknown as Record<string, unknown>, updatedAt });
      await recordAudit(tx, { actor: "admin", ipAddress: request.ip }, { tenantId: tenant.id, type: "rules.updated", at: updatedAt, details: { actionCode: request.params.actionCode, rules: config.rules.length } });
    });
    return { actionCode: request.params.actionCode, ...config, updatedAt: toIso(updatedAt) };
  });

  app.get("/tenants/:tenantId/actions/:actionCode", { schema: { tags, params: Params } }, async (request) => {
    const tenant = await getTenant(core, request.params.tenantId);
    const stored = await core.store.actionConfigs.get(tenant.id, request.params.actionCode);
    if (!stored) throw new SignetError("not_found", `No configuration for action ${request.params.actionCode}: it uses the defaults.`);
    return { actionCode: stored.actionCode, ...stored.config, updatedAt: toIso(stored.updatedAt) };
  });

  app.get("/tenants/:tenantId/actions", { schema: { tags, params: Type.Object({ tenantId: Type.String({ maxLength: 64 }) }) } }, async (request) => {
    const tenant = await getTenant(core, request.params.tenantId);
    return (await core.store.actionConfigs.list(tenant.id)).map((c) => ({ actionCode: c.actionCode, ...c.config, updatedAt: toIso(c.updatedAt) }));
  });

  app.post(
    "/tenants/:tenantId/actions/:actionCode/dry-run",
    {
      schema: {
        tags,
        params: Params,
        body: Type.Object({
          userId: Type.String({ minLength: 1, maxLength: 255 }),
          ipAddress: Type.Optional(Type.String({ maxLength: 64 })),
          deviceId: Type.Optional(Type.String({ maxLength: 255 })),
          custom: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
          at: Type.Optional(Type.String({ maxLength: 64 })),
          config: Type.Optional(Type.Unknown()),
        }),
      },
    },
    async (request) => {
      const tenant = await getTenant(core, request.params.tenantId);
      const { actionCode } = request.params;
      const body = request.body;
      let config: ActionConfig;
      if (body.config !== undefined) config = validateActionConfig(body.config, () => newId());
      else {
        const stored = await core.store.actionConfigs.get(tenant.id, actionCode);
        if (!stored) throw new SignetError("not_found", `No configuration for action ${actionCode}; pass one as "config" to try it.`);
        config = stored.config as unknown as ActionConfig;
      }
      const now = body.at !== undefined ? Date.parse(body.at) : core.clock.now();
      if (Number.isNaN(now)) throw new SignetError("invalid_request", "at must be an ISO 8601 time");
      const facts = await gatherFacts(core, tenant, config, { userId: body.userId, actionCode, ipAddress: body.ipAddress, deviceId: body.deviceId, custom: body.custom }, now);
      const result = evaluateRules(config, facts);
      return { ...result, state: outcomeToState(result.outcome), facts };
    },
  );
}
