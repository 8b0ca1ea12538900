import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".webmanifest": "application/manifest+json",
};

export interface StaticFile {
  body: Buffer;
  type: string;
}

/**
 * A file under `root` for a URL path below a mount point, or undefined: only known file types,
 * never a path that leaves the root, never a directory, never a compiled test.
 */
export function readStatic(root: string, relative: string): StaticFile | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const type = TYPES[extname(decoded)];
  if (!type || /\.test\.js(\.map)?$/.test(decoded) || decoded.includes("test-support")) return undefined;
  const base = normalize(root + sep);
  const file = normalize(join(base, decoded));
  if (!file.startsWith(base) || !existsSync(file) || !statSync(file).isFile()) return undefined;
  return { body: readFileSync(file), type };
}
