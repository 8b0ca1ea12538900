import type { Challenge } from "../model.js";
import type { Core } from "../core.js";

/** Tells waiters that a challenge was created or changed (after the change is committed). */
export function publishChange(core: Core, challenge: Challenge): void {
  core.events.publish({ tenantId: challenge.tenantId, challengeId: challenge.id, userId: challenge.userId, method: challenge.method });
}
