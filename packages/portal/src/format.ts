/** Display formatting shared by the screens. */

export function formatTime(iso: string | undefined | null): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** "14:00" for an hour bucket, in the viewer's time zone. */
export function formatHour(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/** 90 → "1 min 30 s", 3600 → "1 h". */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "never";
  if (seconds === 0) return "0 s";
  const parts: string[] = [];
  const units: Array<[number, string]> = [[86_400, "d"], [3600, "h"], [60, "min"], [1, "s"]];
  let rest = seconds;
  for (const [size, unit] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    }
  }
  return parts.join(" ");
}

/** A datetime-local input's value (local time) as ISO 8601, or undefined when empty/invalid. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** "12:50:09" for a time today, else the short date and time. */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString() : formatTime(iso);
}

/** An audit event's details as "key: value" pairs (strings bare, lists of names comma-separated, the rest as JSON). */
export function formatDetails(details: Record<string, unknown> | undefined): Array<[string, string]> {
  if (!details) return [];
  const text = (value: unknown): string => {
    if (typeof value === "string") return value;
    if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number")) return value.join(", ");
    return JSON.stringify(value);
  };
  return Object.entries(details).map(([key, value]) => [key, text(value)]);
}
