/**
 * `@signet/browser`: push and QR-code sign-in from any modern browser, with real-time results
 * (WebSocket, then server-sent events, then long-poll, then polling).
 *
 * @example
 * import { Signet } from "@signet/browser";
 * const signet = new Signet({ tenantId, baseUrl: "https://auth.example.com/v1" });
 * signet.setToken(tokenFromYourBackend);
 * const { data } = await signet.push.challenge();
 * const result = await signet.push.waitForResult({ challengeId: data.challengeId });
 */
export { Signet, type SignetOptions } from "./signet.js";
export {
  Push,
  type DeliveryResult,
  type PushChallengeData,
  type PushResultData,
  type PushTransportMode,
  type PushVerifyData,
  type WaitForResultOptions,
} from "./push.js";
export { QrCode } from "./qr-code.js";
export type { QrChallengeData, QrChallengeOptions, QrTransportMode } from "./qr-session.js";
export type { ChallengeState, PushState, QrState } from "./states.js";
export type { TransportName } from "./transports/types.js";
export type { FetchLike } from "./http.js";
export type { WebSocketFactory } from "./transports/websocket.js";
export { SdkErrorCode, type SignetFailure, type SignetResult, type SignetSuccess } from "./result.js";
