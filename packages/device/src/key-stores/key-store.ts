/** The key aliases the SDK uses: one separate key per authentication method, like the native SDKs. */
export type KeyAlias = "push" | "qr-code" | "in-app";

/**
 * Where the device keeps its ECDSA P-256 key pairs. Implementations decide how keys are
 * protected; the SDK only needs to sign with the private key and export the public key as SPKI.
 */
export interface KeyStore {
  /** The key pair stored under `alias`, or `null` if there is none. */
  load(alias: string): Promise<CryptoKeyPair | null>;
  /** Generates a new P-256 key pair, stores it under `alias` (replacing any) and returns it. */
  create(alias: string): Promise<CryptoKeyPair>;
  /** Forgets the key pair stored under `alias`; does nothing if there is none. */
  delete(alias: string): Promise<void>;
}
