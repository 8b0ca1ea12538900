import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { ECDSA_P256 } from "../signature/sign.js";
import type { KeyStore } from "./key-store.js";

const ALIAS = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Node only: keeps each key pair as a private JWK in `<dir>/<alias>.jwk.json`, file mode 0600,
 * directory mode 0700 when created. Files are written atomically (temporary file, then rename),
 * so a crash never leaves a half-written key.
 */
export class FileKeyStore implements KeyStore {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async load(alias: string): Promise<CryptoKeyPair | null> {
    let text: string;
    try {
      text = await readFile(this.#path(alias), "utf8");
    } catch (cause) {
      if (isNotFound(cause)) return null;
      throw cause;
    }
    return importPrivateJwk(parseJwk(text, this.#path(alias)));
  }

  async create(alias: string): Promise<CryptoKeyPair> {
    const file = this.#path(alias);
    const generated = await crypto.subtle.generateKey(ECDSA_P256, true, ["sign", "verify"]);
    const jwk = await crypto.subtle.exportKey("jwk", generated.privateKey);
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temp, JSON.stringify(jwk), { mode: 0o600, flag: "wx" });
      await rename(temp, file);
    } catch (cause) {
      await rm(temp, { force: true });
      throw cause;
    }
    return importPrivateJwk(jwk);
  }

  async delete(alias: string): Promise<void> {
    await rm(this.#path(alias), { force: true });
  }

  #path(alias: string): string {
    if (!ALIAS.test(alias)) throw new Error(`invalid key alias ${JSON.stringify(alias)}`);
    return join(this.#dir, `${alias}.jwk.json`);
  }
}

/** Imports a private P-256 JWK as a pair: a non-extractable private key and its public key. */
async function importPrivateJwk(jwk: JsonWebKey): Promise<CryptoKeyPair> {
  const { kty, crv, x, y } = jwk;
  const privateKey = await crypto.subtle.importKey("jwk", jwk, ECDSA_P256, false, ["sign"]);
  const publicKey = await crypto.subtle.importKey("jwk", { kty, crv, x, y }, ECDSA_P256, true, ["verify"]);
  return { privateKey, publicKey };
}

function parseJwk(text: string, file: string): JsonWebKey {
  const jwk: unknown = JSON.parse(text);
  if (
    typeof jwk !== "object" || jwk === null ||
    !("kty" in jwk) || jwk.kty !== "EC" || !("crv" in jwk) || jwk.crv !== "P-256" ||
    !("d" in jwk) || !("x" in jwk) || !("y" in jwk)
  ) {
    throw new Error(`${file} does not hold a private P-256 JWK`);
  }
  return jwk as JsonWebKey;
}

function isNotFound(cause: unknown): boolean {
  return typeof cause === "object" && cause !== null && "code" in cause && cause.code === "ENOENT";
}
