import { networkInterfaces } from "node:os";

/** True for the wildcard addresses that mean "listen on every interface". */
export const isWildcard = (host: string): boolean => host === "0.0.0.0" || host === "::" || host === "[::]";

/** True for names and addresses of this machine's loopback interface. */
export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h.endsWith(".localhost") || h === "::1" || /^127\./.test(h);
}

/** This machine's IPv4 addresses on the local network (not loopback), for a phone to reach. */
export function lanAddresses(): string[] {
  const found: string[] = [];
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.family === "IPv4" && !entry.internal) found.push(entry.address);
    }
  }
  return found;
}

/** The host names a browser may use to reach a server listening on `host`. */
export function reachableHosts(host: string): string[] {
  if (isWildcard(host)) return ["127.0.0.1", "localhost", ...lanAddresses()];
  if (isLoopback(host)) return ["127.0.0.1", "localhost"];
  return [host.includes(":") && !host.startsWith("[") ? `[${host}]` : host];
}

/** The best host name to put in a link meant for a phone: a LAN address when listening on all interfaces. */
export function phoneHost(host: string): string {
  if (isWildcard(host)) return lanAddresses()[0] ?? "localhost";
  return reachableHosts(host)[0] ?? host;
}

export const originOf = (hostname: string, port: number, protocol = "http:"): string => `${protocol}//${hostname}:${port}`;

/** Fails with EADDRINUSE (as listen would) when the port is taken, before anything else is touched. */
export async function ensurePortFree(host: string, port: number): Promise<void> {
  const { createServer } = await import("node:net");
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
