import { delay, linkedAbort } from "./abort.js";
import { describe, failure, SdkErrorCode, success, type SignetResult } from "./result.js";
import type { ChallengeState, ChallengeUpdate } from "./states.js";
import type { NamedTransport, TransportName, TransportOutcome } from "./transports/types.js";

/** Which transports a `transport` option stands for, in the order they are tried. */
export function chainFor(mode: "auto" | TransportName): TransportName[] {
  switch (mode) {
    case "auto":
      return ["websocket", "sse", "long-poll", "polling"];
    case "long-poll":
      // A server (or proxy) that does not hold the request is polled every 2 s rather than hammered.
      return ["long-poll", "polling"];
    default:
      return [mode];
  }
}

export interface FallbackOptions {
  /** The caller's signal: aborting it ends the wait with an `aborted` failure. */
  signal?: AbortSignal;
  /** Each new state, once (a state repeated by another transport after a fallback is not reported again). */
  onUpdate?: (update: ChallengeUpdate) => void;
  /** Each time a transport is (re)started. */
  onTransport?: (name: TransportName) => void;
  /** A state already known (reported neither by `onUpdate` nor assumed changed by long-poll). */
  initialState?: ChallengeState;
  /** The last transport is retried this many times in a row without progress before giving up. */
  maxRetries?: number;
  /** The pause before retry n (1-based) of the last transport, ms. */
  retryDelayMs?: (attempt: number) => number;
}

/** The outcome of following a challenge: its final state and the transport that saw it. */
export interface FallbackResult {
  update: ChallengeUpdate;
  transport: TransportName;
}

const defaultRetryDelay = (attempt: number) => Math.min(1000 * 2 ** (attempt - 1), 8000);

/**
 * Follows a challenge through `chain` until it is final. A transport that cannot open or drops
 * hands over to the next one, which starts by reading the current state (the server's row is the
 * truth, so nothing that happened during the switch is lost). The last transport is retried with
 * a backoff; the retry count resets whenever it made progress. A fatal error (a bad token, an
 * unknown challenge) ends the wait at once. Every transport is stopped when this returns.
 */
export async function followChallenge(chain: NamedTransport[], options: FallbackOptions = {}): Promise<SignetResult<FallbackResult>> {
  if (chain.length === 0) return failure("No transport to follow the challenge with.", SdkErrorCode.networkError);
  const maxRetries = options.maxRetries ?? 4;
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelay;
  const link = linkedAbort(options.signal);
  let last: ChallengeUpdate | undefined = options.initialState ? { state: options.initialState } : undefined;
  let progressed = false;
  const context = {
    signal: link.signal,
    lastState: () => last?.state,
    onUpdate(update: ChallengeUpdate) {
      progressed = true;
      if (last && last.state === update.state && (last.token || !update.token)) return;
      last = update;
      options.onUpdate?.(update);
    },
  };
  const aborted = () => failure("The wait was aborted.", SdkErrorCode.aborted);
  let index = 0;
  let retries = 0;
  try {
    for (;;) {
      if (link.signal.aborted) return aborted();
      const { name, run } = chain[index]!;
      options.onTransport?.(name);
      progressed = false;
      let outcome: TransportOutcome;
      try {
        outcome = await run(context);
      } catch (cause) {
        outcome = { kind: "unavailable", reason: describe(cause) };
      }
      if (link.signal.aborted && outcome.kind !== "final") return aborted();
      switch (outcome.kind) {
        case "final":
          context.onUpdate(outcome.update);
          return success({ update: outcome.update, transport: name });
        case "fatal":
          return outcome.failure;
        case "aborted":
          return aborted();
        case "unavailable":
          if (index < chain.length - 1) {
            index += 1;
            retries = 0;
            continue;
          }
          retries = progressed ? 1 : retries + 1;
          if (retries > maxRetries) return failure(`Could not follow the challenge (${name}: ${outcome.reason}).`, SdkErrorCode.networkError);
          if (!(await delay(retryDelayMs(retries), link.signal))) return aborted();
      }
    }
  } finally {
    link.abort();
    link.dispose();
  }
}
