import { canonicalIp } from "./ip.js";
import { childOf } from "./json-value.js";
import { customPath, fieldKind, type Facts, type Leaf } from "./types.js";

/**
 * The value a leaf tests, or undefined when the fact is missing: no ip (or one that is not an IP
 * address), no device/enrolment lookup, no `custom` data or no value at the custom path, a `now`
 * that is not a finite number, or no velocity count for the leaf's window. A custom value that is
 * JSON `null` is present (it equals `null`). IP addresses come back canonical (see ip.ts).
 */
export function factFor(leaf: Leaf, facts: Facts): unknown {
  switch (fieldKind(leaf.field)) {
    case "ip":
      return typeof facts.ip === "string" ? canonicalIp(facts.ip)?.address : undefined;
    case "device.isNew":
      return typeof facts.deviceIsNew === "boolean" ? facts.deviceIsNew : undefined;
    case "user.isEnrolled":
      return typeof facts.userIsEnrolled === "boolean" ? facts.userIsEnrolled : undefined;
    case "user.authenticatorCount":
      return finite(facts.authenticatorCount);
    case "hour":
      return hourIn(facts.now, leaf.timeZone ?? "UTC");
    case "velocity":
      return leaf.windowMinutes === undefined ? undefined : finite(facts.velocity?.[leaf.windowMinutes]);
    case "custom":
      return customFact(leaf.field, facts.custom);
    default:
      return undefined;
  }
}

function finite(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The value at `custom.a.b` in the request's custom data; array elements are addressed by index. */
export function customFact(field: string, custom: Record<string, unknown> | undefined): unknown {
  const segments = customPath(field);
  if (!segments) return undefined;
  let current: unknown = custom;
  for (const segment of segments) {
    current = childOf(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", hourCycle: "h23" });
    } catch {
      formatter = null;
    }
    if (formatters.size >= 1000) formatters.clear();
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The hour of the day (0-23) at `now` (ms) in an IANA time zone, or undefined if either is unusable. */
export function hourIn(now: number, timeZone: string): number | undefined {
  if (!Number.isFinite(now) || Math.abs(now) > 8.64e15) return undefined;
  const formatter = formatterFor(timeZone);
  const part = formatter?.formatToParts(now).find((p) => p.type === "hour");
  const hour = part ? Number(part.value) : Number.NaN;
  return Number.isInteger(hour) ? hour % 24 : undefined;
}

/** True when the runtime knows the time zone by an IANA name (offsets such as "+05:00" are refused). */
export function isIanaTimeZone(timeZone: string): boolean {
  return timeZone.length > 0 && timeZone.length <= 64 && !/^[+-]/.test(timeZone) && formatterFor(timeZone) !== null;
}
