/**
 * One timer for every open stream's heartbeat instead of one per stream: with ten thousand SSE
 * streams open that is ten thousand timers fewer.
 */
export class Heartbeat {
  private readonly beats = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs: number) {}

  add(beat: () => void): () => void {
    this.beats.add(beat);
    if (!this.timer) {
      this.timer = setInterval(() => this.beats.forEach((b) => b()), this.intervalMs);
      this.timer.unref();
    }
    return () => {
      this.beats.delete(beat);
      if (this.beats.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }
}
