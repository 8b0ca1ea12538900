/**
 * @signet/node — Signet's server SDK. `Signet` is also exported as `Authsignal` and `SignetError`
 * as `AuthsignalError`, so code written for the official `@authsignal/node` runs unchanged.
 */
export { Signet, Signet as Authsignal, DEFAULT_TIMEOUT_MS } from "./client.js";
export { SignetError, SignetError as AuthsignalError, InvalidSignatureError } from "./errors.js";
export { Webhook, DEFAULT_TOLERANCE_MINUTES } from "./webhook.js";
export { DEFAULT_RETRIES } from "./retry.js";
export { VERSION } from "./http.js";
export * from "./types.js";
