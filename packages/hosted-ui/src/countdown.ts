/** Expiry countdowns: the formatting is pure; `startCountdown` drives a `<time>` element. */

/** Remaining milliseconds as `m:ss` (rounded up, so "0:00" only once it is over): 65_000 → "1:05". */
export function formatCountdown(remainingMs: number): string {
  const total = Math.max(0, Math.ceil(remainingMs / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, "0")}`;
}

/** A duration in words, for sentences and screen readers: 300 → "5 minutes", 90 → "1 minute 30 seconds". */
export function describeDuration(totalSeconds: number): string {
  const total = Math.max(0, Math.round(totalSeconds));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (minutes === 0) return plural(seconds, "second");
  return seconds === 0 ? plural(minutes, "minute") : `${plural(minutes, "minute")} ${plural(seconds, "second")}`;
}

export interface Countdown {
  /** The element that shows the time left (update-only: not a live region, it would chatter). */
  readonly element: HTMLElement;
  stop(): void;
}

/**
 * Shows the time left until `deadline` (ms since the epoch) in a `<time>` element, once a second,
 * and calls `onExpire` once when it reaches zero.
 */
export function startCountdown(deadline: number, onExpire: () => void, now: () => number = Date.now): Countdown {
  const element = document.createElement("time");
  element.className = "countdown";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = () => {
    const left = deadline - now();
    element.textContent = formatCountdown(left);
    element.dateTime = `PT${Math.max(0, Math.ceil(left / 1000))}S`;
    if (left <= 0) {
      timer = undefined;
      onExpire();
      return;
    }
    // Wake just after the next whole second, so the display never skips one.
    timer = setTimeout(tick, (left % 1000 || 1000) + 20);
  };
  tick();
  return {
    element,
    stop: () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
