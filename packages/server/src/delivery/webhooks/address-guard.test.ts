import { test } from "node:test";
import assert from "node:assert/strict";
import { guardedLookup, isPrivateAddress } from "./address-guard.js";

test("private, loopback, link-local and mapped addresses are refused; public ones pass", () => {
  for (const a of ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "64:ff9b::a9fe:a9fe", "224.0.0.1", "not-an-ip"]) {
    assert.equal(isPrivateAddress(a), true, a);
  }
  for (const a of ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) assert.equal(isPrivateAddress(a), false, a);
});

test("the guarded lookup refuses a name that resolves to loopback", async () => {
  const error = await new Promise<Error | null>((resolve) => guardedLookup("localhost", {}, (e) => resolve(e)));
  assert.match(String(error), /private address/);
});
