// ECDSA signature encodings. WebCrypto produces IEEE P1363 (r || s, fixed width);
// the Signet / Authsignal wire format is ASN.1 DER: SEQUENCE { INTEGER r, INTEGER s }.

/**
 * Converts an IEEE P1363 ECDSA signature (r || s, both halves the same width) into ASN.1 DER.
 * Each INTEGER is minimally encoded: leading zero bytes are dropped and a single 0x00 is
 * prepended when the first remaining byte has its high bit set (so the value stays positive).
 */
export function p1363ToDer(signature: Uint8Array): Uint8Array {
  if (signature.length === 0 || signature.length % 2 !== 0) {
    throw new Error(`P1363 signature must have a non-zero even length, got ${signature.length}`);
  }
  const half = signature.length / 2;
  const r = derInteger(signature.subarray(0, half));
  const s = derInteger(signature.subarray(half));
  return derElement(0x30, concat(r, s));
}

/** DER INTEGER of an unsigned big-endian number. */
function derInteger(unsigned: Uint8Array): Uint8Array {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start++;
  const digits = unsigned.subarray(start);
  const needsPad = (digits[0] ?? 0) & 0x80;
  return derElement(0x02, needsPad ? concat(Uint8Array.of(0), digits) : digits);
}

/** Tag, definite length (short or long form), contents. */
function derElement(tag: number, contents: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(tag), derLength(contents.length), contents);
}

function derLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
