/**
 * How the page hands its result back (PROTOCOL.md §7). Redirect mode: the browser goes to the
 * action's redirectUrl with `token` appended. Popup and window mode (`authsignal.launch(url,
 * {mode})`, which adds `&mode=popup`): messages to the opener or parent, the JSON events as strings
 * and the height as a raw object, exactly as the official `@authsignal/browser` SDK reads them.
 */

export type Mode = "redirect" | "popup" | "window";

/** The `mode` query parameter: `popup` or `window`; anything else (or none) is redirect mode. */
export function parseMode(value: string | null): Mode {
  return value === "popup" || value === "window" ? value : "redirect";
}

/** The http(s) origin of a URL, or undefined (empty, malformed, or an opaque origin). */
export function originOf(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The target origin of every message: never `*`. The opener's or parent's origin where known (the
 * referrer's, or the frame's ancestor's) if the tenant allows it; else the first allowed origin (a
 * message to any other origin is simply dropped by the browser). With no allowed origins, the
 * known origin, or none at all: then nothing is posted.
 */
export function chooseTargetOrigin(input: { allowedOrigins: readonly string[]; referrer?: string | null; ancestorOrigin?: string | null }): string | undefined {
  const known = [originOf(input.referrer), originOf(input.ancestorOrigin)].filter((o): o is string => o !== undefined);
  if (input.allowedOrigins.length > 0) return known.find((o) => input.allowedOrigins.includes(o)) ?? input.allowedOrigins[0];
  return known[0];
}

/**
 * The action's redirectUrl with `token` appended as a query parameter (`?token=` or `&token=`,
 * before any fragment); undefined when there is no http(s) redirectUrl to go to.
 */
export function buildRedirectUrl(redirectUrl: string | null | undefined, token: string): string | undefined {
  if (!redirectUrl || originOf(redirectUrl) === undefined) return undefined;
  const hashAt = redirectUrl.indexOf("#");
  const base = hashAt === -1 ? redirectUrl : redirectUrl.slice(0, hashAt);
  const fragment = hashAt === -1 ? "" : redirectUrl.slice(hashAt);
  const separator = !base.includes("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
  return `${base}${separator}token=${encodeURIComponent(token)}${fragment}`;
}

/** The events of the official SDK's `AuthsignalWindowMessage`. */
export const WindowEvent = {
  ready: "AUTHSIGNAL_READY",
  close: "AUTHSIGNAL_CLOSE_POPUP",
  apiError: "AUTHSIGNAL_API_ERROR",
} as const;

/** What the page can post to; a Window in the browser, a fake in tests. */
export interface MessageTarget {
  postMessage(message: unknown, targetOrigin: string): void;
}

/** Posts to the opener or parent at one fixed target origin; without a target or origin, does nothing. */
export class Messenger {
  readonly #target: MessageTarget | undefined;
  readonly #origin: string | undefined;
  #lastHeight = -1;
  #readySent = false;

  constructor(target: MessageTarget | null | undefined, origin: string | undefined) {
    this.#target = target ?? undefined;
    this.#origin = origin;
  }

  /** Whether messages go anywhere. */
  get connected(): boolean {
    return this.#target !== undefined && this.#origin !== undefined;
  }

  #post(message: unknown): void {
    if (this.#target && this.#origin) this.#target.postMessage(message, this.#origin);
  }

  /** `AUTHSIGNAL_READY`, once. */
  ready(): void {
    if (this.#readySent) return;
    this.#readySent = true;
    this.#post(JSON.stringify({ event: WindowEvent.ready }));
  }

  /** `{height}` as a raw object, when it changed. */
  height(px: number): void {
    const height = Math.ceil(px);
    if (height === this.#lastHeight || height <= 0) return;
    this.#lastHeight = height;
    this.#post({ height });
  }

  /** `AUTHSIGNAL_CLOSE_POPUP` with the validation token, or without one when the user cancelled. */
  close(token?: string): void {
    this.#post(JSON.stringify(token === undefined ? { event: WindowEvent.close } : { event: WindowEvent.close, token }));
  }

  /** `AUTHSIGNAL_API_ERROR`. */
  apiError(errorCode: string, statusCode: number): void {
    this.#post(JSON.stringify({ event: WindowEvent.apiError, errorCode, statusCode }));
  }
}
