#!/usr/bin/env node
// npm links workspace bins at install time, before they are built: make them executable after a build.
import { chmodSync, existsSync } from "node:fs";

for (const file of ["packages/server/dist/cli.js", "packages/server/dist/main.js"]) {
  const path = new URL(`../${file}`, import.meta.url);
  if (existsSync(path)) chmodSync(path, 0o755);
}
