/** A successful call: `data` holds the answer. */
export interface SignetSuccess<T> {
  data: T;
  error?: undefined;
  errorCode?: undefined;
}

/**
 * A failed call, in the official browser SDK's shape: `error` is the server's `errorDescription`
 * (or its `error` code when there is no description), `errorCode` the machine-readable code.
 */
export interface SignetFailure {
  data?: undefined;
  error: string;
  errorCode: string;
  errorDescription?: string;
}

/** What every SDK method resolves to: `{ data }` or `{ error, errorCode }`. Methods never throw. */
export type SignetResult<T> = SignetSuccess<T> | SignetFailure;

/** Error codes the SDK produces itself (the server's own codes are passed through unchanged). */
export const SdkErrorCode = {
  /** No HTTP answer (DNS, refused connection, CORS, a dropped socket…), or every transport failed. */
  networkError: "network_error",
  /** The method needs a track token: call `setToken` first. */
  tokenNotSet: "token_not_set",
  /** A 2xx answer that is not JSON or lacks a documented field. */
  invalidResponse: "invalid_response",
  /** A non-2xx answer without the protocol's error body (a proxy's HTML page, say). */
  httpError: "http_error",
  /** The caller's `AbortSignal` aborted the wait. */
  aborted: "aborted",
} as const;

export type SdkErrorCode = (typeof SdkErrorCode)[keyof typeof SdkErrorCode];

export const success = <T>(data: T): SignetSuccess<T> => ({ data });

export const failure = (error: string, errorCode: string, errorDescription?: string): SignetFailure =>
  errorDescription === undefined ? { error, errorCode } : { error, errorCode, errorDescription };

export const isFailure = <T>(value: SignetResult<T> | object): value is SignetFailure =>
  "errorCode" in value && typeof value.errorCode === "string";

/**
 * Maps a protocol error body `{error, errorCode, errorDescription}` onto a failure; undefined when
 * the body is not one.
 */
export function failureFromBody(body: unknown): SignetFailure | undefined {
  if (!body || typeof body !== "object") return undefined;
  const { error, errorCode, errorDescription } = body as Record<string, unknown>;
  const code = typeof errorCode === "string" ? errorCode : typeof error === "string" ? error : undefined;
  if (code === undefined) return undefined;
  const description = typeof errorDescription === "string" ? errorDescription : undefined;
  return failure(description ?? (typeof error === "string" ? error : code), code, description);
}

/**
 * Errors that no other transport can cure: the token, the challenge or the caller is wrong. Any
 * other failure (network, 429, 5xx, an unknown route) makes the SDK fall back to the next transport.
 */
const FATAL_CODES = new Set([
  SdkErrorCode.tokenNotSet,
  "invalid_token",
  "expired_token",
  "invalid_credentials",
  "insufficient_scope",
  "forbidden",
  "origin_not_allowed",
  "challenge_not_found",
  "credential_not_found",
]);

export const isFatalErrorCode = (errorCode: string): boolean => FATAL_CODES.has(errorCode);

export function describe(cause: unknown): string {
  if (cause instanceof Error && cause.message) return cause.message;
  return String(cause);
}
