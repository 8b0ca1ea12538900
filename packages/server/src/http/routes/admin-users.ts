import { Type } from "typebox";
import type { App, RouteDeps } from "../route-context.js";
import { SignetError } from "../../domain/errors.js";
import { toIso } from "../../domain/clock.js";
import { getTenant } from "../../domain/tenants/tenant-service.js";
import { authenticatorView, deleteAuthenticator } from "../../domain/users/user-service.js";
import { challengeStats } from "../../domain/users/challenge-stats.js";

const TenantParams = Type.Object({ tenantId: Type.String({ maxLength: 64 }) });
const UserParams = Type.Object({ tenantId: Type.String({ maxLength: 64 }), userId: Type.String({ minLength: 1, maxLength: 255 }) });

/** The portal's user screens (search, authenticators, timeline) and its dashboard statistics. */
export function adminUserRoutes(app: App, { core }: RouteDeps): void {
  const tags = ["admin"];

  app.get(
    "/tenants/:tenantId/users",
    { schema: { tags, params: TenantParams, querystring: Type.Object({ query: Type.Optional(Type.String({ maxLength: 255 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), after: Type.Optional(Type.String({ maxLength: 255 })) }) } },
    async (request) => {
      const tenant = await getTenant(core, request.params.tenantId);
      const limit = request.query.limit ?? 50;
      const users = await core.store.users.search(tenant.id, request.query.query ?? "", limit, request.query.after);
      return {
        users: users.map((u) => ({ userId: u.userId, email: u.email ?? undefined, username: u.username ?? undefined, displayName: u.displayName ?? undefined, createdAt: toIso(u.createdAt) })),
        nextCursor: users.length === limit ? users[users.length - 1]?.userId : undefined,
      };
    },
  );

  app.get("/tenants/:tenantId/users/:userId", { schema: { tags, params: UserParams } }, async (request) => {
    const tenant = await getTenant(core, request.params.tenantId);
    const { userId } = request.params;
    const user = await core.store.users.get(tenant.id, userId);
    if (!user) throw new SignetError("not_found", `No user ${userId}.`);
    const [credentials, actions, audit] = await Promise.all([
      core.store.credentials.listForUser(tenant.id, userId),
      core.store.actions.query(tenant.id, userId, { limit: 100 }),
      core.store.audit.query(tenant.id, { userId, limit: 100 }),
    ]);
    return {
      user: { userId, email: user.email ?? undefined, username: user.username ?? undefined, displayName: user.displayName ?? undefined, custom: user.custom ?? undefined, createdAt: toIso(user.createdAt) },
      authenticators: credentials.map((c) => ({ ...authenticatorView(c), hasPushToken: c.pushToken !== null })),
      timeline: actions.map((a) => ({
        actionCode: a.actionCode,
        idempotencyKey: a.idempotencyKey,
        state: a.state,
        createdAt: toIso(a.createdAt),
        stateUpdatedAt: toIso(a.stateUpdatedAt),
        verificationMethod: a.verificationMethod ?? undefined,
        ipAddress: a.ipAddress ?? undefined,
        userAgent: a.userAgent ?? undefined,
        ruleIds: a.evaluation?.ruleIds,
      })),
      audit: audit.map((e) => ({ at: toIso(e.at), type: e.type, actor: e.actor, ipAddress: e.ipAddress ?? undefined, details: e.details ?? undefined })),
    };
  });

  app.delete(
    "/tenants/:tenantId/users/:userId/authenticators/:userAuthenticatorId",
    { schema: { tags, params: Type.Object({ tenantId: Type.String({ maxLength: 64 }), userId: Type.String({ maxLength: 255 }), userAuthenticatorId: Type.String({ maxLength: 64 }) }) } },
    async (request) => {
      const tenant = await getTenant(core, request.params.tenantId);
      await deleteAuthenticator(core, tenant.id, request.params.userId, request.params.userAuthenticatorId, { actor: "admin", ipAddress: request.ip });
      return { success: true };
    },
  );

  app.get(
    "/tenants/:tenantId/stats",
    { schema: { tags, params: TenantParams, querystring: Type.Object({ hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 168 })) }) } },
    async (request) => {
      const tenant = await getTenant(core, request.params.tenantId);
      const hours = request.query.hours ?? 24;
      const since = core.clock.now() - hours * 3_600_000;
      return challengeStats(await core.store.challenges.listCreatedSince(tenant.id, since, 100_000), since, hours);
    },
  );
}
