import { isFinalState, type ChallengeState } from "../states.js";
import { outcomeOfFailure, type ChallengeReader, type Transport } from "./types.js";

/** What one long-poll answer says about the server: it held the request, it did not, or no telling. */
export type WaitVerdict = "honoured" | "not-honoured" | "unknown";

/**
 * Whether the server honoured `Prefer: wait=N`. `Preference-Applied` says so; a cross-origin page
 * may not see that header (unless the server lists it in `Access-Control-Expose-Headers`), so an
 * unchanged answer that took at least half the wait counts too. An answer that brings a new state
 * proves nothing either way; an unchanged one that came back early means the server did not wait.
 */
export function judgeWait(answer: { preferenceApplied: boolean; elapsedMs: number; waitSeconds: number; changed: boolean }): WaitVerdict {
  if (answer.preferenceApplied) return "honoured";
  if (answer.changed) return "unknown";
  return answer.elapsedMs >= (answer.waitSeconds * 1000) / 2 ? "honoured" : "not-honoured";
}

export interface LongPollOptions {
  /** Seconds the server is asked to hold each request (`Prefer: wait=N`, N ≤ 30). Default 25. */
  waitSeconds?: number;
  /** The state assumed before the first answer when none was reported yet (a fresh challenge's). */
  assumedState?: ChallengeState;
}

/**
 * Follows a challenge with a verify loop that asks the server to hold each request until the
 * state changes. Ends (to fall back to plain polling) as soon as an answer shows that the server
 * does not hold requests.
 */
export function longPollTransport(read: ChallengeReader, options: LongPollOptions = {}): Transport {
  const waitSeconds = options.waitSeconds ?? 25;
  return async (context) => {
    let known = context.lastState() ?? options.assumedState;
    for (;;) {
      const answer = await read({ waitSeconds, signal: context.signal });
      if (answer.failure) return outcomeOfFailure(answer.failure);
      const { update } = answer;
      context.onUpdate(update);
      if (isFinalState(update.state)) return { kind: "final", update };
      const changed = known === undefined || update.state !== known;
      known = update.state;
      if (judgeWait({ preferenceApplied: answer.preferenceApplied, elapsedMs: answer.elapsedMs, waitSeconds, changed }) === "not-honoured") {
        return { kind: "unavailable", reason: "the server did not hold the request (no Preference-Applied)" };
      }
    }
  };
}
