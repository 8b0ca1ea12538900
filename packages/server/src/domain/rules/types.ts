/**
 * Adaptive-MFA rules: the configuration a tenant stores per action code, the facts a track request
 * supplies, and the result of evaluating one against the other. See evaluate-rules.ts for semantics.
 */

export const OUTCOMES = ["ALLOW", "CHALLENGE", "REVIEW", "BLOCK"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OPS = ["eq", "ne", "lt", "lte", "gt", "gte", "in", "contains", "inCidr", "notInCidr"] as const;
export type Op = (typeof OPS)[number];

export const NUMBER_MATCHING_MODES = ["off", "type", "choices"] as const;

export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | Leaf;

export interface Leaf {
  /** `ip`, `device.isNew`, `user.isEnrolled`, `user.authenticatorCount`, `hour`, `velocity` or `custom.<path>`. */
  field: string;
  op: Op;
  value: unknown;
  /** IANA time zone for `hour` (default "UTC"); only allowed on `hour`. */
  timeZone?: string;
  /** Window for `velocity`, whole minutes 1..43200; required on `velocity` and only allowed there. */
  windowMinutes?: number;
}

export interface Rule {
  ruleId: string;
  name: string;
  description?: string;
  outcome: Outcome;
  condition: Condition;
}

export interface ActionConfig {
  defaultOutcome: Outcome;
  numberMatching?: "off" | "type" | "choices";
  rules: Rule[];
}

/** What the caller knows about one track request. Absent facts make the leaves that use them false. */
export interface Facts {
  ip?: string;
  deviceIsNew?: boolean;
  userIsEnrolled?: boolean;
  authenticatorCount?: number;
  custom?: Record<string, unknown>;
  /** The time of the request, ms since the epoch (the source of `hour`). */
  now: number;
  /** windowMinutes → how many times the user tracked this action in that window, this one included. */
  velocity: Record<number, number>;
}

export interface MatchedRule {
  ruleId: string;
  name: string;
  description?: string;
  outcome: Outcome;
}

export interface Evaluation {
  outcome: Outcome;
  matchedRule?: MatchedRule;
  /** The matched rule's id, or empty when the default outcome applied. */
  ruleIds: string[];
}

/** The kinds of field a leaf may test, and the operators each allows. */
export const FIELD_OPS = {
  ip: ["eq", "ne", "in", "inCidr", "notInCidr"],
  "device.isNew": ["eq", "ne"],
  "user.isEnrolled": ["eq", "ne"],
  "user.authenticatorCount": ["eq", "ne", "lt", "lte", "gt", "gte", "in"],
  hour: ["eq", "ne", "lt", "lte", "gt", "gte", "in"],
  velocity: ["eq", "ne", "lt", "lte", "gt", "gte"],
  custom: ["eq", "ne", "lt", "lte", "gt", "gte", "in", "contains"],
} as const satisfies Record<string, readonly Op[]>;
export type FieldKind = keyof typeof FIELD_OPS;

export const LIMITS = {
  rules: 100,
  leaves: 200,
  depth: 10,
  listItems: 1000,
  nameLength: 100,
  descriptionLength: 500,
  fieldLength: 200,
  valueDepth: 10,
  maxWindowMinutes: 43_200,
} as const;

export const RULE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The kind of a field name, or undefined when it is not one the engine knows. */
export function fieldKind(field: string): FieldKind | undefined {
  if (field.startsWith("custom.")) return customPath(field) ? "custom" : undefined;
  return field !== "custom" && Object.hasOwn(FIELD_OPS, field) ? (field as FieldKind) : undefined;
}

/** The segments of a `custom.<a>.<b>` field (each non-empty), or undefined when malformed. */
export function customPath(field: string): string[] | undefined {
  if (!field.startsWith("custom.") || field.length > LIMITS.fieldLength) return undefined;
  const segments = field.slice("custom.".length).split(".");
  return segments.every((s) => s.length > 0) ? segments : undefined;
}

export function isLeaf(condition: Condition): condition is Leaf {
  return Object.hasOwn(condition, "field");
}
