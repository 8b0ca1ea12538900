import { delay } from "../abort.js";
import { isFinalState } from "../states.js";
import { outcomeOfFailure, type ChallengeReader, type Transport } from "./types.js";

export interface PollingOptions {
  /** Pause between reads, ms. Default 2000. */
  intervalMs?: number;
  /** Consecutive failed reads (network, 5xx, 429) after which the run ends. Default 3. */
  maxErrors?: number;
}

/** Follows a challenge by reading it every `intervalMs`: the fallback that works everywhere. */
export function pollingTransport(read: ChallengeReader, options: PollingOptions = {}): Transport {
  const intervalMs = options.intervalMs ?? 2000;
  const maxErrors = options.maxErrors ?? 3;
  return async (context) => {
    let errors = 0;
    for (;;) {
      const answer = await read({ waitSeconds: 0, signal: context.signal });
      if (answer.failure) {
        const outcome = outcomeOfFailure(answer.failure);
        errors += 1;
        if (outcome.kind !== "unavailable" || errors >= maxErrors) return outcome;
      } else {
        errors = 0;
        context.onUpdate(answer.update);
        if (isFinalState(answer.update.state)) return { kind: "final", update: answer.update };
      }
      if (!(await delay(intervalMs, context.signal))) return { kind: "aborted" };
    }
  };
}
