/**
 * The rules editor's model (pure: no DOM): readable summaries of conditions, the quick "add a
 * rule" form's value parsing, and JSON parse errors with line and column. The server validates
 * configurations; its messages (which name the path, e.g. rules[0].condition.op) are shown as-is.
 */
import type { ActionConfig, Condition, Leaf, Outcome, Rule } from "./types.js";

export const OUTCOMES: Outcome[] = ["ALLOW", "CHALLENGE", "REVIEW", "BLOCK"];

/** Fields and the operators each allows (as the server's rules engine defines them). */
export const FIELD_OPS: Record<string, string[]> = {
  ip: ["eq", "ne", "in", "inCidr", "notInCidr"],
  "device.isNew": ["eq", "ne"],
  "user.isEnrolled": ["eq", "ne"],
  "user.authenticatorCount": ["eq", "ne", "lt", "lte", "gt", "gte", "in"],
  hour: ["eq", "ne", "lt", "lte", "gt", "gte", "in"],
  velocity: ["eq", "ne", "lt", "lte", "gt", "gte"],
  custom: ["eq", "ne", "lt", "lte", "gt", "gte", "in", "contains"],
};

export const OP_SYMBOLS: Record<string, string> = {
  eq: "=",
  ne: "≠",
  lt: "<",
  lte: "≤",
  gt: ">",
  gte: "≥",
  in: "in",
  contains: "contains",
  inCidr: "in range",
  notInCidr: "not in range",
};

/** The field kind of a field name: custom.<path> is "custom". */
export function fieldKind(field: string): string | undefined {
  if (field.startsWith("custom.") && field.length > "custom.".length) return "custom";
  return Object.hasOwn(FIELD_OPS, field) && field !== "custom" ? field : undefined;
}

const isLeaf = (c: Condition): c is Leaf => typeof c === "object" && c !== null && "field" in c;

