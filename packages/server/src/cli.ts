#!/usr/bin/env node
import { runCli } from "./cli/run-cli.js";
import { processOutput } from "./cli/output.js";

runCli(process.argv.slice(2), process.env, processOutput).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`signet: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
