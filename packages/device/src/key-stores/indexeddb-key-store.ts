import { ECDSA_P256 } from "../signature/sign.js";
import type { KeyStore } from "./key-store.js";

export interface IndexedDbKeyStoreOptions {
  /** IndexedDB database name; default `"signet-device"`. */
  dbName?: string;
  /** The IndexedDB factory; default `globalThis.indexedDB`. */
  indexedDB?: IDBFactory;
}

const STORE = "keys";

/**
 * Browsers: generates keys with `extractable: false` and stores the `CryptoKeyPair` itself in
 * IndexedDB (structured clone keeps non-extractable keys usable), so the private key's bytes
 * can never be read by script. The public key stays exportable as SPKI.
 */
export class IndexedDbKeyStore implements KeyStore {
  readonly #dbName: string;
  readonly #factory: IDBFactory | undefined;
  #db: Promise<IDBDatabase> | undefined;

  constructor(options: IndexedDbKeyStoreOptions = {}) {
    this.#dbName = options.dbName ?? "signet-device";
    this.#factory = options.indexedDB;
  }

  async load(alias: string): Promise<CryptoKeyPair | null> {
    const record: unknown = await this.#run("readonly", (store) => store.get(alias));
    return isKeyPair(record) ? { publicKey: record.publicKey, privateKey: record.privateKey } : null;
  }

  async create(alias: string): Promise<CryptoKeyPair> {
    const pair = await crypto.subtle.generateKey(ECDSA_P256, false, ["sign", "verify"]);
    const record = { publicKey: pair.publicKey, privateKey: pair.privateKey };
    await this.#run("readwrite", (store) => store.put(record, alias));
    return pair;
  }

  async delete(alias: string): Promise<void> {
    await this.#run("readwrite", (store) => store.delete(alias));
  }

  /** Runs one request in its own transaction and resolves once the transaction has committed. */
  async #run<T>(mode: IDBTransactionMode, makeRequest: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.#open();
    return new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = makeRequest(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error ?? request.error);
      tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
    });
  }

  #open(): Promise<IDBDatabase> {
    this.#db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const factory = this.#factory ?? globalThis.indexedDB;
      if (!factory) throw new Error("IndexedDB is not available here");
      const request = factory.open(this.#dbName, 1);
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE);
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    }).catch((cause: unknown) => {
      this.#db = undefined;
      throw cause;
    });
    return this.#db;
  }
}

function isKeyPair(value: unknown): value is CryptoKeyPair {
  return (
    typeof value === "object" && value !== null &&
    "publicKey" in value && value.publicKey instanceof CryptoKey &&
    "privateKey" in value && value.privateKey instanceof CryptoKey
  );
}
