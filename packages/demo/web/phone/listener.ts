import type { PushChallenge, SignetDevice } from "@signet/device";

export type ListenerStatus = { kind: "live" } | { kind: "retrying"; inSeconds: number; reason: string };

export interface ListenerHandlers {
  /** A pending challenge for this phone: the listener pauses until `resume()`. */
  onChallenge(challenge: PushChallenge): void;
  onStatus(status: ListenerStatus): void;
  /** The server no longer knows this phone's key: stop and enrol again. */
  onGone(reason: string): void;
}

/** Errors no retry will cure: the credential is gone. */
const GONE = new Set(["credential_not_found", "no_credential", "invalid_credentials"]);
const WAIT_SECONDS = 25;
const MAX_BACKOFF_MS = 30_000;

/**
 * Waits for sign-in requests without any push service: `waitForChallenge` in a loop (the server
 * holds each request until a challenge exists, up to 25 s), with exponential back-off on errors.
 * `poke()` restarts the wait at once (a Web Push message arrived, or the app came to the front).
 */
export class ChallengeListener {
  private running = false;
  private paused = false;
  private controller: AbortController | undefined;
  private wake: (() => void) | undefined;
  private backoffMs = 1_000;

  constructor(
    private readonly device: SignetDevice,
    private readonly handlers: ListenerHandlers,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  stop(): void {
    this.running = false;
    this.controller?.abort();
    this.wake?.();
  }

  /** After a challenge has been answered, expired or withdrawn. */
  resume(): void {
    this.paused = false;
    this.wake?.();
  }

  poke(): void {
    this.backoffMs = 1_000;
    this.controller?.abort();
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async loop(): Promise<void> {
    while (this.running) {
      if (this.paused) {
        await this.sleep(60_000);
        continue;
      }
      if (this.backoffMs === 1_000) this.handlers.onStatus({ kind: "live" });
      const controller = new AbortController();
      this.controller = controller;
      const result = await this.device.push.waitForChallenge({ waitSeconds: WAIT_SECONDS, signal: controller.signal });
      this.controller = undefined;
      if (!this.running) return;
      if (result.errorCode === "aborted") continue;
      if (result.error !== undefined) {
        if (GONE.has(result.errorCode)) {
          this.running = false;
          this.handlers.onGone(result.error);
          return;
        }
        const wait = this.backoffMs;
        this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
        this.handlers.onStatus({ kind: "retrying", inSeconds: Math.round(wait / 1000), reason: result.error });
        await this.sleep(wait);
        continue;
      }
      this.backoffMs = 1_000;
      if (result.data) {
        this.paused = true;
        this.handlers.onChallenge(result.data);
      }
    }
  }
}
