import { HttpClient, type FetchLike } from "./http.js";
import { Push } from "./push.js";
import { QrCode } from "./qr-code.js";
import { socketUrl, type WebSocketFactory } from "./transports/websocket.js";

export interface SignetOptions {
  /** Your tenant id. */
  tenantId: string;
  /** The API base URL, ending in `/v1`, e.g. `https://auth.example.com/v1`. */
  baseUrl: string;
  /** The challenge socket URL. Default: `baseUrl` with `v1` replaced by `ws-v1-challenge` (and `ws(s)`). */
  wsUrl?: string;
  /** Called when the server says the track token has expired: fetch a new one, then `setToken`. */
  onTokenExpired?: () => void;
  /** Default: the global `fetch`. */
  fetch?: FetchLike;
  /** Default: the global `WebSocket`. */
  WebSocket?: WebSocketFactory;
}

/**
 * The Signet browser SDK: push and QR-code sign-in against a Signet server (or any server that
 * speaks the protocol of the official `@authsignal/browser` SDK), with real-time results.
 */
export class Signet {
  readonly push: Push;
  readonly qrCode: QrCode;
  #token: string | undefined;

  constructor(options: SignetOptions) {
    if (!options?.tenantId) throw new TypeError("Signet: tenantId is required");
    if (!options.baseUrl) throw new TypeError("Signet: baseUrl is required (the API base URL, ending in /v1)");
    const http = new HttpClient({ baseUrl: options.baseUrl, tenantId: options.tenantId, ...(options.fetch ? { fetch: options.fetch } : {}) });
    const getToken = () => this.#token;
    const wsUrl = options.wsUrl ?? socketUrl(http.baseUrl);
    this.push = new Push({ http, getToken, socketUrl: wsUrl, WebSocket: options.WebSocket, onTokenExpired: options.onTokenExpired });
    this.qrCode = new QrCode({ http, getToken, socketUrl: wsUrl, WebSocket: options.WebSocket });
  }

  /** Sets the track token your backend got from `track` (used as `Authorization: Bearer`). */
  setToken(token: string): void {
    this.#token = token || undefined;
  }
}