function valueText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(valueText).join(", ")}]`;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function leafText(leaf: Leaf): string {
  const op = OP_SYMBOLS[leaf.op] ?? leaf.op;
  const field = leaf.field === "velocity" && leaf.windowMinutes !== undefined ? `attempts in ${leaf.windowMinutes} min` : leaf.field;
  const zone = leaf.field === "hour" ? ` (${leaf.timeZone ?? "UTC"})` : "";
  return `${field}${zone} ${op} ${valueText(leaf.value)}`;
}

/** A one-line reading of a condition: `ip in range [10.0.0.0/8] AND NOT (hour (UTC) ≥ 22)`. */
export function describeCondition(condition: Condition, nested = false): string {
  if (!condition || typeof condition !== "object") return "?";
  if (isLeaf(condition)) return leafText(condition);
  const wrap = (text: string) => (nested ? `(${text})` : text);
  if ("all" in condition) return condition.all.length === 0 ? "always" : wrap(condition.all.map((c) => describeCondition(c, true)).join(" AND "));
  if ("any" in condition) return condition.any.length === 0 ? "never" : wrap(condition.any.map((c) => describeCondition(c, true)).join(" OR "));
  if ("not" in condition) return `NOT ${describeCondition(condition.not, true)}`;
  return "?";
}

/**
 * The value typed in the quick-add form for a leaf. Lists (in, inCidr, notInCidr) are comma
 * separated; booleans and numbers are read as such for the fields that need them; custom values
 * are JSON when they parse as JSON, else plain strings.
 */
export function parseLeafValue(field: string, op: string, text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const kind = fieldKind(field);
  if (!kind) return { ok: false, message: `Unknown field ${JSON.stringify(field)}: use ip, device.isNew, user.isEnrolled, user.authenticatorCount, hour, velocity or custom.<name>.` };
  const trimmed = text.trim();
  const scalar = (item: string): { ok: true; value: unknown } | { ok: false; message: string } => {
    if (kind === "device.isNew" || kind === "user.isEnrolled") {
      if (item === "true" || item === "false") return { ok: true, value: item === "true" };
      return { ok: false, message: "The value must be true or false." };
    }
    if (kind === "user.authenticatorCount" || kind === "hour" || kind === "velocity") {
      if (!/^-?\d+(\.\d+)?$/.test(item)) return { ok: false, message: "The value must be a number." };
      return { ok: true, value: Number(item) };
    }
    if (kind === "custom") {
      try {
        return { ok: true, value: JSON.parse(item) };
      } catch {
        return { ok: true, value: item };
      }
    }
    return { ok: true, value: item };
  };
  if (trimmed === "") return { ok: false, message: "The value is required." };
  if (op === "in" || op === "inCidr" || op === "notInCidr") {
    if (kind === "custom" && trimmed.startsWith("[")) {
      try {
        const list: unknown = JSON.parse(trimmed);
        if (Array.isArray(list)) return { ok: true, value: list };
      } catch {
        // fall through to comma separated
      }
    }
    const values: unknown[] = [];
    for (const item of trimmed.split(",").map((s) => s.trim()).filter(Boolean)) {
      const parsed = scalar(item);
      if (!parsed.ok) return parsed;
      values.push(parsed.value);
    }
    return { ok: true, value: values };
  }
  return scalar(trimmed);
}

/** Builds a leaf from the quick-add form's fields. */
export function buildLeaf(input: { field: string; op: string; value: string; timeZone?: string; windowMinutes?: string }): { ok: true; leaf: Leaf } | { ok: false; message: string } {
  const field = input.field.trim();
  const parsed = parseLeafValue(field, input.op, input.value);
  if (!parsed.ok) return parsed;
  const leaf: Leaf = { field, op: input.op, value: parsed.value };
  if (field === "hour" && input.timeZone && input.timeZone.trim() !== "") leaf.timeZone = input.timeZone.trim();
  if (field === "velocity") {
    const minutes = Number(input.windowMinutes ?? "");
    if (!Number.isInteger(minutes) || minutes < 1) return { ok: false, message: "Velocity needs a window of whole minutes." };
    leaf.windowMinutes = minutes;
  }
  return { ok: true, leaf };
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

/**
 * The offset of the first JSON syntax error in `text`, or undefined when it is valid JSON.
 * (Engines' JSON.parse messages do not reliably say where, so the portal finds out itself.)
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (): never => {
    throw new JsonSyntaxAt(i);
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail();
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === "\\") {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            fail();
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i += 1;
          fail();
        }
        continue;
      }
      if (c < " ") fail();
      i++;
    }
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ":") fail();
        i++;
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '"') return string();
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number && number[0] !== "-" && number[0] !== "") {
      i += number[0].length;
      return;
    }
    for (const literal of ["true", "false", "null"]) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    fail();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return undefined;
  } catch (error) {
    if (error instanceof JsonSyntaxAt) return error.offset;
    throw error;
  }
}

class JsonSyntaxAt {
  constructor(readonly offset: number) {}
}

/** Parses the editor's text; a syntax error says where (line and column). */
export function parseConfigText(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const offset = jsonErrorOffset(text) ?? 0;
    const { line, column } = lineAndColumn(text, offset);
    const found = offset >= text.length ? "the text ends too soon" : `unexpected ${JSON.stringify(text[offset])}`;
    return { ok: false, message: `The JSON is not valid at line ${line}, column ${column}: ${found}.` };
  }
}

/** The rules list to show for the editor's current text (empty when it is not a config). */
export function rulesOf(value: unknown): Rule[] {
  if (!value || typeof value !== "object" || !Array.isArray((value as { rules?: unknown }).rules)) return [];
  return ((value as { rules: unknown[] }).rules).filter((r): r is Rule => !!r && typeof r === "object");
}

/** Appends a rule to the editor's config (or to a new default config when the text is unusable). */
export function appendRule(value: unknown, rule: Rule): ActionConfig {
  const base: ActionConfig =
    value && typeof value === "object" && !Array.isArray(value) ? { ...(value as ActionConfig) } : { defaultOutcome: "CHALLENGE", rules: [] };
  if (!base.defaultOutcome) base.defaultOutcome = "CHALLENGE";
  base.rules = [...(Array.isArray(base.rules) ? base.rules : []), rule];
  return base;
}

/** The stored configuration as the editor shows it (the API's extra keys removed). */
export function editableConfig(stored: Partial<ActionConfig> & Record<string, unknown>): ActionConfig {
  const config: ActionConfig = { defaultOutcome: stored.defaultOutcome ?? "CHALLENGE", rules: stored.rules ?? [] };
  if (stored.numberMatching !== undefined) config.numberMatching = stored.numberMatching;
  return config;
}

export const DEFAULT_CONFIG: ActionConfig = { defaultOutcome: "CHALLENGE", rules: [] };
