import { ECDSA_P256 } from "../signature/sign.js";
import type { KeyStore } from "./key-store.js";

/**
 * Keeps keys in memory only: they are lost when the process or page goes away.
 * The default store; good for tests and short-lived scripts. Private keys are not extractable.
 */
export class MemoryKeyStore implements KeyStore {
  readonly #keys = new Map<string, CryptoKeyPair>();

  async load(alias: string): Promise<CryptoKeyPair | null> {
    return this.#keys.get(alias) ?? null;
  }

  async create(alias: string): Promise<CryptoKeyPair> {
    const pair = await crypto.subtle.generateKey(ECDSA_P256, false, ["sign", "verify"]);
    this.#keys.set(alias, pair);
    return pair;
  }

  async delete(alias: string): Promise<void> {
    this.#keys.delete(alias);
  }
}
