import { LIMITS, type Condition } from "./types.js";
import { fail, validateLeaf } from "./validate-leaf.js";

const KINDS = ["all", "any", "not", "field"] as const;

/** Counts leaves across a whole configuration, which may hold at most LIMITS.leaves of them. */
export interface LeafBudget {
  leaves: number;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Validates a condition tree at `path` (depth 1 is a rule's own condition; at most LIMITS.depth)
 * and returns a clean copy. `all` and `any` need at least one child: the default outcome already
 * covers "always", and an empty list is more likely a mistake than an intent.
 */
export function validateCondition(input: unknown, path: string, depth: number, budget: LeafBudget): Condition {
  if (!isRecord(input)) fail(`${path} must be an object with one of all, any, not or field`);
  if (depth > LIMITS.depth) fail(`${path} is nested more than ${LIMITS.depth} levels deep`);
  const found = KINDS.filter((k) => Object.hasOwn(input, k));
  const kind = found[0];
  if (found.length !== 1 || kind === undefined) {
    fail(`${path} must have exactly one of all, any, not or field${found.length ? ` (found ${found.join(", ")})` : ""}`);
  }
  if (kind === "field") {
    budget.leaves += 1;
    if (budget.leaves > LIMITS.leaves) fail(`${path} is one condition too many: at most ${LIMITS.leaves} conditions in total`);
    return validateLeaf(input, path);
  }
  for (const key of Object.keys(input)) {
    if (key !== kind) fail(`${path}.${key} is not allowed next to ${kind}`);
  }
  if (kind === "not") return { not: validateCondition(input.not, `${path}.not`, depth + 1, budget) };
  const children = input[kind];
  if (!Array.isArray(children) || children.length === 0) fail(`${path}.${kind} must be a non-empty list of conditions`);
  const copy = Array.from(children, (child: unknown, i) => validateCondition(child, `${path}.${kind}[${i}]`, depth + 1, budget));
  return kind === "all" ? { all: copy } : { any: copy };
}
