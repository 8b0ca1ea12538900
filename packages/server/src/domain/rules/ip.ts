import { isIP } from "node:net";

/** An IP address in a canonical form: IPv4 dotted quad, or IPv6 as eight unpadded hex groups. */
export interface CanonicalIp {
  family: 4 | 6;
  address: string;
}

/**
 * The canonical form of an IP address, or undefined when the text is not one. An IPv6 zone
 * (`fe80::1%eth0`) is dropped, and IPv4-mapped IPv6 (`::ffff:1.2.3.4`, `::ffff:102:304`) becomes the
 * IPv4 address it carries, so `1.2.3.4` and `::ffff:1.2.3.4` are the same address to every rule.
 */
export function canonicalIp(text: string): CanonicalIp | undefined {
  const family = isIP(text);
  if (family === 4) return { family: 4, address: text };
  if (family !== 6) return undefined;
  const groups = ipv6Groups(text);
  if (!groups) return undefined;
  const v4 = mappedIpv4(groups);
  return v4 ? { family: 4, address: v4 } : { family: 6, address: groups.map((g) => g.toString(16)).join(":") };
}

/** The IPv4 address an IPv4-mapped IPv6 address (::ffff:0:0/96) carries, or undefined. */
export function mappedIpv4(groups: readonly number[]): string | undefined {
  if (groups.length !== 8 || groups.slice(0, 5).some((g) => g !== 0) || groups[5] !== 0xffff) return undefined;
  const hi = groups[6]!;
  const lo = groups[7]!;
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join(".");
}

/** The eight 16-bit groups of an IPv6 address that `isIP` accepted (zone ignored), or undefined. */
export function ipv6Groups(text: string): number[] | undefined {
  let head = text.split("%")[0]!;
  const tail: number[] = [];
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(head);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    tail.push((a << 8) | b, (c << 8) | d);
    head = head.slice(0, -dotted[0].length);
    if (head.endsWith(":") && !head.endsWith("::")) head = head.slice(0, -1);
  }
  const halves = head.split("::");
  const parse = (part: string): number[] => (part === "" ? [] : part.split(":").map((g) => Number.parseInt(g, 16)));
  let groups: number[];
  if (halves.length === 2) {
    const left = parse(halves[0]!);
    const right = parse(halves[1]!);
    const missing = 8 - tail.length - left.length - right.length;
    if (missing < 1) return undefined;
    groups = [...left, ...new Array<number>(missing).fill(0), ...right, ...tail];
  } else if (halves.length === 1) {
    groups = [...parse(head), ...tail];
  } else {
    return undefined;
  }
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}
