import { linkedAbort } from "./abort.js";
import { describe, failure, failureFromBody, SdkErrorCode, success, type SignetFailure, type SignetResult } from "./result.js";

/** The `fetch` signature the SDK needs (the global `fetch` fits). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * The official browser SDK's headers: `Authorization: Bearer <token>` when a track token is known,
 * else the tenant's `Basic base64(encodeURIComponent(tenantId))` (no colon).
 */
export function buildHeaders({ token, tenantId }: { token?: string | undefined; tenantId: string }): Record<string, string> {
  return {
    "Content-Type": "application/json",
    Authorization: token ? `Bearer ${token}` : `Basic ${btoa(encodeURIComponent(tenantId))}`,
  };
}

/** An HTTP answer: status, parsed JSON body (`undefined` when empty or not JSON), headers, duration. */
export interface HttpAnswer {
  status: number;
  body: unknown;
  headers: Headers;
  /** How long the request took, ms (a long-poll that the server held takes about its wait). */
  elapsedMs: number;
}

export interface RequestOptions {
  /** Bearer auth with this track token; without it, tenant Basic auth. */
  token?: string | undefined;
  /** `Prefer` header, e.g. `wait=25`. */
  prefer?: string;
  signal?: AbortSignal;
  /** Gives up (network_error) after this long. */
  timeoutMs?: number;
}

export interface HttpClientOptions {
  /** API base URL ending in `/v1`. */
  baseUrl: string;
  tenantId: string;
  fetch?: FetchLike;
}

/** The one place that talks HTTP to the Client API. */
export class HttpClient {
  readonly baseUrl: string;
  readonly tenantId: string;
  readonly fetch: FetchLike;

  constructor(options: HttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.tenantId = options.tenantId;
    // Called through globalThis: an unbound `window.fetch` throws "Illegal invocation".
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  headers(token: string | undefined): Record<string, string> {
    return buildHeaders({ token, tenantId: this.tenantId });
  }

  /** POSTs JSON; answers with the raw answer, or a `network_error` / `aborted` failure. */
  async post(path: string, body: object, options: RequestOptions = {}): Promise<HttpAnswer | SignetFailure> {
    const { signal, timeoutMs } = options;
    if (signal?.aborted) return failure("The request was aborted.", SdkErrorCode.aborted);
    const link = linkedAbort(signal);
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => link.abort(new Error("timeout")), timeoutMs);
    const headers = this.headers(options.token);
    if (options.prefer) headers.Prefer = options.prefer;
    const started = Date.now();
    try {
      const response = await this.fetch(this.url(path), { method: "POST", headers, body: JSON.stringify(body), signal: link.signal });
      const text = await response.text();
      return { status: response.status, body: parseJson(text), headers: response.headers, elapsedMs: Date.now() - started };
    } catch (cause) {
      if (signal?.aborted) return failure("The request was aborted.", SdkErrorCode.aborted);
      if (link.signal.aborted) return failure(`POST ${path} timed out.`, SdkErrorCode.networkError);
      return failure(describe(cause), SdkErrorCode.networkError);
    } finally {
      clearTimeout(timer);
      link.dispose();
    }
  }
}

export function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The failure a non-2xx answer stands for: the protocol's error body, or `http_error`. */
export function failureFromAnswer(answer: HttpAnswer): SignetFailure {
  return failureFromBody(answer.body) ?? failure(`HTTP ${answer.status}`, SdkErrorCode.httpError);
}

/**
 * Turns an answer into a result: a 2xx body that `parse` accepts becomes `{data}`; a body it
 * rejects (returns undefined) `invalid_response`; a non-2xx answer its error.
 */
export function toResult<T>(answer: HttpAnswer | SignetFailure, parse: (body: Record<string, unknown>) => T | undefined): SignetResult<T> {
  if (!("status" in answer)) return answer;
  if (answer.status < 200 || answer.status > 299) return failureFromAnswer(answer);
  const body = answer.body;
  const data = body && typeof body === "object" && !Array.isArray(body) ? parse(body as Record<string, unknown>) : undefined;
  return data === undefined ? failure("The server's answer lacks a documented field.", SdkErrorCode.invalidResponse) : success(data);
}
