import { SignetError } from "../domain/errors.js";

const MAX_DEPTH = 32;

/** True when any string in a JSON-like value (keys included) contains a NUL character. */
export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (depth > MAX_DEPTH || value === null || typeof value !== "object") return false;
  for (const [key, inner] of Object.entries(value)) if (key.includes("\u0000") || containsNul(inner, depth + 1)) return true;
  return false;
}

/** NUL characters are refused everywhere: PostgreSQL cannot store them and no protocol field needs one. */
export function refuseNul(parts: { body?: unknown; params?: unknown; query?: unknown }): void {
  for (const [where, value] of Object.entries(parts)) {
    if (containsNul(value)) throw new SignetError("invalid_request", `The request ${where} contains a NUL character.`);
  }
}
