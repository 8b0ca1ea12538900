import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeBase64Flexible } from "./base64.js";

const bytes = Buffer.from([0xfb, 0xff, 0xbf, 0x00, 0x3e, 0x3f, 0x10]);

test("decodes every base64 flavour to the same bytes", () => {
  const standard = bytes.toString("base64"); // "+/+/AD4/EA=="
  const flavours = [
    standard,
    standard.replace(/=+$/, ""),
    bytes.toString("base64url"),
    bytes.toString("base64url") + "==",
    standard.replace(/\+/g, " "),
  ];
  for (const flavour of flavours) assert.deepEqual(decodeBase64Flexible(flavour), bytes, flavour);
});

test("refuses what is not base64", () => {
  for (const bad of ["", "a", "abc$", "ab=c", "abcde=", "====", "ab\ncd"]) {
    assert.equal(decodeBase64Flexible(bad), undefined, JSON.stringify(bad));
  }
});
