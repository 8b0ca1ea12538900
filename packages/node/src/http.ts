import { SignetError } from "./errors.js";
import { alreadyDone, mayRetry, withRetries } from "./retry.js";

/** This package's version, sent as `X-Authsignal-Version` (a test keeps it equal to package.json's). */
export const VERSION = "0.1.0";
export const USER_AGENT = "signet-node";

export interface HttpConfig {
  /** The API base URL without a trailing slash. */
  apiUrl: string;
  authorization: string;
  retries: number;
  timeoutMs: number;
  fetch: typeof fetch;
}

export interface Call {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Starts with "/"; dynamic parts already encoded with `segment`. */
  path: string;
  body?: unknown;
  query?: Record<string, string | undefined>;
  /** The caller made the call idempotent (a track with its own idempotencyKey). */
  idempotent?: boolean;
}

/**
 * One path segment, percent-encoded. Empty, "." and ".." are refused: a URL parser removes dot
 * segments (even encoded as %2e), so `..` as an authenticator id would silently turn
 * `DELETE /users/u/authenticators/..` into `DELETE /users/u`.
 */
export function segment(name: string, value: unknown): string {
  if (typeof value !== "string" || value === "" || value === "." || value === "..") {
    throw new SignetError(0, "invalid_request", `${name} must be a non-empty string other than "." and ".."`);
  }
  return encodeURIComponent(value);
}

function failure(error: unknown, signal: AbortSignal): SignetError {
  const timedOut = signal.aborted || (error instanceof Error && error.name === "TimeoutError");
  const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
  return timedOut
    ? new SignetError(0, "timeout", `No answer within the timeout (${reason}).`, { cause: error })
    : new SignetError(0, "network_error", `The request failed: ${reason}.`, { cause: error });
}

function parse(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

/** One attempt: sends the request and maps every failure to a SignetError. */
async function send(config: HttpConfig, call: Call): Promise<unknown> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(call.query ?? {})) if (v !== undefined) query.set(k, v);
  const qs = query.toString();
  const url = config.apiUrl + call.path + (qs ? `?${qs}` : "");
  const signal = AbortSignal.timeout(config.timeoutMs);
  let status: number;
  let text: string;
  try {
    const response = await config.fetch(url, {
      method: call.method,
      headers: {
        authorization: config.authorization,
        accept: "application/json",
        "user-agent": USER_AGENT,
        "x-authsignal-version": VERSION,
        ...(call.body !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal,
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    throw failure(error, signal);
  }
  const parsed = parse(text);
  if (status < 200 || status > 299) {
    const body = (parsed.ok && parsed.value && typeof parsed.value === "object" ? parsed.value : {}) as Record<string, unknown>;
    throw new SignetError(status, str(body.errorCode) ?? str(body.error) ?? `http_${status}`, str(body.errorDescription));
  }
  if (!parsed.ok) throw new SignetError(status, "invalid_response", "The server's answer is not JSON.");
  return parsed.value;
}

/** One API call, repeated after transient failures when the retry policy allows it. */
export function request<T>(config: HttpConfig, call: Call): Promise<T> {
  return withRetries(
    async (attempt) => {
      try {
        return (await send(config, call)) as T;
      } catch (error) {
        if (alreadyDone(call, error, attempt)) return undefined as T;
        throw error;
      }
    },
    { retries: config.retries, retryable: mayRetry(call) },
  );
}
