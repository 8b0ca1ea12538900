export { Signet, Signet as Authsignal } from "./client.js";
export { SignetError, SignetError as AuthsignalError, InvalidSignatureError } from "./errors.js";
export { Webhook } from "./webhook.js";
export type * from "./types.js";
