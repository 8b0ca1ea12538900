#!/usr/bin/env node
// Runs every compiled test file (packages/*/dist/**/*.test.js) with Node's own test runner.
// `--unit` skips integration and browser tests (files named *.int.test.js / *.browser.test.js).
import { readdirSync, statSync, existsSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const unitOnly = process.argv.includes("--unit");
const filters = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const root = new URL("..", import.meta.url).pathname;
const files = [];
for (const pkg of readdirSync(join(root, "packages"))) {
  const dist = join(root, "packages", pkg, "dist");
  if (!existsSync(dist)) continue;
  for (const rel of readdirSync(dist, { recursive: true })) {
    const file = join(dist, String(rel));
    if (!file.endsWith(".test.js") || !statSync(file).isFile()) continue;
    if (unitOnly && /\.(int|browser)\.test\.js$/.test(file)) continue;
    if (filters.length && !filters.some((f) => file.includes(f))) continue;
    files.push(file);
  }
}
files.sort();
if (files.length === 0) {
  console.error("no test files found: run `npm run build` first");
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--test", "--test-concurrency=2", ...files], { stdio: "inherit" });
process.exit(result.status ?? 1);
