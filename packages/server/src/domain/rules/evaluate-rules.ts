import { factFor } from "./facts.js";
import { applyOp } from "./ops.js";
import type { ActionConfig, Condition, Evaluation, Facts } from "./types.js";

/**
 * Evaluates a validated action configuration against the facts of one track request.
 *
 * Rules are tried in order and the first whose condition holds decides the outcome; when none
 * holds, the configuration's `defaultOutcome` applies and `ruleIds` is empty.
 *
 * `all` holds when every child holds, `any` when at least one does, `not` when its child does not.
 *
 * Missing facts: a leaf whose fact is missing (no ip, custom path absent, no velocity count for its
 * window, ...) is false whatever its operator — `ne` and `notInCidr` included — so `not` of such a
 * leaf is true. To say "absent or different", write `{ not: { field, op: "eq", value } }`.
 *
 * The function is pure: time comes from `facts.now`, velocity counts from `facts.velocity`.
 */
export function evaluateRules(config: ActionConfig, facts: Facts): Evaluation {
  for (const rule of config.rules) {
    if (!evaluateCondition(rule.condition, facts)) continue;
    const { ruleId, name, description, outcome } = rule;
    return {
      outcome,
      matchedRule: description === undefined ? { ruleId, name, outcome } : { ruleId, name, description, outcome },
      ruleIds: [ruleId],
    };
  }
  return { outcome: config.defaultOutcome, ruleIds: [] };
}

/** Whether a condition holds for the facts (see evaluateRules for the semantics). */
export function evaluateCondition(condition: Condition, facts: Facts): boolean {
  if ("all" in condition) return condition.all.every((child) => evaluateCondition(child, facts));
  if ("any" in condition) return condition.any.some((child) => evaluateCondition(child, facts));
  if ("not" in condition) return !evaluateCondition(condition.not, facts);
  const fact = factFor(condition, facts);
  return fact !== undefined && applyOp(condition, fact);
}
