import { SignetError } from "../errors.js";
import { LIMITS, NUMBER_MATCHING_MODES, OUTCOMES, RULE_ID_PATTERN, type ActionConfig, type Outcome, type Rule } from "./types.js";
import { isRecord, validateCondition, type LeafBudget } from "./validate-condition.js";
import { fail } from "./validate-leaf.js";

const CONFIG_KEYS = ["defaultOutcome", "numberMatching", "rules"];
const RULE_KEYS = ["ruleId", "name", "description", "outcome", "condition"];

function checkKeys(input: Record<string, unknown>, allowed: string[], prefix: string): void {
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) fail(`${prefix}${key} is not a known property (use ${allowed.join(", ")})`);
  }
}

function checkOutcome(value: unknown, path: string): Outcome {
  if (typeof value !== "string" || !(OUTCOMES as readonly string[]).includes(value)) fail(`${path} must be one of ${OUTCOMES.join(", ")}`);
  return value as Outcome;
}

/**
 * Validates an action configuration on write and returns a normalised copy holding only known
 * properties. `defaultOutcome` is required; `rules` may be omitted (no rules). Rules without a
 * `ruleId` get `newRuleId()`; given ids must be unique and match [A-Za-z0-9_-]{1,64}.
 * Errors are SignetError("invalid_request") whose message names the offending path, e.g.
 * `rules[1].condition.all[0].op must be one of eq, ne, in, inCidr, notInCidr for field ip`.
 */
export function validateActionConfig(input: unknown, newRuleId: () => string): ActionConfig {
  if (!isRecord(input)) fail("the action configuration must be a JSON object");
  checkKeys(input, CONFIG_KEYS, "");
  const config: ActionConfig = { defaultOutcome: checkOutcome(input.defaultOutcome, "defaultOutcome"), rules: [] };
  if (input.numberMatching !== undefined) {
    const mode = input.numberMatching;
    if (typeof mode !== "string" || !(NUMBER_MATCHING_MODES as readonly string[]).includes(mode)) {
      fail(`numberMatching must be one of ${NUMBER_MATCHING_MODES.join(", ")}`);
    }
    config.numberMatching = mode as ActionConfig["numberMatching"];
  }
  const rules = input.rules ?? [];
  if (!Array.isArray(rules) || rules.length > LIMITS.rules) fail(`rules must be a list of at most ${LIMITS.rules} rules`);
  const seen = new Map<string, number>();
  const budget: LeafBudget = { leaves: 0 };
  config.rules = Array.from(rules, (rule: unknown, i) => validateRule(rule, i, seen, budget));
  for (const rule of config.rules) {
    if (rule.ruleId === "") rule.ruleId = freshRuleId(newRuleId, seen);
  }
  return config;
}

function validateRule(input: unknown, index: number, seen: Map<string, number>, budget: LeafBudget): Rule {
  const path = `rules[${index}]`;
  if (!isRecord(input)) fail(`${path} must be an object`);
  checkKeys(input, RULE_KEYS, `${path}.`);
  const { ruleId, name, description } = input;
  let id = "";
  if (ruleId !== undefined) {
    if (typeof ruleId !== "string" || !RULE_ID_PATTERN.test(ruleId)) fail(`${path}.ruleId must be 1 to 64 characters of A-Z, a-z, 0-9, _ and -`);
    const first = seen.get(ruleId);
    if (first !== undefined) fail(`${path}.ruleId ${JSON.stringify(ruleId)} is already used by rules[${first}]`);
    seen.set(ruleId, index);
    id = ruleId;
  }
  if (typeof name !== "string" || name.trim().length === 0 || name.length > LIMITS.nameLength) {
    fail(`${path}.name must be a string of 1 to ${LIMITS.nameLength} characters`);
  }
  if (description !== undefined && (typeof description !== "string" || description.length > LIMITS.descriptionLength)) {
    fail(`${path}.description must be a string of at most ${LIMITS.descriptionLength} characters`);
  }
  const outcome = checkOutcome(input.outcome, `${path}.outcome`);
  if (input.condition === undefined) fail(`${path}.condition is required`);
  const condition = validateCondition(input.condition, `${path}.condition`, 1, budget);
  // ruleId "" stands for "to be generated" (a given id cannot be empty).
  return description === undefined ? { ruleId: id, name, outcome, condition } : { ruleId: id, name, description, outcome, condition };
}

function freshRuleId(newRuleId: () => string, seen: Map<string, number>): string {
  for (let attempt = 0; attempt < 10; attempt++) {
    const id = newRuleId();
    if (id.length > 0 && !seen.has(id)) {
      seen.set(id, -1);
      return id;
    }
  }
  throw new SignetError("internal_error", "could not generate a unique rule id");
}
