import { decodeBase64Flexible } from "../../domain/crypto/base64.js";

export type Authorization = { scheme: "basic"; user: string; password: string } | { scheme: "bearer"; token: string } | undefined;

/** Reads an Authorization header: Basic (base64 in any flavour, with or without a colon) or Bearer. */
export function parseAuthorization(header: string | undefined): Authorization {
  if (!header) return undefined;
  const match = /^(\w+)\s+(.+)$/.exec(header.trim());
  if (!match) return undefined;
  const [, scheme = "", value = ""] = match;
  if (scheme.toLowerCase() === "bearer") return { scheme: "bearer", token: value.trim() };
  if (scheme.toLowerCase() !== "basic") return undefined;
  const decoded = decodeBase64Flexible(value)?.toString("utf8");
  if (decoded === undefined) return undefined;
  const colon = decoded.indexOf(":");
  return colon === -1
    ? { scheme: "basic", user: decoded, password: "" }
    : { scheme: "basic", user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
