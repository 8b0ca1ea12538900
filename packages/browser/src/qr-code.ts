import type { HttpClient } from "./http.js";
import { failure, type SignetResult } from "./result.js";
import { RestQrSession } from "./qr-rest.js";
import type { QrChallengeData, QrChallengeOptions, QrSession } from "./qr-session.js";
import { SocketQrSession } from "./qr-socket.js";
import type { WebSocketFactory } from "./transports/websocket.js";

export interface QrCodeDeps {
  http: HttpClient;
  getToken(): string | undefined;
  socketUrl: string;
  WebSocket?: WebSocketFactory | undefined;
}

/**
 * QR-code sign-in, like the official SDK's `qrCode`: show `challengeId` as a QR code; the user's
 * phone claims it, then approves or rejects it; `onStateChange` reports each step, with the
 * validation token on approval. Without a track token the challenge is anonymous (the claiming
 * device's user signs in); with one, only that user's device may claim it.
 */
export class QrCode {
  readonly #deps: QrCodeDeps;
  #session: QrSession | undefined;

  constructor(deps: QrCodeDeps) {
    this.#deps = deps;
  }

  /** Creates a challenge and follows it (any previous one is disconnected). */
  challenge(options: QrChallengeOptions): Promise<SignetResult<QrChallengeData>> {
    this.disconnect();
    const { http, getToken } = this.#deps;
    const transport = options.transport ?? "websocket";
    this.#session =
      transport === "websocket"
        ? new SocketQrSession(options, { url: this.#deps.socketUrl, tenantId: http.tenantId, getToken, WebSocket: this.#deps.WebSocket })
        : new RestQrSession(options, { http, getToken });
    return this.#session.start();
  }

  /** Replaces the QR code with a new challenge now (`onRefresh` is called). */
  async refresh(options: { custom?: Record<string, unknown> } = {}): Promise<SignetResult<QrChallengeData>> {
    if (!this.#session) return failure("Call challenge() before refresh().", "challenge_not_started");
    return this.#session.refresh(options.custom);
  }

  /** Stops following: closes the socket, ends requests, clears timers. */
  disconnect(): void {
    this.#session?.disconnect();
    this.#session = undefined;
  }
}
