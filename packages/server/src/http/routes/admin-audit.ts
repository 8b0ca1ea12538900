import { Type } from "typebox";
import type { App, RouteDeps } from "../route-context.js";
import { SignetError } from "../../domain/errors.js";
import { toIso } from "../../domain/clock.js";
import { getTenant } from "../../domain/tenants/tenant-service.js";

function parseTime(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new SignetError("invalid_request", `${field} must be an ISO 8601 time`);
  return at;
}

/** The audit trail: newest first, filtered by type, user and time, paginated with `before`. */
export function adminAuditRoutes(app: App, { core }: RouteDeps): void {
  app.get(
    "/tenants/:tenantId/audit",
    {
      schema: {
        tags: ["admin"],
        params: Type.Object({ tenantId: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({
          type: Type.Optional(Type.String({ maxLength: 64 })),
          userId: Type.Optional(Type.String({ maxLength: 255 })),
          from: Type.Optional(Type.String({ maxLength: 64 })),
          to: Type.Optional(Type.String({ maxLength: 64 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          before: Type.Optional(Type.String({ maxLength: 64 })),
        }),
      },
    },
    async (request) => {
      const tenant = await getTenant(core, request.params.tenantId);
      const q = request.query;
      const limit = q.limit ?? 100;
      const events = await core.store.audit.query(tenant.id, {
        type: q.type,
        userId: q.userId,
        from: parseTime(q.from, "from"),
        to: parseTime(q.to, "to"),
        before: q.before,
        limit,
      });
      return {
        events: events.map((e) => ({ id: e.id, at: toIso(e.at), type: e.type, actor: e.actor, userId: e.userId ?? undefined, ipAddress: e.ipAddress ?? undefined, details: e.details ?? undefined })),
        nextCursor: events.length === limit ? events[events.length - 1]?.id : undefined,
      };
    },
  );
}
