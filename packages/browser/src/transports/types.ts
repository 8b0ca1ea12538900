import type { ChallengeState, ChallengeUpdate } from "../states.js";
import { isFatalErrorCode, SdkErrorCode, type SignetFailure } from "../result.js";

/** The ways the SDK can follow a challenge, fastest first. */
export type TransportName = "websocket" | "sse" | "long-poll" | "polling";

/** What a transport is given while it follows one challenge. */
export interface TransportContext {
  /** Aborts when the wait is over (a result, the caller's signal): the transport cleans up and returns. */
  readonly signal: AbortSignal;
  /** Reports a state the transport observed (repeats are dropped by the caller). */
  onUpdate(update: ChallengeUpdate): void;
  /** The last state any transport reported for this challenge, if any. */
  lastState(): ChallengeState | undefined;
}

/**
 * How a transport's run ended: the challenge is final; the transport could not open or dropped
 * (fall back, or retry); an error no transport can cure; or the wait was aborted.
 */
export type TransportOutcome =
  | { kind: "final"; update: ChallengeUpdate }
  | { kind: "unavailable"; reason: string }
  | { kind: "fatal"; failure: SignetFailure }
  | { kind: "aborted" };

/** Follows a challenge until it is final or the transport fails. Never throws. */
export type Transport = (context: TransportContext) => Promise<TransportOutcome>;

/** A transport and its name, as the fallback chain holds them. */
export interface NamedTransport {
  name: TransportName;
  run: Transport;
}

/** Classifies a failure: aborted, fatal (bad token, unknown challenge…), or worth another transport. */
export function outcomeOfFailure(failure: SignetFailure): TransportOutcome {
  if (failure.errorCode === SdkErrorCode.aborted) return { kind: "aborted" };
  if (isFatalErrorCode(failure.errorCode)) return { kind: "fatal", failure };
  return { kind: "unavailable", reason: `${failure.errorCode}: ${failure.error}` };
}

/** One REST read of a challenge (a verify call), with what is needed to judge a long-poll. */
export type ChallengeRead =
  | { update: ChallengeUpdate; preferenceApplied: boolean; elapsedMs: number; failure?: undefined }
  | { failure: SignetFailure };

/** Reads a challenge over REST; `waitSeconds` > 0 asks the server to hold the request (`Prefer: wait=N`). */
export type ChallengeReader = (options: { waitSeconds: number; signal: AbortSignal }) => Promise<ChallengeRead>;
