import type { ChallengeEvent } from "../domain/ports.js";
import type { InProcessEventBus } from "../events/in-process-event-bus.js";

export type WakeReason = "event" | "timeout" | "closed";

export interface Waiter {
  /** Settles on the next event on the topic, at the timeout, or at shutdown. */
  readonly wake: Promise<WakeReason>;
  cancel(): void;
}

export interface Watch {
  stop(): void;
}

/**
 * Everyone waiting for a challenge to change: long-polls, SSE streams and WebSockets. Bounds the
 * number per tenant, and ends them all at shutdown, leaving no timer or listener behind.
 */
export class Waiters {
  private readonly perTenant = new Map<string, number>();
  private readonly closers = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly bus: InProcessEventBus,
    readonly maxPerTenant: number,
  ) {}

  get size(): number {
    return this.closers.size;
  }

  private reserve(tenantId: string): (() => void) | undefined {
    const count = this.perTenant.get(tenantId) ?? 0;
    if (this.closed || count >= this.maxPerTenant) return undefined;
    this.perTenant.set(tenantId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.perTenant.get(tenantId) ?? 1) - 1;
      if (left === 0) this.perTenant.delete(tenantId);
      else this.perTenant.set(tenantId, left);
    };
  }

  /** Subscribes now and waits up to `ms`; undefined when the tenant has too many waiters. */
  waitFor(tenantId: string, topic: string, ms: number): Waiter | undefined {
    const release = this.reserve(tenantId);
    if (!release) return undefined;
    let settle!: (reason: WakeReason) => void;
    const wake = new Promise<WakeReason>((resolve) => (settle = resolve));
    const finish = (reason: WakeReason) => {
      clearTimeout(timer);
      unsubscribe();
      release();
      this.closers.delete(closer);
      settle(reason);
    };
    const closer = () => finish("closed");
    const unsubscribe = this.bus.subscribe(topic, () => finish("event"));
    const timer = setTimeout(() => finish("timeout"), ms);
    this.closers.add(closer);
    return { wake, cancel: () => finish("timeout") };
  }

  /** A long-lived subscription (SSE, WebSocket); undefined when the tenant has too many waiters. */
  watch(tenantId: string, topic: string, onEvent: (event: ChallengeEvent) => void, onShutdown: () => void): Watch | undefined {
    const release = this.reserve(tenantId);
    if (!release) return undefined;
    const unsubscribe = this.bus.subscribe(topic, onEvent);
    const stop = () => {
      unsubscribe();
      release();
      this.closers.delete(closer);
    };
    const closer = () => {
      stop();
      onShutdown();
    };
    this.closers.add(closer);
    return { stop };
  }

  /** Shutdown: wakes every long-poll and ends every stream; no new waiter is accepted. */
  closeAll(): void {
    this.closed = true;
    for (const close of [...this.closers]) close();
  }
}
