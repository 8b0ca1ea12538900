import { failure, failureFromBody, SdkErrorCode, type SignetFailure } from "../result.js";
import { isFinalState, stateFromSocket, type ChallengeUpdate } from "../states.js";
import { outcomeOfFailure, type Transport, type TransportOutcome } from "./types.js";

/** A WebSocket constructor (the global `WebSocket` fits). */
export type WebSocketFactory = new (url: string, protocols?: string | string[]) => WebSocket;

const SUBPROTOCOL = "authsignal-ws";
const OPEN = 1;

/**
 * The socket URL for an API base URL, as the official SDK derives it: `http(s)` becomes `ws(s)` and
 * the path's (last) `v1` becomes `ws-v1-challenge`, e.g. `https://auth.example.com/v1` →
 * `wss://auth.example.com/ws-v1-challenge`. Only the path is touched, never the host name.
 */
export function socketUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const path = url.pathname.replace(/\/+$/, "");
  const at = path.lastIndexOf("v1");
  url.pathname = at >= 0 ? `${path.slice(0, at)}ws-v1-challenge${path.slice(at + 2)}` : `${path}/ws-v1-challenge`;
  url.search = "";
  url.hash = "";
  return url.toString();
}

/** The subprotocols that authenticate a socket: the track token when known, else the tenant id. */
export const socketProtocols = ({ token, tenantId }: { token?: string | undefined; tenantId: string }): string[] => [
  SUBPROTOCOL,
  token ? `x.authsignal.token.${token}` : `x.authsignal.tenant.${tenantId}`,
];

/** A message on the challenge socket: `{type, data}`. */
export interface SocketMessage {
  type: string;
  data: Record<string, unknown>;
}

/** Parses a socket frame; undefined for anything that is not a `{type, data?}` JSON object. */
export function parseSocketMessage(raw: unknown): SocketMessage | undefined {
  if (typeof raw !== "string") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== "object") return undefined;
  const { type, data } = parsed as Record<string, unknown>;
  if (typeof type !== "string") return undefined;
  return { type, data: data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {} };
}

/** The update a `STATE_CHANGE` carries; undefined for an unknown state. */
export function updateFromStateChange(data: Record<string, unknown>): ChallengeUpdate | undefined {
  const state = stateFromSocket(data.state);
  if (!state) return undefined;
  return typeof data.accessToken === "string" ? { state, token: data.accessToken } : { state };
}

/** The failure an `ERROR {error, errorCode, errorDescription}` message stands for. */
export const failureFromSocketError = (data: Record<string, unknown>): SignetFailure =>
  failureFromBody(data) ?? failure("The WebSocket reported an error.", SdkErrorCode.networkError);

/** Closes a socket, whatever its state, without throwing. */
export function closeQuietly(socket: WebSocket): void {
  try {
    socket.close(1000);
  } catch {
    // already closed, or closing
  }
}

export interface OpenSocketOptions {
  WebSocket: WebSocketFactory;
  url: string;
  protocols: string[];
  signal?: AbortSignal;
  /** Gives up when the socket is not open by then, ms. */
  timeoutMs?: number;
}

/** Opens a socket; resolves with it once open, or with a `network_error` (or `aborted`) failure. */
export function openSocket(options: OpenSocketOptions): Promise<{ socket: WebSocket } | { failure: SignetFailure }> {
  const { signal, timeoutMs = 5000 } = options;
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve({ failure: failure("Aborted.", SdkErrorCode.aborted) });
    let socket: WebSocket;
    try {
      socket = new options.WebSocket(options.url, options.protocols);
    } catch (cause) {
      return resolve({ failure: failure(`Cannot open a WebSocket: ${String(cause)}`, SdkErrorCode.networkError) });
    }
    const settle = (result: { socket: WebSocket } | { failure: SignetFailure }) => {
      clearTimeout(timer);
      socket.removeEventListener("open", onOpen);
      socket.removeEventListener("close", onClose);
      signal?.removeEventListener("abort", onAbort);
      if ("failure" in result) closeQuietly(socket);
      resolve(result);
    };
    const onOpen = () => settle({ socket });
    const onClose = (event: CloseEvent) => settle({ failure: failure(`The WebSocket could not be opened (close code ${event.code}).`, SdkErrorCode.networkError) });
    const onAbort = () => settle({ failure: failure("Aborted.", SdkErrorCode.aborted) });
    const timer = setTimeout(() => settle({ failure: failure(`The WebSocket did not open within ${timeoutMs} ms.`, SdkErrorCode.networkError) }), timeoutMs);
    socket.addEventListener("open", onOpen);
    socket.addEventListener("close", onClose);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export interface WebSocketTransportOptions {
  /** The challenge socket URL (see `socketUrl`). */
  url: string;
  token: string;
  challengeId: string;
  /** Default: the global `WebSocket`. */
  WebSocket?: WebSocketFactory | undefined;
  openTimeoutMs?: number;
}

/**
 * Follows a challenge over the challenge socket: opens it with the track token, sends
 * `SUBSCRIBE {challengeId}`, and reads `STATE_CHANGE` (the current state first, then each change)
 * until a final state. An `ERROR`, or the socket closing early, ends the run.
 */
export function websocketTransport(options: WebSocketTransportOptions): Transport {
  return async (context) => {
    const factory = options.WebSocket ?? (globalThis.WebSocket as WebSocketFactory | undefined);
    if (!factory) return { kind: "unavailable", reason: "this environment has no WebSocket" };
    const protocols = socketProtocols({ token: options.token, tenantId: "" });
    const opened = await openSocket({ WebSocket: factory, url: options.url, protocols, signal: context.signal, timeoutMs: options.openTimeoutMs ?? 5000 });
    if ("failure" in opened) return outcomeOfFailure(opened.failure);
    const { socket } = opened;
    return new Promise<TransportOutcome>((resolve) => {
      const finish = (outcome: TransportOutcome) => {
        socket.removeEventListener("message", onMessage);
        socket.removeEventListener("close", onClose);
        context.signal.removeEventListener("abort", onAbort);
        closeQuietly(socket);
        resolve(outcome);
      };
      const onMessage = (event: MessageEvent) => {
        const message = parseSocketMessage(event.data);
        if (!message) return;
        if (message.type === "STATE_CHANGE" && message.data.challengeId === options.challengeId) {
          const update = updateFromStateChange(message.data);
          if (!update) return;
          context.onUpdate(update);
          if (isFinalState(update.state)) finish({ kind: "final", update });
        } else if (message.type === "ERROR") {
          finish(outcomeOfFailure(failureFromSocketError(message.data)));
        }
      };
      const onClose = (event: CloseEvent) => finish({ kind: "unavailable", reason: `the WebSocket closed (code ${event.code})` });
      const onAbort = () => finish({ kind: "aborted" });
      socket.addEventListener("message", onMessage);
      socket.addEventListener("close", onClose);
      context.signal.addEventListener("abort", onAbort, { once: true });
      if (socket.readyState !== OPEN) return finish({ kind: "unavailable", reason: "the WebSocket closed" });
      try {
        socket.send(JSON.stringify({ type: "SUBSCRIBE", data: { challengeId: options.challengeId } }));
      } catch (cause) {
        finish({ kind: "unavailable", reason: String(cause) });
      }
    });
  };
}
