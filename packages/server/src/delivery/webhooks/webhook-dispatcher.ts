import type { FastifyBaseLogger } from "fastify";
import type { Core } from "../../domain/core.js";
import type { DueDelivery } from "../../domain/ports.js";
import { currentSecret } from "../../domain/tenants/tenant-service.js";
import { postWebhook } from "./post-webhook.js";
import { signatureHeader } from "./webhook-signature.js";
import { nextAttemptAt, type RetryPolicy } from "./retry-schedule.js";

export interface DispatcherOptions {
  retry: RetryPolicy;
  timeoutMs: number;
  allowPrivate: boolean;
  batchSize: number;
}

/** The envelope of PROTOCOL.md §5; the same bytes on every attempt (the `id` repeats on redelivery). */
export function webhookBody(core: Core, { event }: DueDelivery): string {
  return JSON.stringify({
    version: 1,
    id: event.id,
    source: core.publicUrl,
    time: new Date(event.createdAt).toISOString(),
    tenantId: event.tenantId,
    type: event.type,
    data: event.data,
  });
}

/**
 * Delivers the outbox at least once: leases due deliveries, POSTs them signed, logs every attempt,
 * and schedules retries with exponential back-off and jitter for about a day. A process that dies
 * mid-delivery leaves its leased deliveries to be retried when the lease runs out.
 */
export class WebhookDispatcher {
  constructor(
    private readonly core: Core,
    private readonly options: DispatcherOptions,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** One round: every due delivery is attempted once. Returns how many were attempted. */
  async tick(): Promise<number> {
    const now = this.core.clock.now();
    const lease = now + this.options.timeoutMs * 2 + 5_000;
    const due = await this.core.store.webhookDeliveries.claimDue(now, lease, this.options.batchSize);
    await Promise.all(due.map((d) => this.attempt(d)));
    return due.length;
  }

  private async attempt(due: DueDelivery): Promise<void> {
    const { delivery } = due;
    const body = webhookBody(this.core, due);
    const secret = await currentSecret(this.core, delivery.tenantId);
    const at = this.core.clock.now();
    const result = secret
      ? await postWebhook(delivery.url, body, { "x-signature-v2": signatureHeader(secret, body, Math.floor(at / 1000)) }, this.options)
      : { statusCode: null, error: "the tenant has no valid API secret to sign with", durationMs: 0 };
    const attempt = delivery.attempts + 1;
    const delivered = result.error === null;
    const retryAt = delivered ? undefined : nextAttemptAt(this.options.retry, delivery.createdAt, at, attempt);
    await this.core.store.webhookDeliveries.recordAttempt(
      { deliveryId: delivery.id, attempt, at, statusCode: result.statusCode, error: result.error, durationMs: result.durationMs },
      delivered ? { state: "delivered", nextAttemptAt: at } : retryAt === undefined ? { state: "dead", nextAttemptAt: at } : { state: "pending", nextAttemptAt: retryAt },
    );
    if (!delivered) this.log.warn({ deliveryId: delivery.id, attempt, error: result.error }, "webhook delivery failed");
  }
}
