import { SignetError } from "../errors.js";
import { parseCidr } from "./cidr.js";
import { isIanaTimeZone } from "./facts.js";
import { canonicalIp } from "./ip.js";
import { copyJsonValue } from "./json-value.js";
import { FIELD_OPS, LIMITS, fieldKind, type FieldKind, type Leaf, type Op } from "./types.js";

const LEAF_KEYS = ["field", "op", "value", "timeZone", "windowMinutes"];
const FIELDS = "ip, device.isNew, user.isEnrolled, user.authenticatorCount, hour, velocity or custom.<name>";
const CIDR_HINT = "a list of CIDR ranges such as 10.0.0.0/8 or 2001:db8::/32";

export function fail(message: string): never {
  throw new SignetError("invalid_request", message);
}

/** Validates one leaf (`{ field, op, value, timeZone?, windowMinutes? }`) at `path`; returns a clean copy. */
export function validateLeaf(input: Record<string, unknown>, path: string): Leaf {
  for (const key of Object.keys(input)) {
    if (!LEAF_KEYS.includes(key)) fail(`${path}.${key} is not a known property of a condition (use ${LEAF_KEYS.join(", ")})`);
  }
  const { field, op, timeZone, windowMinutes } = input;
  if (typeof field !== "string") fail(`${path}.field must be a string`);
  const kind = fieldKind(field);
  if (!kind) {
    if (field.startsWith("custom.")) {
      fail(`${path}.field ${JSON.stringify(field)} is not a valid custom path (use custom.<name>, e.g. custom.order.amount, at most ${LIMITS.fieldLength} characters)`);
    }
    fail(`${path}.field ${JSON.stringify(field)} is unknown; use ${FIELDS}`);
  }
  const ops: readonly Op[] = FIELD_OPS[kind];
  if (typeof op !== "string" || !ops.includes(op as Op)) fail(`${path}.op must be one of ${ops.join(", ")} for field ${field}`);
  const leaf: Leaf = { field, op: op as Op, value: undefined };
  if (timeZone !== undefined) {
    if (kind !== "hour") fail(`${path}.timeZone is only allowed for field hour`);
    if (typeof timeZone !== "string" || !isIanaTimeZone(timeZone)) fail(`${path}.timeZone ${JSON.stringify(timeZone)} is not an IANA time zone`);
    leaf.timeZone = timeZone;
  }
  if (kind === "velocity") {
    if (windowMinutes === undefined) fail(`${path}.windowMinutes is required for velocity`);
    if (typeof windowMinutes !== "number" || !Number.isInteger(windowMinutes) || windowMinutes < 1 || windowMinutes > LIMITS.maxWindowMinutes) {
      fail(`${path}.windowMinutes must be a whole number of minutes from 1 to ${LIMITS.maxWindowMinutes}`);
    }
    leaf.windowMinutes = windowMinutes;
  } else if (windowMinutes !== undefined) {
    fail(`${path}.windowMinutes is only allowed for field velocity`);
  }
  if (!Object.hasOwn(input, "value") || input.value === undefined) fail(`${path}.value is required`);
  leaf.value = validateValue(kind, leaf.op, input.value, `${path}.value`);
  return leaf;
}

function validateValue(kind: FieldKind, op: Op, value: unknown, path: string): unknown {
  if (op === "inCidr" || op === "notInCidr") {
    if (!Array.isArray(value) || value.length === 0 || value.length > LIMITS.listItems) {
      fail(`${path} must be ${CIDR_HINT} (1 to ${LIMITS.listItems} of them)`);
    }
    value.forEach((item: unknown, i) => {
      if (!parseCidr(item)) fail(`${path} must be ${CIDR_HINT}; ${path}[${i}] ${JSON.stringify(item)} is not one`);
    });
    return [...(value as string[])];
  }
  if (op === "in") {
    if (!Array.isArray(value) || value.length === 0 || value.length > LIMITS.listItems) {
      fail(`${path} must be a non-empty list of at most ${LIMITS.listItems} values for op in`);
    }
    return Array.from(value, (item: unknown, i) => validateScalar(kind, op, item, `${path}[${i}]`));
  }
  return validateScalar(kind, op, value, path);
}

function validateScalar(kind: FieldKind, op: Op, value: unknown, path: string): unknown {
  switch (kind) {
    case "ip":
      if (typeof value !== "string" || value.includes("%") || !canonicalIp(value)) fail(`${path} must be an IP address such as 203.0.113.7 or 2001:db8::1`);
      return value;
    case "device.isNew":
    case "user.isEnrolled":
      if (typeof value !== "boolean") fail(`${path} must be true or false`);
      return value;
    case "user.authenticatorCount":
    case "velocity":
      if (typeof value !== "number" || !Number.isFinite(value)) fail(`${path} must be a number`);
      return value;
    case "hour":
      if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 23) fail(`${path} must be an hour, a whole number from 0 to 23`);
      return value;
    case "custom":
      if (op === "lt" || op === "lte" || op === "gt" || op === "gte") {
        if (typeof value === "string" || (typeof value === "number" && Number.isFinite(value))) return value;
        fail(`${path} must be a number or a string for op ${op}`);
      }
      return copyJsonValue(value, path, LIMITS.valueDepth, LIMITS.listItems);
  }
}
