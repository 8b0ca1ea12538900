import { delay, type Timer } from "./abort.js";
import { failure, SdkErrorCode, success, type SignetResult } from "./result.js";
import { QrSession, type QrChallengeOptions, type QrCreated } from "./qr-session.js";
import {
  closeQuietly,
  failureFromSocketError,
  openSocket,
  parseSocketMessage,
  socketProtocols,
  updateFromStateChange,
  type WebSocketFactory,
} from "./transports/websocket.js";

export interface SocketQrDeps {
  url: string;
  tenantId: string;
  getToken(): string | undefined;
  WebSocket?: WebSocketFactory | undefined;
}

const CREATE_TIMEOUT_MS = 10_000;
const RECONNECT_ATTEMPTS = 3;

/**
 * QR sign-in over the challenge socket, as the official SDK speaks it: `CREATE_CHALLENGE` →
 * `CHALLENGE_CREATED`, then `STATE_CHANGE` up to approval. If the socket drops, it reconnects; with
 * a track token it re-subscribes to the same challenge (the server answers with its current state),
 * without one it shows a new QR code (`onRefresh`), since an anonymous challenge cannot be followed
 * on another socket.
 */
export class SocketQrSession extends QrSession {
  readonly #deps: SocketQrDeps;
  #socket: WebSocket | undefined;
  #awaitingCreated: ((result: SignetResult<QrCreated>) => void) | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: QrChallengeOptions, deps: SocketQrDeps) {
    super(options);
    this.#deps = deps;
  }

  protected create(custom: Record<string, unknown> | undefined): Promise<SignetResult<QrCreated>> {
    // One CREATE_CHALLENGE at a time: CHALLENGE_CREATED carries nothing to pair it with its request.
    const next = this.#queue.then(() => this.#createOnce(custom));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #createOnce(custom: Record<string, unknown> | undefined): Promise<SignetResult<QrCreated>> {
    const failed = await this.#connect();
    if (failed) return failed;
    const socket = this.#socket!;
    return new Promise((resolve) => {
      let timer: Timer | undefined;
      const settle = (result: SignetResult<QrCreated>) => {
        clearTimeout(timer);
        if (this.#awaitingCreated === settle) this.#awaitingCreated = undefined;
        resolve(result);
      };
      timer = setTimeout(() => settle(failure("The server did not answer CREATE_CHALLENGE.", SdkErrorCode.networkError)), CREATE_TIMEOUT_MS);
      this.#awaitingCreated = settle;
      try {
        socket.send(JSON.stringify({ type: "CREATE_CHALLENGE", data: { challengeType: "QR_CODE", actionCode: this.options.action, custom } }));
      } catch (cause) {
        settle(failure(`The WebSocket failed: ${String(cause)}`, SdkErrorCode.networkError));
      }
    });
  }

  protected follow(_created: QrCreated): void {
    // STATE_CHANGE messages for the current challenge arrive on the socket (see #onMessage).
  }

  protected finished(): void {
    this.#close();
  }

  protected stop(): void {
    this.#close();
    this.#awaitingCreated?.(failure("Disconnected.", SdkErrorCode.aborted));
  }

  /** Opens the socket unless it is open; undefined on success. */
  async #connect() {
    if (this.closed) return failure("Disconnected.", SdkErrorCode.aborted);
    if (this.#socket?.readyState === 1) return undefined;
    const factory = this.#deps.WebSocket ?? (globalThis.WebSocket as WebSocketFactory | undefined);
    if (!factory) return failure("This environment has no WebSocket: use transport 'long-poll'.", SdkErrorCode.networkError);
    const protocols = socketProtocols({ token: this.#deps.getToken(), tenantId: this.#deps.tenantId });
    const opened = await openSocket({ WebSocket: factory, url: this.#deps.url, protocols, signal: this.lifetime.signal });
    if ("failure" in opened) return opened.failure;
    const { socket } = opened;
    this.#socket = socket;
    socket.addEventListener("message", (event: MessageEvent) => this.#onMessage(event));
    socket.addEventListener("close", () => this.#onClose(socket));
    return undefined;
  }

  #close(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) closeQuietly(socket);
  }

  #onMessage(event: MessageEvent): void {
    const message = parseSocketMessage(event.data);
    if (!message) return;
    const { type, data } = message;
    if (type === "CHALLENGE_CREATED") {
      if (typeof data.challengeId !== "string" || typeof data.expiresAt !== "string") {
        this.#awaitingCreated?.(failure("CHALLENGE_CREATED lacks a documented field.", SdkErrorCode.invalidResponse));
        return;
      }
      const created: QrCreated = { challengeId: data.challengeId, expiresAt: data.expiresAt };
      if (typeof data.verificationCode === "string" || typeof data.verificationCode === "number") created.verificationCode = String(data.verificationCode);
      this.#awaitingCreated?.(success(created));
    } else if (type === "STATE_CHANGE") {
      const update = updateFromStateChange(data);
      if (update && typeof data.challengeId === "string") this.report(data.challengeId, update);
    } else if (type === "ERROR") {
      const failed = failureFromSocketError(data);
      if (this.#awaitingCreated) this.#awaitingCreated(failed);
      else this.fail(failed);
    }
  }

  #onClose(socket: WebSocket): void {
    if (socket !== this.#socket) return; // closed on purpose
    this.#socket = undefined;
    this.#awaitingCreated?.(failure("The WebSocket closed.", SdkErrorCode.networkError));
    if (!this.closed && this.current && !this.isFinal()) void this.#reconnect();
  }

  async #reconnect(): Promise<void> {
    const challengeId = this.current?.challengeId;
    for (let attempt = 1; attempt <= RECONNECT_ATTEMPTS; attempt++) {
      if (!(await delay(1000 * 2 ** (attempt - 1), this.lifetime.signal))) return;
      if (this.current?.challengeId !== challengeId) return; // refreshed meanwhile
      if (await this.#connect()) continue;
      if (this.#deps.getToken()) {
        // The server answers SUBSCRIBE with the current state: a claim or answer during the drop is seen.
        this.#socket?.send(JSON.stringify({ type: "SUBSCRIBE", data: { challengeId } }));
      } else if (this.options.onRefresh) {
        const renewed = await this.refresh();
        if (renewed.errorCode !== undefined) this.fail(renewed);
      } else {
        this.fail(failure("The WebSocket dropped and this QR code cannot be followed on a new one: call refresh().", SdkErrorCode.networkError));
      }
      return;
    }
    this.fail(failure("The WebSocket connection was lost.", SdkErrorCode.networkError));
  }
}
