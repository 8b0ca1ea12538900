import { chainFor, followChallenge } from "./fallback.js";
import { toResult, type HttpClient } from "./http.js";
import { failure, SdkErrorCode, success, type SignetFailure, type SignetResult } from "./result.js";
import { pushStateFromVerify, type ChallengeUpdate, type PushState } from "./states.js";
import { longPollTransport } from "./transports/long-poll.js";
import { pollingTransport } from "./transports/polling.js";
import { accessTokenOf, challengeRead } from "./transports/rest-read.js";
import { sseTransport } from "./transports/sse.js";
import type { ChallengeReader, NamedTransport, TransportName } from "./transports/types.js";
import { websocketTransport, type WebSocketFactory } from "./transports/websocket.js";

/** The outcome of sending the push to one of the user's devices. */
export interface DeliveryResult {
  userAuthenticatorId: string;
  errorCode?: string;
  [field: string]: unknown;
}

export interface PushChallengeData {
  challengeId: string;
  /** Number matching: the code to show the user, who enters (or picks) it on the phone. */
  verificationCode?: string;
  deliveryResults?: DeliveryResult[];
}

export interface PushVerifyData {
  isVerified: boolean;
  isConsumed: boolean;
  /** The validation token for your backend's `POST /validate`, once approved. */
  token?: string;
}

/** `auto` tries WebSocket, then SSE, then long-poll, then polling; any other value forces one. */
export type PushTransportMode = "auto" | TransportName;

export interface WaitForResultOptions {
  challengeId: string;
  /** Aborting ends the wait with an `aborted` failure, and closes every socket, stream and timer. */
  signal?: AbortSignal;
  /** Default `auto`. `long-poll` polls every 2 s if the server does not hold requests. */
  transport?: PushTransportMode;
  /** Each new state: `pending` first (for real-time transports), then the final one. */
  onStateChange?: (state: PushState, token?: string) => void;
  /** Each time a transport starts: useful to show "live" or "checking…". */
  onTransportChange?: (transport: TransportName) => void;
}

export interface PushResultData {
  isVerified: boolean;
  /** The validation token for your backend's `POST /validate`, when approved. */
  token?: string;
  /** `approved`, `rejected` (denied), `superseded` (a newer push for the user) or `expired`. */
  state: PushState;
  /** The transport that saw the final state. */
  transport: TransportName;
}

export interface PushDeps {
  http: HttpClient;
  getToken(): string | undefined;
  socketUrl: string;
  WebSocket?: WebSocketFactory | undefined;
  onTokenExpired?: (() => void) | undefined;
}

const READ_TIMEOUT_MS = 15_000;

/** Push sign-in from the browser: start a challenge on the user's phone and wait for the answer. */
export class Push {
  readonly #deps: PushDeps;

  constructor(deps: PushDeps) {
    this.#deps = deps;
  }

  /** Sends a push challenge to the user's device(s), for the action of the track token. */
  async challenge(options: { action?: string; userAuthenticatorId?: string } = {}): Promise<SignetResult<PushChallengeData>> {
    const token = this.#deps.getToken();
    if (!token) return tokenNotSet();
    const body = { action: options.action, userAuthenticatorId: options.userAuthenticatorId };
    const answer = await this.#deps.http.post("/client/challenge/push", body, { token, timeoutMs: READ_TIMEOUT_MS });
    return this.#checked(
      toResult(answer, (b) => {
        if (typeof b.challengeId !== "string") return undefined;
        const data: PushChallengeData = { challengeId: b.challengeId };
        if (typeof b.verificationCode === "string" || typeof b.verificationCode === "number") data.verificationCode = String(b.verificationCode);
        if (Array.isArray(b.deliveryResults)) data.deliveryResults = b.deliveryResults as DeliveryResult[];
        return data;
      }),
    );
  }

  /** Reads the challenge once: `{isVerified, isConsumed, token?}`. */
  async verify(options: { challengeId: string }): Promise<SignetResult<PushVerifyData>> {
    const token = this.#deps.getToken();
    if (!token) return tokenNotSet();
    const answer = await this.#deps.http.post("/client/verify/push", { challengeId: options.challengeId }, { token, timeoutMs: READ_TIMEOUT_MS });
    return this.#checked(
      toResult(answer, (b) =>
        typeof b.isVerified === "boolean" && typeof b.isConsumed === "boolean" ? { isVerified: b.isVerified, isConsumed: b.isConsumed, ...accessTokenOf(b) } : undefined,
      ),
    );
  }

  /**
   * Waits until the challenge is final, in real time: a WebSocket subscription first; if the
   * socket cannot open or drops, server-sent events; then long-poll (`Prefer: wait=25`); and plain
   * polling every 2 s when the server does not hold requests. Each fallback re-reads the current
   * state first, so nothing is missed.
   */
  async waitForResult(options: WaitForResultOptions): Promise<SignetResult<PushResultData>> {
    const token = this.#deps.getToken();
    if (!token) return tokenNotSet();
    const { challengeId } = options;
    const chain = chainFor(options.transport ?? "auto").map((name): NamedTransport => ({ name, run: this.#transport(name, token, challengeId) }));
    const result = await followChallenge(chain, {
      ...(options.signal ? { signal: options.signal } : {}),
      onUpdate: (update) => options.onStateChange?.(update.state as PushState, update.token),
      ...(options.onTransportChange ? { onTransport: options.onTransportChange } : {}),
    });
    if (result.errorCode !== undefined) return this.#checked<PushResultData>(result);
    const { update, transport } = result.data;
    return success({ isVerified: update.state === "approved", ...(update.token ? { token: update.token } : {}), state: update.state as PushState, transport });
  }

  #transport(name: TransportName, token: string, challengeId: string) {
    const { http } = this.#deps;
    switch (name) {
      case "websocket":
        return websocketTransport({ url: this.#deps.socketUrl, token, challengeId, WebSocket: this.#deps.WebSocket });
      case "sse":
        return sseTransport({ http, token, challengeId });
      case "long-poll":
        return longPollTransport(this.#reader(token, challengeId), { assumedState: "pending" });
      case "polling":
        return pollingTransport(this.#reader(token, challengeId));
    }
  }

  #reader(token: string, challengeId: string): ChallengeReader {
    return async ({ waitSeconds, signal }) => {
      const answer = await this.#deps.http.post(
        "/client/verify/push",
        { challengeId },
        waitSeconds > 0 ? { token, signal, prefer: `wait=${waitSeconds}`, timeoutMs: waitSeconds * 1000 + READ_TIMEOUT_MS } : { token, signal, timeoutMs: READ_TIMEOUT_MS },
      );
      return challengeRead(answer, pushUpdate);
    };
  }

  #checked<T>(result: SignetResult<T>): SignetResult<T> {
    if (result.errorCode === "expired_token") this.#deps.onTokenExpired?.();
    return result;
  }
}

/** The update a push verify body stands for. */
export function pushUpdate(body: Record<string, unknown>): ChallengeUpdate | undefined {
  if (typeof body.isVerified !== "boolean" || typeof body.isConsumed !== "boolean") return undefined;
  return { state: pushStateFromVerify({ isVerified: body.isVerified, isConsumed: body.isConsumed }), ...accessTokenOf(body) };
}

const tokenNotSet = (): SignetFailure => failure("A token has not been set. Call 'setToken' first.", SdkErrorCode.tokenNotSet);
