import { evaluateRules } from "./evaluate-rules.js";
import type { Facts } from "./types.js";
import { validateActionConfig } from "./validate-action-config.js";

let counter = 0;
export const sequentialIds = (): string => `rule-${++counter}`;

/** Default facts for tests: 2024-01-15T09:30:00Z, no velocity counts. */
export const NOW = Date.parse("2024-01-15T09:30:00Z");

export function facts(extra: Partial<Facts> = {}): Facts {
  return { now: NOW, velocity: {}, ...extra };
}

/** Whether a condition holds: validates a one-rule configuration and evaluates it. */
export function holds(condition: unknown, extra: Partial<Facts> = {}): boolean {
  const config = validateActionConfig(
    { defaultOutcome: "ALLOW", rules: [{ name: "under test", outcome: "BLOCK", condition }] },
    sequentialIds,
  );
  return evaluateRules(config, facts(extra)).outcome === "BLOCK";
}

/** The message of the error validateActionConfig throws for `input`, or "" when it validates. */
export function errorOf(input: unknown): string {
  try {
    validateActionConfig(input, sequentialIds);
    return "";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export const oneRule = (condition: unknown, rule: Record<string, unknown> = {}) => ({
  defaultOutcome: "ALLOW",
  rules: [{ name: "r", outcome: "BLOCK", condition, ...rule }],
});
