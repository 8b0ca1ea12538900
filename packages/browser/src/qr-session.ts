import type { Timer } from "./abort.js";
import { success, type SignetFailure, type SignetResult } from "./result.js";
import { isFinalState, type ChallengeUpdate, type QrState } from "./states.js";

/** `websocket` (the official SDK's default) or the REST verify loop, long-polled or polled. */
export type QrTransportMode = "websocket" | "long-poll" | "polling";

export interface QrChallengeOptions {
  /** The action code (required without a track token; with one, the token's action). */
  action: string;
  /** Custom data shown to the claiming device (only without a track token). */
  custom?: Record<string, unknown>;
  /** Each change after creation: `claimed`, then `approved` (with the token) or `rejected`; or `expired`. */
  onStateChange: (state: QrState, token?: string) => void;
  /** A new QR code replaced the old one (on the refresh timer, on `refresh()`, after expiry): show it. */
  onRefresh?: (challengeId: string, expiresAt: string) => void;
  /** With `onRefresh`: renew the QR code this often, ms. Default 9 minutes. */
  refreshInterval?: number;
  /** Default `websocket`. */
  transport?: QrTransportMode;
  /** Polling mode: pause between reads, ms. Default 2000. */
  pollInterval?: number;
  /** A failure after creation (the connection was lost for good, the server refused a read). */
  onError?: (failure: SignetFailure) => void;
}

export interface QrChallengeData {
  /** Encode this in the QR code. */
  challengeId: string;
  expiresAt: string;
  /** Number matching: the code to show next to the QR code. */
  verificationCode?: string;
}

/** A created challenge, with the REST mode's secret device code. */
export interface QrCreated extends QrChallengeData {
  deviceCode?: string;
}

const DEFAULT_REFRESH_INTERVAL = 9 * 60 * 1000;

/**
 * One QR sign-in: creates a challenge, follows it, renews it. Subclasses say how to create and
 * follow (socket or REST); this class reports each state once, stops at a final state, and runs
 * the refresh timer.
 */
export abstract class QrSession {
  protected readonly options: QrChallengeOptions;
  /** Aborts when the session is disconnected. */
  protected readonly lifetime = new AbortController();
  protected current: { challengeId: string; state: QrState } | undefined;
  #refreshTimer: Timer | undefined;

  constructor(options: QrChallengeOptions) {
    this.options = options;
  }

  get closed(): boolean {
    return this.lifetime.signal.aborted;
  }

  /** Creates the first challenge and starts following it. */
  start(): Promise<SignetResult<QrChallengeData>> {
    return this.#renew(this.options.custom, false);
  }

  /** Replaces the challenge with a new one (`onRefresh` is called). */
  refresh(custom?: Record<string, unknown>): Promise<SignetResult<QrChallengeData>> {
    return this.#renew(custom ?? this.options.custom, true);
  }

  /** Stops everything: sockets, requests, timers. */
  disconnect(): void {
    if (this.closed) return;
    this.lifetime.abort();
    clearTimeout(this.#refreshTimer);
    this.stop();
  }

  async #renew(custom: Record<string, unknown> | undefined, notify: boolean): Promise<SignetResult<QrChallengeData>> {
    const created = await this.create(custom);
    if (created.errorCode !== undefined) return created;
    const { deviceCode: _secret, ...data } = created.data;
    if (this.closed) return success(data);
    this.current = { challengeId: data.challengeId, state: "unclaimed" };
    this.follow(created.data);
    this.#scheduleRefresh();
    if (notify) this.options.onRefresh?.(data.challengeId, data.expiresAt);
    return success(data);
  }

  #scheduleRefresh(): void {
    clearTimeout(this.#refreshTimer);
    if (!this.options.onRefresh) return;
    this.#refreshTimer = setTimeout(() => {
      void this.refresh().then((r) => r.errorCode !== undefined && this.#failed(r));
    }, this.options.refreshInterval ?? DEFAULT_REFRESH_INTERVAL);
  }

  /** Reports a state of `challengeId`; ignored for a replaced challenge, or when unchanged. */
  protected report(challengeId: string, update: ChallengeUpdate): void {
    const current = this.current;
    if (this.closed || !current || current.challengeId !== challengeId || current.state === update.state) return;
    if (isFinalState(current.state)) return;
    current.state = update.state as QrState;
    this.options.onStateChange(current.state, update.token);
    if (!isFinalState(current.state)) return;
    clearTimeout(this.#refreshTimer);
    if (current.state === "expired" && this.options.onRefresh) {
      void this.refresh().then((r) => r.errorCode !== undefined && this.#failed(r));
    } else {
      this.finished();
    }
  }

  protected isFinal(): boolean {
    return this.current !== undefined && isFinalState(this.current.state);
  }

  #failed(failure: SignetFailure): void {
    if (!this.closed) this.options.onError?.(failure);
  }

  /** Reports a failure after creation to `onError`. */
  protected fail(failure: SignetFailure): void {
    this.#failed(failure);
  }

  /** Creates a challenge. */
  protected abstract create(custom: Record<string, unknown> | undefined): Promise<SignetResult<QrCreated>>;
  /** Starts following a just-created challenge (and stops following the previous one). */
  protected abstract follow(created: QrCreated): void;
  /** The current challenge is approved or rejected: release what is no longer needed. */
  protected abstract finished(): void;
  /** Releases everything. */
  protected abstract stop(): void;
}
