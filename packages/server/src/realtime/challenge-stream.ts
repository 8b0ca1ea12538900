import type { Core } from "../domain/core.js";
import type { Challenge, Tenant } from "../domain/model.js";
import { resultOf, type ChallengeResult } from "../domain/challenges/challenge-result.js";
import { challengeTopic } from "../events/in-process-event-bus.js";
import type { Waiters } from "./waiters.js";

export interface ChallengeSink {
  /** A new result: sent once per state. */
  send(result: ChallengeResult): void;
  /** The challenge is final or expired, or the server shuts down: nothing more will come. */
  end(): void;
}

export interface ChallengeStream {
  stop(): void;
}

/**
 * Follows one challenge for a long-lived channel (SSE, WebSocket): sends its current result, then
 * each change, then ends when it is answered or expires. Re-reads the row on every wake-up; reads
 * are serialised so results go out in order. Undefined when the tenant has too many waiters.
 */
export function streamChallenge(
  deps: { core: Core; waiters: Waiters },
  tenant: Tenant,
  challenge: Challenge,
  sink: ChallengeSink,
): ChallengeStream | undefined {
  const { core, waiters } = deps;
  let lastState: string | undefined;
  let stopped = false;
  let queue = Promise.resolve();
  let expiryTimer: NodeJS.Timeout | undefined;

  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearTimeout(expiryTimer);
    watch?.stop();
  };
  const finish = () => {
    stop();
    sink.end();
  };
  const publish = (result: ChallengeResult) => {
    if (stopped || result.state === lastState) return;
    lastState = result.state;
    sink.send(result);
    if (result.isConsumed || result.state === "expired") finish();
  };
  const refresh = () => {
    queue = queue
      .then(async () => {
        if (stopped) return;
        const current = await core.store.challenges.get(tenant.id, challenge.id);
        if (current) publish(await resultOf(core, tenant, current));
      })
      .catch(() => finish());
  };

  const watch = waiters.watch(tenant.id, challengeTopic(challenge.id), refresh, () => {
    stopped = true;
    clearTimeout(expiryTimer);
    sink.end();
  });
  if (!watch) return undefined;
  const untilExpiry = challenge.expiresAt - core.clock.now();
  expiryTimer = setTimeout(refresh, Math.max(0, Math.min(untilExpiry + 50, 2 ** 31 - 1)));
  refresh();
  return { stop };
}
