import { test } from "node:test";
import assert from "node:assert/strict";
import { canonicalIp, ipv6Groups } from "./ip.js";
import { cidrMatcher, parseCidr } from "./cidr.js";

test("canonicalIp: IPv4 as is, IPv6 expanded, IPv4-mapped IPv6 as IPv4, zones dropped, junk refused", () => {
  assert.deepEqual(canonicalIp("203.0.113.7"), { family: 4, address: "203.0.113.7" });
  assert.deepEqual(canonicalIp("2001:DB8::1"), { family: 6, address: "2001:db8:0:0:0:0:0:1" });
  assert.deepEqual(canonicalIp("::1"), { family: 6, address: "0:0:0:0:0:0:0:1" });
  assert.deepEqual(canonicalIp("::"), { family: 6, address: "0:0:0:0:0:0:0:0" });
  assert.deepEqual(canonicalIp("::ffff:1.2.3.4"), { family: 4, address: "1.2.3.4" });
  assert.deepEqual(canonicalIp("::FFFF:102:304"), { family: 4, address: "1.2.3.4" });
  assert.deepEqual(canonicalIp("0:0:0:0:0:ffff:c000:0201"), { family: 4, address: "192.0.2.1" });
  assert.deepEqual(canonicalIp("fe80::1%eth0"), { family: 6, address: "fe80:0:0:0:0:0:0:1" });
  assert.deepEqual(canonicalIp("::1.2.3.4"), { family: 6, address: "0:0:0:0:0:0:102:304" }, "IPv4-compatible is not mapped");
  for (const junk of ["", "nope", "1.2.3", "01.2.3.4", "1.2.3.4/8", " 1.2.3.4", "1:2:3:4:5:6:7:8:9", "2001:db8::g"]) {
    assert.equal(canonicalIp(junk), undefined, junk);
  }
});

test("ipv6Groups handles :: anywhere and a trailing dotted quad", () => {
  assert.deepEqual(ipv6Groups("1::"), [1, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(ipv6Groups("1:2:3:4:5:6:7:8"), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(ipv6Groups("1:2:3:4:5:6:1.2.3.4"), [1, 2, 3, 4, 5, 6, 0x102, 0x304]);
  assert.deepEqual(ipv6Groups("a::b:1.2.3.4"), [0xa, 0, 0, 0, 0, 0xb, 0x102, 0x304]);
});

test("parseCidr accepts v4 and v6 ranges and bare addresses, refuses bad prefixes and zones", () => {
  assert.deepEqual(parseCidr("10.0.0.0/8"), { family: 4, address: "10.0.0.0", prefix: 8 });
  assert.deepEqual(parseCidr("0.0.0.0/0"), { family: 4, address: "0.0.0.0", prefix: 0 });
  assert.deepEqual(parseCidr("2001:db8::/32"), { family: 6, address: "2001:db8::", prefix: 32 });
  assert.deepEqual(parseCidr("::/0"), { family: 6, address: "::", prefix: 0 });
  assert.deepEqual(parseCidr("203.0.113.7"), { family: 4, address: "203.0.113.7", prefix: 32 });
  assert.deepEqual(parseCidr("::1"), { family: 6, address: "::1", prefix: 128 });
  assert.deepEqual(parseCidr("10.1.2.3/8"), { family: 4, address: "10.1.2.3", prefix: 8 });
  for (const bad of ["10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/08", "10.0.0.0/-1", "10.0.0.0/8/8",
    "10.0.0/8", "fe80::%eth0/64", "banana", "", " 10.0.0.0/8", "10.0.0.0/ 8", 42, null]) {
    assert.equal(parseCidr(bad), undefined, String(bad));
  }
});

test("cidrMatcher: IPv4 ranges", () => {
  const match = cidrMatcher(["10.0.0.0/8", "192.168.1.0/24", "203.0.113.7"]);
  assert.equal(match("10.255.255.255"), true);
  assert.equal(match("11.0.0.0"), false);
  assert.equal(match("192.168.1.200"), true);
  assert.equal(match("192.168.2.1"), false);
  assert.equal(match("203.0.113.7"), true);
  assert.equal(match("203.0.113.8"), false);
  assert.equal(match("not an ip"), undefined);
  assert.equal(cidrMatcher(["10.1.2.3/8"])("10.200.0.1"), true, "host bits are ignored");
  assert.equal(cidrMatcher(["0.0.0.0/0"])("8.8.8.8"), true);
});

test("cidrMatcher: IPv6 ranges, any spelling of the address", () => {
  const match = cidrMatcher(["2001:db8::/32", "fe80::/10"]);
  assert.equal(match("2001:db8::1"), true);
  assert.equal(match("2001:DB8:ffff:0:0:0:0:1"), true);
  assert.equal(match("2001:db9::1"), false);
  assert.equal(match("fe80::1%eth0"), true);
  assert.equal(match("10.0.0.1"), false);
  assert.equal(cidrMatcher(["::1/128"])("0:0:0:0:0:0:0:1"), true);
});

test("cidrMatcher: IPv4-mapped IPv6 facts are IPv4; ::/0 and 0.0.0.0/0 keep to their family", () => {
  const v4 = cidrMatcher(["10.0.0.0/8"]);
  assert.equal(v4("::ffff:10.1.2.3"), true);
  assert.equal(v4("::ffff:a01:203"), true);
  assert.equal(v4("::ffff:11.1.2.3"), false);
  assert.equal(cidrMatcher(["::/0"])("1.2.3.4"), false);
  assert.equal(cidrMatcher(["::/0"])("::ffff:1.2.3.4"), false);
  assert.equal(cidrMatcher(["::/0"])("2001:db8::1"), true);
  assert.equal(cidrMatcher(["0.0.0.0/0"])("2001:db8::1"), false);
});

test("cidrMatcher: IPv4-mapped IPv6 ranges match IPv4 facts", () => {
  const match = cidrMatcher(["::ffff:10.0.0.0/104"]);
  assert.equal(match("10.9.9.9"), true);
  assert.equal(match("::ffff:10.9.9.9"), true);
  assert.equal(match("11.0.0.1"), false);
  assert.equal(cidrMatcher(["::ffff:0:0/96"])("198.51.100.1"), true);
  assert.equal(cidrMatcher(["::ffff:c633:6401"])("198.51.100.1"), true);
});

test("cidrMatcher caches per list and skips entries that are not ranges", () => {
  const list = ["10.0.0.0/8", "garbage"];
  assert.equal(cidrMatcher(list), cidrMatcher(list));
  assert.equal(cidrMatcher(list)("10.0.0.1"), true);
  assert.equal(cidrMatcher(["garbage"])("10.0.0.1"), false);
});
