import { SignetError } from "../errors.js";

/** Structural equality of JSON values: arrays element by element, objects by key set (any order). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** The child of a JSON object or array, or undefined when absent (arrays are indexed by digits only). */
export function childOf(parent: unknown, key: string): unknown {
  if (typeof parent !== "object" || parent === null) return undefined;
  if (Array.isArray(parent)) return /^(0|[1-9]\d*)$/.test(key) ? parent[Number(key)] : undefined;
  return Object.hasOwn(parent, key) ? (parent as Record<string, unknown>)[key] : undefined;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of a JSON value (null, boolean, finite number, string, array, plain object), refusing
 * anything else and nesting deeper than `maxDepth`, with an error naming `path`. Objects are
 * rebuilt with own data properties only, so a `__proto__` key stays an ordinary key.
 */
export function copyJsonValue(value: unknown, path: string, maxDepth: number, maxItems: number): unknown {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
    throw new SignetError("invalid_request", `${path} must be a finite number`);
  }
  if (typeof value !== "object" || (!Array.isArray(value) && !isPlainObject(value))) {
    throw new SignetError("invalid_request", `${path} must be a JSON value`);
  }
  if (maxDepth <= 0) throw new SignetError("invalid_request", `${path} is nested too deeply`);
  if (Array.isArray(value)) {
    if (value.length > maxItems) throw new SignetError("invalid_request", `${path} must have at most ${maxItems} items`);
    return Array.from(value, (item, i) => copyJsonValue(item, `${path}[${i}]`, maxDepth - 1, maxItems));
  }
  const entries = Object.entries(value);
  if (entries.length > maxItems) throw new SignetError("invalid_request", `${path} must have at most ${maxItems} keys`);
  return Object.fromEntries(entries.map(([k, v]) => [k, copyJsonValue(v, `${path}.${k}`, maxDepth - 1, maxItems)]));
}
