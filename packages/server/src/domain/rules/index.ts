/**
 * Adaptive-MFA rules engine: pure validation and evaluation of per-action rule configurations.
 * No I/O and no clock: the caller supplies facts (including `now` and velocity counts), looking up
 * only those `requiredFacts` lists. A missing fact makes the leaf that tests it false (so `not` of
 * it true), whatever the operator — see evaluate-rules.ts.
 */
export type { ActionConfig, Condition, Evaluation, Facts, Leaf, MatchedRule, Op, Outcome, Rule } from "./types.js";
export { OUTCOMES, OPS, FIELD_OPS, LIMITS } from "./types.js";
export { validateActionConfig } from "./validate-action-config.js";
export { requiredFacts, type RequiredFacts } from "./required-facts.js";
export { evaluateRules, evaluateCondition } from "./evaluate-rules.js";
export { outcomeToState, type OutcomeState } from "./outcome-to-state.js";
export { parseCidr, cidrMatcher } from "./cidr.js";
export { canonicalIp } from "./ip.js";
