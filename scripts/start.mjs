#!/usr/bin/env node
// `npm start`: build what changed since the last build (skipped in milliseconds when nothing did),
// then serve Signet in this process.
import { readdirSync, statSync, existsSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

function stale() {
  for (const pkg of readdirSync(join(root, "packages"))) {
    const src = join(root, "packages", pkg, "src");
    const info = join(root, "packages", pkg, "dist", ".tsbuildinfo");
    if (!existsSync(src)) continue;
    if (!existsSync(info) || newestSource(src) > statSync(info).mtimeMs) return true;
  }
  return !existsSync(join(root, "packages/server/dist/main.js"));
}

if (stale()) {
  const build = spawnSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import(new URL("../packages/server/dist/main.js", import.meta.url).href);
