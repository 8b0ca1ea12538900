import { linkedAbort, type LinkedAbort } from "./abort.js";
import { chainFor, followChallenge } from "./fallback.js";
import { toResult, type HttpClient } from "./http.js";
import type { SignetResult } from "./result.js";
import { QrSession, type QrChallengeOptions, type QrCreated } from "./qr-session.js";
import { qrStateFromVerify, type ChallengeUpdate } from "./states.js";
import { longPollTransport } from "./transports/long-poll.js";
import { pollingTransport } from "./transports/polling.js";
import { accessTokenOf, challengeRead } from "./transports/rest-read.js";
import type { ChallengeReader, NamedTransport } from "./transports/types.js";

export interface RestQrDeps {
  http: HttpClient;
  getToken(): string | undefined;
}

const READ_TIMEOUT_MS = 15_000;

/**
 * QR sign-in over REST: `POST /client/challenge/qr-code` (Bearer with a track token, else tenant
 * Basic), then `POST /client/verify/qr-code {challengeId, deviceCode}` (tenant Basic), held by the
 * server with `Prefer: wait=25` in long-poll mode (plain polling if it is not), or every
 * `pollInterval` in polling mode.
 */
export class RestQrSession extends QrSession {
  readonly #deps: RestQrDeps;
  #following: LinkedAbort | undefined;

  constructor(options: QrChallengeOptions, deps: RestQrDeps) {
    super(options);
    this.#deps = deps;
  }

  protected async create(custom: Record<string, unknown> | undefined): Promise<SignetResult<QrCreated>> {
    const answer = await this.#deps.http.post(
      "/client/challenge/qr-code",
      { action: this.options.action, custom },
      { token: this.#deps.getToken(), signal: this.lifetime.signal, timeoutMs: READ_TIMEOUT_MS },
    );
    return toResult(answer, (b) => {
      if (typeof b.challengeId !== "string" || typeof b.expiresAt !== "string" || typeof b.deviceCode !== "string") return undefined;
      const created: QrCreated = { challengeId: b.challengeId, expiresAt: b.expiresAt, deviceCode: b.deviceCode };
      if (typeof b.verificationCode === "string" || typeof b.verificationCode === "number") created.verificationCode = String(b.verificationCode);
      return created;
    });
  }

  protected follow(created: QrCreated): void {
    this.#stopFollowing();
    const { challengeId, deviceCode = "" } = created;
    const link = linkedAbort(this.lifetime.signal);
    this.#following = link;
    const read = this.#reader(challengeId, deviceCode);
    const names = chainFor(this.options.transport === "polling" ? "polling" : "long-poll");
    const chain = names.map(
      (name): NamedTransport => ({
        name,
        run: name === "polling" ? pollingTransport(read, { intervalMs: this.options.pollInterval ?? 2000 }) : longPollTransport(read),
      }),
    );
    void followChallenge(chain, { signal: link.signal, initialState: "unclaimed", onUpdate: (update) => this.report(challengeId, update) }).then((result) => {
      if (result.errorCode !== undefined && result.errorCode !== "aborted") this.fail(result);
    });
  }

  protected finished(): void {
    this.#stopFollowing();
  }

  protected stop(): void {
    this.#stopFollowing();
  }

  #stopFollowing(): void {
    this.#following?.abort();
    this.#following?.dispose();
    this.#following = undefined;
  }

  #reader(challengeId: string, deviceCode: string): ChallengeReader {
    return async ({ waitSeconds, signal }) => {
      const answer = await this.#deps.http.post(
        "/client/verify/qr-code",
        { challengeId, deviceCode },
        waitSeconds > 0 ? { signal, prefer: `wait=${waitSeconds}`, timeoutMs: waitSeconds * 1000 + READ_TIMEOUT_MS } : { signal, timeoutMs: READ_TIMEOUT_MS },
      );
      return challengeRead(answer, qrUpdate);
    };
  }
}

/** The update a QR verify body stands for. */
export function qrUpdate(body: Record<string, unknown>): ChallengeUpdate | undefined {
  const { isClaimed, isConsumed, isVerified } = body;
  if (typeof isClaimed !== "boolean" || typeof isConsumed !== "boolean" || typeof isVerified !== "boolean") return undefined;
  return { state: qrStateFromVerify({ isClaimed, isConsumed, isVerified }), ...accessTokenOf(body) };
}
