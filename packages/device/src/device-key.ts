import type { KeyStore } from "./key-stores/key-store.js";
import { exportPublicKey, signMessage } from "./signature/sign.js";

/** A method's key as the API sees it: the wire `publicKey` and a signer that yields wire signatures. */
export interface DeviceKey {
  /** Standard base64 of the SPKI DER. */
  readonly publicKey: string;
  /** DER signature over the UTF-8 bytes of `message`, standard base64. */
  sign(message: string): Promise<string>;
}

/** The key stored under `alias`, or `null` when this device has none. */
export async function loadDeviceKey(store: KeyStore, alias: string): Promise<DeviceKey | null> {
  const pair = await store.load(alias);
  return pair ? toDeviceKey(pair) : null;
}

/** The key stored under `alias`, creating one first if there is none (the native SDKs' getOrCreate). */
export async function loadOrCreateDeviceKey(store: KeyStore, alias: string): Promise<DeviceKey> {
  const pair = (await store.load(alias)) ?? (await store.create(alias));
  return toDeviceKey(pair);
}

async function toDeviceKey(pair: CryptoKeyPair): Promise<DeviceKey> {
  const publicKey = await exportPublicKey(pair.publicKey);
  return { publicKey, sign: (message) => signMessage(pair.privateKey, message) };
}
