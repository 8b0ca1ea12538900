import { SignetError } from "../errors.js";
import { toIso } from "../clock.js";
import { ACTION_STATES, type Action, type ActionState, type Tenant } from "../model.js";
import type { Core } from "../core.js";
import { assertActionCode } from "./track.js";
import { actionEventData, emitEvent } from "../webhooks/emit-event.js";

async function findAction(core: Core, tenant: Tenant, userId: string, actionCode: string, idempotencyKey: string): Promise<Action> {
  const action = await core.store.actions.findByIdempotencyKey(tenant.id, idempotencyKey);
  if (!action || action.userId !== userId || action.actionCode !== actionCode) {
    throw new SignetError("not_found", `No ${actionCode} action ${idempotencyKey} for user ${userId}.`);
  }
  return action;
}

export async function getAction(core: Core, tenant: Tenant, userId: string, actionCode: string, idempotencyKey: string) {
  const action = await findAction(core, tenant, userId, actionCode, idempotencyKey);
  return {
    state: action.state,
    stateUpdatedAt: toIso(action.stateUpdatedAt),
    createdAt: toIso(action.createdAt),
    verificationMethod: action.verificationMethod ?? undefined,
    rules: action.evaluation?.matchedRule ? [action.evaluation.matchedRule] : [],
    output: { state: action.state, ...(action.evaluation ? { outcome: action.evaluation.outcome, ruleIds: action.evaluation.ruleIds } : {}) },
  };
}

export function parseActionState(value: unknown): ActionState {
  if (typeof value !== "string" || !(ACTION_STATES as readonly string[]).includes(value)) {
    throw new SignetError("invalid_request", `state must be one of ${ACTION_STATES.join(", ")}`);
  }
  return value as ActionState;
}

/** The customer backend sets an action's state, e.g. after a manual review. */
export async function updateAction(core: Core, tenant: Tenant, userId: string, actionCode: string, idempotencyKey: string, state: unknown) {
  const next = parseActionState(state);
  const action = await findAction(core, tenant, userId, actionCode, idempotencyKey);
  const at = core.clock.now();
  const updated = await core.store.transaction(async (tx) => {
    const changed = await tx.actions.setState(action.id, { state: next, at });
    if (changed) await emitEvent(tx, tenant.id, "action.updated", actionEventData(changed), at);
    return changed;
  });
  return { state: updated?.state ?? next };
}

export interface ActionQueryInput {
  fromDate?: string;
  codes?: string;
  state?: string;
}

export async function queryUserActions(core: Core, tenant: Tenant, userId: string, input: ActionQueryInput) {
  let fromDate: number | undefined;
  if (input.fromDate) {
    fromDate = Date.parse(input.fromDate);
    if (Number.isNaN(fromDate)) throw new SignetError("invalid_request", "fromDate must be an ISO 8601 date");
  }
  const codes = input.codes ? input.codes.split(",").filter(Boolean) : undefined;
  codes?.forEach(assertActionCode);
  const state = input.state ? parseActionState(input.state) : undefined;
  const actions = await core.store.actions.query(tenant.id, userId, {
    ...(fromDate !== undefined ? { fromDate } : {}),
    ...(codes ? { codes } : {}),
    ...(state ? { state } : {}),
    limit: 1000,
  });
  return actions.map((a) => ({
    actionCode: a.actionCode,
    idempotencyKey: a.idempotencyKey,
    createdAt: toIso(a.createdAt),
    updatedAt: toIso(a.updatedAt),
    state: a.state,
    stateUpdatedAt: toIso(a.stateUpdatedAt),
    verificationMethod: a.verificationMethod ?? undefined,
    verifiedByAuthenticatorId: a.verifiedByAuthenticatorId ?? undefined,
  }));
}
