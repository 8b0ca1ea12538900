import { randomBytes, randomUUID } from "node:crypto";

/** Random identifiers. UUIDs where the protocol shows UUIDs, prefixed random strings elsewhere. */
export const newId = (): string => randomUUID();

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}
