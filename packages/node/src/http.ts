import { SignetError } from "./errors.js";
import { backoffMs, isTransient, mayRetry } from "./retry.js";

export interface HttpConfig {
  apiUrl: string;
  authorization: string;
  retries: number;
  timeoutMs: number;
  fetch: typeof fetch;
}

export interface Call {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  body?: unknown;
  query?: Record<string, string | undefined>;
  /** The call may be repeated without harm (e.g. a track with its own idempotencyKey). */
  idempotent?: boolean;
}

export const VERSION = "0.1.0";

async function once(config: HttpConfig, call: Call): Promise<unknown> {
  const url = new URL(config.apiUrl.replace(/\/+$/, "") + call.path);
  for (const [k, v] of Object.entries(call.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  let response: Response;
  try {
    response = await config.fetch(url.toString(), {
      method: call.method,
      headers: {
        authorization: config.authorization,
        "user-agent": "signet-node",
        "x-authsignal-version": VERSION,
        ...(call.body !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new SignetError(0, timedOut ? "timeout" : "network_error", error instanceof Error ? error.message : String(error), { cause: error });
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const body = (parsed ?? {}) as { error?: string; errorCode?: string; errorDescription?: string };
    throw new SignetError(response.status, body.errorCode ?? body.error ?? `http_${response.status}`, body.errorDescription);
  }
  return parsed;
}

/** One API call, retried with back-off when it is safe to and the failure is transient. */
export async function request<T>(config: HttpConfig, call: Call): Promise<T> {
  const retries = mayRetry(call) ? config.retries : 0;
  for (let attempt = 0; ; attempt++) {
    try {
      return (await once(config, call)) as T;
    } catch (error) {
      if (!(error instanceof SignetError) || !isTransient(error.statusCode) || attempt >= retries) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
    }
  }
}
