import type { FastifyBaseLogger } from "fastify";

/**
 * Runs `work` now and then every `intervalMs` after each run ends (runs never overlap). `stop`
 * waits for the run under way; no timer outlives it.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<unknown>,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      this.running = this.work()
        .then(() => undefined)
        .catch((error: unknown) => this.log.error({ err: error, job: this.name }, "background job failed"))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.intervalMs);
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
