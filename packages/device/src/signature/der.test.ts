import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync, sign, verify } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { p1363ToDer } from "./der.js";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s/g, ""), "hex"));
const repeat = (byteHex: string, count: number): string => byteHex.repeat(count);

test("plain 32-byte r and s without high bit: two 32-byte INTEGERs", () => {
  const r = repeat("11", 32);
  const s = repeat("22", 32);
  assert.equal(hex(p1363ToDer(bytes(r + s))), `3044` + `0220${r}` + `0220${s}`);
});

test("high bit set: a 0x00 is prepended so the INTEGER stays positive", () => {
  const r = repeat("80", 32);
  const s = "ff" + repeat("01", 31);
  assert.equal(hex(p1363ToDer(bytes(r + s))), `3046` + `022100${r}` + `022100${s}`);
});

test("leading zero bytes are stripped (minimal encoding)", () => {
  const r = "00" + "7f" + repeat("aa", 30);
  const s = "0000" + "01" + repeat("bb", 29);
  assert.equal(hex(p1363ToDer(bytes(r + s))), `3041` + `021f${r.slice(2)}` + `021e${s.slice(4)}`);
});

test("leading zero then high bit: strip the zero, then pad again (same length)", () => {
  const r = "00" + "80" + repeat("cc", 30);
  const s = "0000" + "f0" + repeat("dd", 29);
  assert.equal(hex(p1363ToDer(bytes(r + s))), `3043` + `0220${r}` + `021f00${s.slice(4)}`);
});

test("all-zero and tiny values keep one content byte", () => {
  const r = repeat("00", 32);
  const s = repeat("00", 31) + "01";
  assert.equal(hex(p1363ToDer(bytes(r + s))), "3006" + "020100" + "020101");
  assert.equal(hex(p1363ToDer(bytes(repeat("00", 31) + "80" + repeat("00", 32)))), "3007" + "02020080" + "020100");
});

test("contents of 128 bytes or more use the long length form (P-521 sizes)", () => {
  const r = "01" + repeat("ff", 65);
  const s = "01" + repeat("ee", 65);
  // each INTEGER: 02 42 <66 bytes> = 68 bytes; SEQUENCE contents 136 = 0x88 → 30 81 88
  assert.equal(hex(p1363ToDer(bytes(r + s))), `308188` + `0242${r}` + `0242${s}`);
});

test("rejects empty and odd-length input", () => {
  assert.throws(() => p1363ToDer(new Uint8Array(0)), /even length/);
  assert.throws(() => p1363ToDer(new Uint8Array(63)), /even length/);
});

/** Signs with node:crypto in P1363, converts, and checks that OpenSSL (which insists on strict DER) verifies it. */
function signConvertVerify(key: { privateKey: KeyObject; publicKey: KeyObject }, data: Buffer): Buffer {
  const p1363 = sign("sha256", data, { key: key.privateKey, dsaEncoding: "ieee-p1363" });
  const der = p1363ToDer(new Uint8Array(p1363));
  assert.ok(verify("sha256", data, { key: key.publicKey, dsaEncoding: "der" }, der), `DER of ${p1363.toString("hex")} must verify`);
  return p1363;
}

for (const [curve, width] of [["prime256v1", 32], ["secp384r1", 48]] as const) {
  test(`node:crypto verifies converted ${curve} signatures: leading zero bytes, high bits, neither`, () => {
    const cases: Record<string, (r: Buffer, s: Buffer) => boolean> = {
      "r has a leading zero byte": (r) => r[0] === 0,
      "s has a leading zero byte": (_r, s) => s[0] === 0,
      "r has its high bit set": (r) => ((r[0] ?? 0) & 0x80) !== 0,
      "s has its high bit set": (_r, s) => ((s[0] ?? 0) & 0x80) !== 0,
      "neither has a leading zero nor a high bit": (r, s) => (r[0] ?? 0) > 0 && (r[0] ?? 0) < 0x80 && (s[0] ?? 0) > 0 && (s[0] ?? 0) < 0x80,
    };
    const missing = new Set(Object.keys(cases));
    const key = generateKeyPairSync("ec", { namedCurve: curve });
    for (let i = 0; i < 100_000 && missing.size > 0; i++) {
      const p1363 = signConvertVerify(key, Buffer.from(`message ${i}`));
      assert.equal(p1363.length, 2 * width);
      const r = p1363.subarray(0, width);
      const s = p1363.subarray(width);
      for (const name of missing) if (cases[name]?.(r, s)) missing.delete(name);
    }
    assert.deepEqual([...missing], [], "every case was met and verified");
  });
}

test("node:crypto verifies converted secp521r1 signatures (66-byte halves, long-form SEQUENCE length)", () => {
  const key = generateKeyPairSync("ec", { namedCurve: "secp521r1" });
  for (let i = 0; i < 100; i++) signConvertVerify(key, Buffer.from(`message ${i}`));
});

test("WebCrypto P1363 signatures convert to DER that node:crypto verifies", async () => {
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  const spki = Buffer.from(await crypto.subtle.exportKey("spki", pair.publicKey));
  for (let i = 0; i < 100; i++) {
    const data = new TextEncoder().encode(`challenge-${i}`);
    const p1363 = new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, pair.privateKey, data));
    assert.equal(p1363.length, 64);
    const der = p1363ToDer(p1363);
    assert.ok(verify("sha256", data, { key: spki, format: "der", type: "spki", dsaEncoding: "der" }, der));
  }
});
