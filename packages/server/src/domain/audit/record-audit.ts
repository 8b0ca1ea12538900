import { newId } from "../ids.js";
import type { Repositories } from "../ports.js";

/** Who asked, as the audit trail records it. */
export interface AuditContext {
  actor: string;
  ipAddress?: string | null;
}

export const SYSTEM: AuditContext = { actor: "system" };

export type AuditType =
  | "tenant.created"
  | "tenant.updated"
  | "rules.updated"
  | "secret.rotated"
  | "credential.added"
  | "credential.removed"
  | "challenge.created"
  | "challenge.answered"
  | "challenge.expired"
  | "challenge.superseded"
  | "token.validated"
  | "rule.matched"
  | "limit.hit"
  | "fraud.reported";

/** Appends to the audit trail (inside the caller's transaction when given one). */
export async function recordAudit(
  repos: Pick<Repositories, "audit">,
  ctx: AuditContext,
  entry: { tenantId: string; type: AuditType; at: number; userId?: string | null; details?: Record<string, unknown> },
): Promise<void> {
  await repos.audit.append({
    id: newId(),
    tenantId: entry.tenantId,
    at: entry.at,
    type: entry.type,
    actor: ctx.actor,
    userId: entry.userId ?? null,
    ipAddress: ctx.ipAddress ?? null,
    details: entry.details ?? null,
  });
}
