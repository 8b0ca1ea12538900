// Public API of @signet/device (browser-safe: no Node built-ins). Node's FileKeyStore is in "./node".
export { SignetDevice } from "./sdk.js";
export type { SignetDeviceOptions } from "./sdk.js";
export type { Push } from "./push.js";
export type { InApp } from "./in-app.js";
export type { QrCode } from "./qr-code.js";
export type { CredentialApi } from "./credential-api.js";
export type { FetchLike } from "./http.js";
export { SdkErrorCode } from "./result.js";
export type { SignetFailure, SignetResult, SignetSuccess } from "./result.js";
export type {
  AddCredentialInput,
  AddPushCredentialInput,
  ClaimChallengeInput,
  DenyReason,
  DeviceCredential,
  GetChallengeInput,
  InAppVerifyInput,
  InAppVerifyResult,
  PushChallenge,
  QrClaimResult,
  UpdateChallengeInput,
  UpdateChallengeResult,
  UpdatedPushCredential,
  UpdatePushCredentialInput,
  WaitForChallengeInput,
} from "./types.js";
export type { KeyAlias, KeyStore } from "./key-stores/key-store.js";
export { MemoryKeyStore } from "./key-stores/memory-key-store.js";
export { IndexedDbKeyStore } from "./key-stores/indexeddb-key-store.js";
export type { IndexedDbKeyStoreOptions } from "./key-stores/indexeddb-key-store.js";
export { p1363ToDer } from "./signature/der.js";
