import { cidrMatcher } from "./cidr.js";
import { canonicalIp } from "./ip.js";
import { deepEqual } from "./json-value.js";
import { fieldKind, type Leaf } from "./types.js";

/**
 * Applies a leaf's operator to a fact that is present (see facts.ts for absence):
 * - eq / ne: structural equality of JSON values; IP addresses compare canonically
 *   (`::ffff:1.2.3.4` = `1.2.3.4`, `::1` = `0:0:0:0:0:0:0:1`).
 * - lt / lte / gt / gte: both numbers, or both strings compared by UTF-16 code units (so ISO-8601
 *   timestamps in the same format order correctly); any other pairing is false.
 * - in: the value is a list with an element equal (as eq) to the fact.
 * - contains: the fact is a string containing the value as a substring (value a string), or a list
 *   with an element equal to the value.
 * - inCidr / notInCidr: the fact is an IP address inside / outside every listed range.
 */
export function applyOp(leaf: Leaf, fact: unknown): boolean {
  const isIp = fieldKind(leaf.field) === "ip";
  const equals = (candidate: unknown): boolean => (isIp ? ipEquals(fact, candidate) : deepEqual(fact, candidate));
  const { value } = leaf;
  switch (leaf.op) {
    case "eq":
      return equals(value);
    case "ne":
      return !equals(value);
    case "lt":
      return compare(fact, value) < 0;
    case "lte":
      return compare(fact, value) <= 0;
    case "gt":
      return compare(fact, value) > 0;
    case "gte":
      return compare(fact, value) >= 0;
    case "in":
      return Array.isArray(value) && value.some(equals);
    case "contains":
      if (typeof fact === "string") return typeof value === "string" && fact.includes(value);
      return Array.isArray(fact) && fact.some((item) => deepEqual(item, value));
    case "inCidr":
      return typeof fact === "string" && Array.isArray(value) && cidrMatcher(value as string[])(fact) === true;
    case "notInCidr":
      return typeof fact === "string" && Array.isArray(value) && cidrMatcher(value as string[])(fact) === false;
    default:
      return false;
  }
}

function ipEquals(fact: unknown, candidate: unknown): boolean {
  return typeof fact === "string" && typeof candidate === "string" && canonicalIp(fact)?.address === canonicalIp(candidate)?.address;
}

/** Negative, zero or positive for comparable pairs; NaN (every comparison false) otherwise. */
function compare(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return Number.NaN;
}
