import { EventEmitter } from "node:events";
import type { ChallengeEvent, EventBus } from "../domain/ports.js";

export const challengeTopic = (challengeId: string) => `challenge:${challengeId}`;
export const userTopic = (tenantId: string, userId: string) => `user:${tenantId}:${userId}`;

/**
 * Carries challenge events to waiters inside one process, on two topics: the challenge itself, and
 * its user (so a phone waiting for "any challenge for me" wakes when one is created). Events carry
 * only ids; a waiter re-reads the row, which stays the truth.
 */
export class InProcessEventBus implements EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(event: ChallengeEvent): void {
    this.emitter.emit(challengeTopic(event.challengeId), event);
    if (event.userId !== null) this.emitter.emit(userTopic(event.tenantId, event.userId), event);
  }

  /**
   * Wakes every subscriber as if its challenge had changed, so that each re-reads the truth (after a
   * gap in delivery, e.g. a lost connection between nodes).
   */
  wakeAll(): void {
    for (const topic of this.emitter.eventNames()) {
      const name = String(topic);
      const [kind, ...rest] = name.split(":");
      const event = kind === "challenge" ? { tenantId: "", challengeId: rest.join(":"), userId: null, method: "PUSH" as const } : { tenantId: rest[0] ?? "", challengeId: "", userId: rest.slice(1).join(":"), method: "PUSH" as const };
      this.emitter.emit(name, event);
    }
  }

  /** Calls `listener` for every event on `topic` until the returned function is called. */
  subscribe(topic: string, listener: (event: ChallengeEvent) => void): () => void {
    this.emitter.on(topic, listener);
    return () => this.emitter.off(topic, listener);
  }
}
