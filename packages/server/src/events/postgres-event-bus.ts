import { randomUUID } from "node:crypto";
import pg from "pg";
import type { FastifyBaseLogger } from "fastify";
import type { ChallengeEvent } from "../domain/ports.js";
import { InProcessEventBus } from "./in-process-event-bus.js";

const CHANNEL = "signet_challenge_events";

interface Wire extends ChallengeEvent {
  origin: string;
}

/**
 * Carries challenge events between Signet nodes on one PostgreSQL database with LISTEN/NOTIFY.
 * Only ids travel (NOTIFY takes a global lock at commit, so payloads stay tiny and are sent after
 * the change is committed); waiters re-read the row, which stays the truth. A node delivers its own
 * events locally at once and ignores their echo. When the listening connection drops, it reconnects
 * with back-off and wakes every local waiter so that each re-reads what it may have missed.
 */
export class PostgresEventBus extends InProcessEventBus {
  private readonly origin = randomUUID();
  private listener: pg.Client | undefined;
  private readonly notifier: pg.Pool;
  private closed = false;
  private retryMs = 100;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly log: FastifyBaseLogger,
  ) {
    super();
    this.notifier = new pg.Pool({ ...config, max: 2 });
  }

  async start(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on("notification", (message) => this.receive(message.payload));
    client.on("error", (error) => this.reconnect(client, error));
    client.on("end", () => this.reconnect(client));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
    this.retryMs = 100;
  }

  override publish(event: ChallengeEvent): void {
    super.publish(event);
    const wire: Wire = { ...event, origin: this.origin };
    this.notifier.query("SELECT pg_notify($1, $2)", [CHANNEL, JSON.stringify(wire)]).catch((error: unknown) => {
      this.log.error({ err: error }, "could not notify other nodes of a challenge change");
    });
  }

  private receive(payload: string | undefined): void {
    if (!payload) return;
    try {
      const wire = JSON.parse(payload) as Wire;
      if (wire.origin === this.origin) return;
      super.publish({ tenantId: wire.tenantId, challengeId: wire.challengeId, userId: wire.userId, method: wire.method });
    } catch (error) {
      this.log.warn({ err: error }, "ignored a malformed challenge notification");
    }
  }

  private reconnect(client: pg.Client, error?: Error): void {
    if (this.closed || this.listener !== client) return;
    this.listener = undefined;
    this.log.warn({ err: error }, "lost the PostgreSQL LISTEN connection; reconnecting");
    client.removeAllListeners();
    void client.end().catch(() => undefined);
    const retry = () => {
      if (this.closed) return;
      this.start()
        .then(() => this.wakeAll())
        .catch((e: unknown) => {
          this.log.warn({ err: e }, "PostgreSQL LISTEN reconnect failed");
          this.retryMs = Math.min(this.retryMs * 2, 10_000);
          setTimeout(retry, this.retryMs).unref();
        });
    };
    setTimeout(retry, this.retryMs).unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    const listener = this.listener;
    this.listener = undefined;
    listener?.removeAllListeners();
    await listener?.end().catch(() => undefined);
    await this.notifier.end();
  }
}
