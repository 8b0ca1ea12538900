import { textToBase64 } from "./encoding.js";
import { describe, failure, SdkErrorCode, success } from "./result.js";
import type { SignetFailure, SignetResult } from "./result.js";

/** The `fetch` signature the SDK needs (the global `fetch` fits). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpClientOptions {
  tenantId: string;
  /** API base URL ending in `/v1`. */
  baseUrl: string;
  fetch: FetchLike;
}

export interface RequestSpec {
  method: "GET" | "POST" | "PATCH";
  /** Path below the base URL, starting with `/`. */
  path: string;
  /** Query parameters; values are URL-encoded here. */
  query?: Record<string, string>;
  /** JSON body; sent with `Content-Type: application/json`. */
  body?: object;
  /** The full `Authorization` header value. */
  authorization: string;
  headers?: Record<string, string>;
  /** Aborts the request: the answer is then an `aborted` failure. */
  signal?: AbortSignal;
}

/** An HTTP answer: status and the parsed JSON body (`undefined` when empty or not JSON). */
export interface HttpAnswer {
  status: number;
  body: unknown;
}

/** The one place that talks HTTP: builds requests, parses answers and maps errors. */
export class HttpClient {
  readonly #baseUrl: string;
  readonly #fetch: FetchLike;
  /** Device Basic auth: `Basic base64("<tenantId>:")`. */
  readonly deviceAuthorization: string;

  constructor(options: HttpClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#fetch = options.fetch;
    this.deviceAuthorization = `Basic ${textToBase64(`${options.tenantId}:`)}`;
  }

  /** Bearer auth with a track token. */
  bearer(token: string): string {
    return `Bearer ${token}`;
  }

  /**
   * Sends a request and turns a 2xx answer into `{ data: parse(body) }`. A body `parse` rejects
   * (returns `undefined`) becomes `invalid_response`; non-2xx answers and network errors become failures.
   */
  async request<T>(spec: RequestSpec, parse: (body: unknown) => T | undefined): Promise<SignetResult<T>> {
    const answer = await this.send(spec);
    if (!("status" in answer)) return answer;
    if (answer.status < 200 || answer.status > 299) return errorFromAnswer(answer);
    const data = parse(answer.body);
    if (data === undefined) {
      // The body is left out of the message: it may hold a token.
      return failure(`Unexpected response from ${spec.method} ${spec.path}`, SdkErrorCode.invalidResponse);
    }
    return success(data);
  }

  /** Sends a request and returns the raw answer, or a `network_error` (or `aborted`) failure. */
  async send(spec: RequestSpec): Promise<HttpAnswer | SignetFailure> {
    const { signal } = spec;
    if (signal?.aborted) return abortedFailure(signal);
    const headers: Record<string, string> = {
      Authorization: spec.authorization,
      "X-Authsignal-SDK": "signet-device",
      ...spec.headers,
    };
    const init: RequestInit = { method: spec.method, headers };
    if (signal) init.signal = signal;
    if (spec.body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(spec.body);
    }
    const fetchFn = this.#fetch;
    try {
      const response = await fetchFn(this.#url(spec), init);
      return { status: response.status, body: parseJson(await response.text()) };
    } catch (cause) {
      if (signal?.aborted) return abortedFailure(signal);
      return failure(describe(cause), SdkErrorCode.networkError);
    }
  }

  #url(spec: RequestSpec): string {
    const query = Object.entries(spec.query ?? {})
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
      .join("&");
    return `${this.#baseUrl}${spec.path}${query ? `?${query}` : ""}`;
  }
}

function abortedFailure(signal: AbortSignal): SignetFailure {
  return failure(signal.reason === undefined ? "The operation was aborted." : describe(signal.reason), SdkErrorCode.aborted);
}

/**
 * Maps a non-2xx answer to a failure. The protocol's error body is `{error, errorCode, errorDescription}`:
 * `error` = errorDescription ?? error, `errorCode` = errorCode ?? error.
 */
export function errorFromAnswer(answer: HttpAnswer): SignetFailure {
  const body = isRecord(answer.body) ? answer.body : {};
  const code = nonEmptyString(body.errorCode) ?? nonEmptyString(body.error);
  const message = nonEmptyString(body.errorDescription) ?? nonEmptyString(body.error);
  if (code === undefined && message === undefined) {
    return failure(`Unexpected HTTP ${answer.status} answer`, SdkErrorCode.httpError);
  }
  return failure(message ?? code ?? "", code ?? SdkErrorCode.httpError);
}

/** Whether a non-2xx answer carries the protocol's error body (as opposed to, say, a proxy's HTML page). */
export function isProtocolError(answer: HttpAnswer): boolean {
  return isRecord(answer.body) && (nonEmptyString(answer.body.errorCode) ?? nonEmptyString(answer.body.error)) !== undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
