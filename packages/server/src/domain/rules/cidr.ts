import { BlockList, isIP } from "node:net";
import { ipv6Groups, mappedIpv4, canonicalIp } from "./ip.js";

/** One parsed CIDR range. A bare address is a single-host range (/32 or /128). */
export interface Cidr {
  family: 4 | 6;
  address: string;
  prefix: number;
}

/**
 * Parses `10.0.0.0/8`, `2001:db8::/32` or a bare address. Host bits below the prefix are allowed
 * and ignored (`10.1.2.3/8` is `10.0.0.0/8`). Zones (`%eth0`) are refused.
 */
export function parseCidr(text: unknown): Cidr | undefined {
  if (typeof text !== "string" || text.includes("%")) return undefined;
  const slash = text.indexOf("/");
  const address = slash === -1 ? text : text.slice(0, slash);
  const family = isIP(address);
  if (family !== 4 && family !== 6) return undefined;
  const max = family === 4 ? 32 : 128;
  if (slash === -1) return { family, address, prefix: max };
  const bits = text.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(bits) || Number(bits) > max) return undefined;
  return { family, address, prefix: Number(bits) };
}

export type IpMatcher = (ip: string) => boolean | undefined;

const compiled = new WeakMap<readonly string[], IpMatcher>();

/**
 * A matcher for a list of CIDR ranges: true when the address lies in one of them, false when not,
 * undefined when the text is not an IP address. IPv4 addresses (including IPv4-mapped IPv6 ones)
 * are tested against the IPv4 ranges and against IPv4-mapped IPv6 ranges (`::ffff:10.0.0.0/104`);
 * other IPv6 addresses against the IPv6 ranges. So `::/0` does not match IPv4 clients.
 * Matchers are cached per (frozen-by-convention) list.
 */
export function cidrMatcher(ranges: readonly string[]): IpMatcher {
  let matcher = compiled.get(ranges);
  if (!matcher) {
    matcher = buildMatcher(ranges);
    compiled.set(ranges, matcher);
  }
  return matcher;
}

function buildMatcher(ranges: readonly string[]): IpMatcher {
  const v4 = new BlockList();
  const v6 = new BlockList();
  for (const text of ranges) {
    const cidr = parseCidr(text);
    if (!cidr) continue; // validation refuses these; an unvalidated bad entry matches nothing
    if (cidr.family === 4) {
      v4.addSubnet(cidr.address, cidr.prefix, "ipv4");
      continue;
    }
    const groups = ipv6Groups(cidr.address);
    const mapped = groups && cidr.prefix >= 96 ? mappedIpv4(groups) : undefined;
    if (mapped) v4.addSubnet(mapped, cidr.prefix - 96, "ipv4");
    else v6.addSubnet(cidr.address, cidr.prefix, "ipv6");
  }
  return (ip) => {
    const canonical = canonicalIp(ip);
    if (!canonical) return undefined;
    return canonical.family === 4 ? v4.check(canonical.address, "ipv4") : v6.check(canonical.address, "ipv6");
  };
}
