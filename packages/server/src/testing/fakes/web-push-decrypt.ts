import { createDecipheriv, createECDH, hkdfSync, randomBytes, type ECDH } from "node:crypto";

/*
 * The user agent's half of Web Push message encryption: RFC 8291 key derivation over the RFC 8188
 * "aes128gcm" content coding, written from the RFCs with node:crypto (not with the library under test).
 */

/** A browser-like subscription key pair: ECDH P-256 plus a 16-byte auth secret. */
export interface UserAgentKeys {
  ecdh: ECDH;
  /** The uncompressed public point, base64url: the subscription's keys.p256dh. */
  p256dh: string;
  /** base64url: the subscription's keys.auth. */
  auth: string;
}

export function newUserAgentKeys(): UserAgentKeys {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { ecdh, p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") };
}

const hkdf = (salt: Buffer, ikm: Buffer, info: Buffer, length: number) => Buffer.from(hkdfSync("sha256", ikm, salt, info, length));

/** Decrypts an aes128gcm body (RFC 8188 §2) for the given subscription keys; throws on any flaw. */
export function decryptAes128gcm(body: Buffer, keys: UserAgentKeys): Buffer {
  if (body.length < 21) throw new Error("body shorter than the aes128gcm header");
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20]!;
  const senderPublic = body.subarray(21, 21 + idLength); // RFC 8291 §4: keyid is the application server's public key
  if (idLength !== 65 || senderPublic[0] !== 4) throw new Error("keyid is not an uncompressed P-256 public key");
  if (recordSize < 18) throw new Error("record size too small");
  const ecdhSecret = keys.ecdh.computeSecret(senderPublic);
  const uaPublic = keys.ecdh.getPublicKey();
  // RFC 8291 §3.4: IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" || 0x00 || ua_public || as_public, 32)
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0", "ascii"), uaPublic, senderPublic]);
  const ikm = hkdf(Buffer.from(keys.auth, "base64url"), ecdhSecret, keyInfo, 32);
  // RFC 8188 §2.2 and §2.3
  const cek = hkdf(salt, ikm, Buffer.from("Content-Encoding: aes128gcm\0", "ascii"), 16);
  const baseNonce = hkdf(salt, ikm, Buffer.from("Content-Encoding: nonce\0", "ascii"), 12);
  const ciphertext = body.subarray(21 + idLength);
  if (ciphertext.length === 0) throw new Error("no records");
  const plain: Buffer[] = [];
  for (let offset = 0, seqNo = 0; offset < ciphertext.length; offset += recordSize, seqNo++) {
    const record = ciphertext.subarray(offset, offset + recordSize);
    const last = offset + recordSize >= ciphertext.length;
    if (record.length < 17) throw new Error("record too short");
    const nonce = Buffer.from(baseNonce);
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ seqNo) >>> 0, 8); // seqNo < 2^32 here
    const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    // Strip padding: the last non-zero octet is the delimiter, 0x02 for the last record, 0x01 otherwise.
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end--;
    if (end < 0 || padded[end] !== (last ? 2 : 1)) throw new Error("bad padding delimiter");
    plain.push(padded.subarray(0, end));
  }
  return Buffer.concat(plain);
}
