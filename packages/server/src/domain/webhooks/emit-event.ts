import { newId } from "../ids.js";
import { toIso } from "../clock.js";
import type { Action, Credential, WebhookEventType } from "../model.js";
import type { Repositories } from "../ports.js";

/**
 * Writes a webhook event into the outbox inside the caller's transaction: it is delivered if and only
 * if the change it reports is committed, even when the process dies right after.
 */
export async function emitEvent(tx: Repositories, tenantId: string, type: WebhookEventType, data: Record<string, unknown>, at: number): Promise<void> {
  await tx.outbox.enqueue({ id: newId(), tenantId, type, data, createdAt: at });
}

export const authenticatorEventData = (c: Credential) => ({
  userId: c.userId,
  userAuthenticatorId: c.id,
  verificationMethod: c.method,
  createdAt: toIso(c.createdAt),
});

export const actionEventData = (a: Action) => ({
  userId: a.userId,
  actionCode: a.actionCode,
  idempotencyKey: a.idempotencyKey,
  state: a.state,
  stateUpdatedAt: toIso(a.stateUpdatedAt),
  verificationMethod: a.verificationMethod ?? undefined,
});
