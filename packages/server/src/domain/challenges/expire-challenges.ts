import type { Core } from "../core.js";
import { recordAudit, SYSTEM } from "../audit/record-audit.js";
import { publishChange } from "./publish-change.js";

/**
 * Marks challenges whose time ran out as expired, records each in the audit trail, and wakes their
 * waiters (so an SSE stream or socket hears "expired" without polling). Returns how many expired.
 */
export async function expireDueChallenges(core: Core, limit = 500): Promise<number> {
  const now = core.clock.now();
  const expired = await core.store.transaction(async (tx) => {
    const rows = await tx.challenges.expireDue(now, limit);
    for (const c of rows) {
      await recordAudit(tx, SYSTEM, { tenantId: c.tenantId, type: "challenge.expired", at: now, userId: c.userId, details: { challengeId: c.id, method: c.method } });
    }
    return rows;
  });
  for (const c of expired) publishChange(core, c);
  return expired.length;
}
