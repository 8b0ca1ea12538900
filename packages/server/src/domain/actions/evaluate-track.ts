import type { Core } from "../core.js";
import type { ActionEvaluation, Tenant } from "../model.js";
import { evaluateRules, requiredFacts, type ActionConfig, type Facts } from "../rules/index.js";
import { enrolledMethods } from "../users/user-service.js";

export interface TrackFacts {
  userId: string;
  actionCode: string;
  ipAddress?: string;
  deviceId?: string;
  custom?: Record<string, unknown>;
}

/** The facts a configuration's rules need, looked up only when a rule uses them. */
export async function gatherFacts(core: Core, tenant: Tenant, config: ActionConfig, input: TrackFacts, now: number): Promise<Facts> {
  const need = requiredFacts(config);
  const facts: Facts = { now, velocity: {}, ...(input.ipAddress ? { ip: input.ipAddress } : {}), ...(input.custom ? { custom: input.custom } : {}) };
  if (need.needsDeviceNovelty && input.deviceId) {
    facts.deviceIsNew = !(await core.store.actions.hasDevice(tenant.id, input.userId, input.deviceId));
  }
  if (need.needsEnrolment) {
    const credentials = await core.store.credentials.listForUser(tenant.id, input.userId);
    facts.userIsEnrolled = enrolledMethods(credentials, now).length > 0;
    facts.authenticatorCount = credentials.filter((c) => c.expiresAt === null || c.expiresAt > now).length;
  }
  for (const minutes of need.velocityWindows) {
    facts.velocity[minutes] = (await core.store.actions.countSince(tenant.id, input.userId, input.actionCode, now - minutes * 60_000)) + 1;
  }
  return facts;
}

/** The tenant's stored configuration for an action code, if it has one. */
export async function actionConfigOf(core: Core, tenant: Tenant, actionCode: string): Promise<ActionConfig | undefined> {
  return (await core.store.actionConfigs.get(tenant.id, actionCode))?.config as ActionConfig | undefined;
}

/** Evaluates the action's rules for a track request (before the action is recorded). */
export async function evaluateTrack(core: Core, tenant: Tenant, config: ActionConfig, input: TrackFacts, now: number): Promise<ActionEvaluation> {
  const result = evaluateRules(config, await gatherFacts(core, tenant, config, input, now));
  return { outcome: result.outcome, ruleIds: result.ruleIds, ...(result.matchedRule ? { matchedRule: result.matchedRule } : {}) };
}
