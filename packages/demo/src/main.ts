#!/usr/bin/env node
/**
 * `npm run demo`: Signet and the demo apps in one process, until Ctrl-C.
 * HOST, PORT (Signet; the web app uses PORT+1), SIGNET_DATA_DIR (default ./data/demo),
 * SIGNET_ADMIN_TOKEN (default: generated into the data directory), DEMO_PUBLIC_URL.
 */
import { ConfigError } from "@signet/server";
import { startDemo, type Demo } from "./start-demo.js";

function banner(demo: Demo): string {
  const lines = [
    "",
    "Signet demo is running.",
    "",
    `  1. Open the web app:      ${demo.appUrl}/`,
    `  2. Open the phone app:    ${demo.phoneUrl}   (another window; or on a phone, see below)`,
    "     Type a username, press \"Set up your phone\", open the link in the phone app, then sign in.",
    "",
    `  Signet:                   ${demo.signetUrl}   (API ${demo.signetUrl}/v1)`,
    `  Admin portal:             ${demo.signetUrl}/admin`,
    `  Admin token:              ${demo.adminToken}${demo.adminTokenFile ? `   (saved in ${demo.adminTokenFile})` : ""}`,
    `  Tenant "Demo Bank":       ${demo.tenantId}${demo.tenantCreated ? " (created)" : ""}; API secret in ${demo.tenantFile}`,
    `  Web Push:                 ${demo.webPush ? "on (the phone app can subscribe; it long-polls too)" : "not available here: the phone app long-polls"}`,
    `  Hosted page:              ${demo.hostedPage ? "available" : "not built (the \"hosted page\" button is off)"}`,
  ];
  if (demo.phoneLanUrl !== demo.phoneUrl) {
    lines.push("", `  On a phone on this network: ${demo.phoneLanUrl}`, "  (browsers allow the phone's key storage only on https or localhost: see packages/demo/README.md)");
  }
  lines.push("", "Press Ctrl-C to stop.", "");
  return lines.join("\n");
}

async function main(): Promise<void> {
  const demo = await startDemo();
  process.stdout.write(banner(demo));
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  const code = (error as { code?: string } | null)?.code;
  const message =
    error instanceof ConfigError
      ? `Configuration error: ${error.message}`
      : code === "EADDRINUSE"
        ? `A port is already in use (${(error as Error).message}). Stop the other process, or choose other ports: PORT=5000 npm run demo`
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
  process.stderr.write(message + "\n");
  process.exit(1);
});
