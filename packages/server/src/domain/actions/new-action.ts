import { newId } from "../ids.js";
import type { Action, ActionState, RequestContext } from "../model.js";

export interface NewActionFields extends Partial<RequestContext> {
  tenantId: string;
  userId: string;
  actionCode: string;
  idempotencyKey?: string;
  state?: ActionState;
  redirectUrl?: string | null;
  scope?: string;
  custom?: Record<string, unknown> | null;
  evaluation?: Action["evaluation"];
}

/** A new action record; every field not given takes its neutral value. */
export function newAction(now: number, fields: NewActionFields): Action {
  return {
    id: newId(),
    tenantId: fields.tenantId,
    userId: fields.userId,
    actionCode: fields.actionCode,
    idempotencyKey: fields.idempotencyKey ?? newId(),
    state: fields.state ?? "CHALLENGE_REQUIRED",
    stateUpdatedAt: now,
    createdAt: now,
    updatedAt: now,
    verificationMethod: null,
    verifiedByAuthenticatorId: null,
    ipAddress: fields.ipAddress ?? null,
    userAgent: fields.userAgent ?? null,
    deviceId: fields.deviceId ?? null,
    redirectUrl: fields.redirectUrl ?? null,
    scope: fields.scope ?? "read:authenticators",
    custom: fields.custom ?? null,
    validatedAt: null,
    evaluation: fields.evaluation ?? null,
  };
}
