/** A successful call: `data` holds the answer. */
export interface SignetSuccess<T> {
  data: T;
  error?: undefined;
  errorCode?: undefined;
}

/** A failed call: a human-readable `error` and a machine-readable `errorCode`. */
export interface SignetFailure {
  data?: undefined;
  error: string;
  errorCode: string;
}

/**
 * What every SDK method resolves to: `{ data }` or `{ error, errorCode }`.
 * Methods never throw for API, network, key-store or crypto failures.
 */
export type SignetResult<T> = SignetSuccess<T> | SignetFailure;

/** Error codes the SDK produces itself (the server's own codes are passed through unchanged). */
export const SdkErrorCode = {
  /** The request never got an HTTP answer (DNS, connection refused, CORS...). */
  networkError: "network_error",
  /** There is no local key for this method: call `addCredential` first. */
  noCredential: "no_credential",
  /** The server answered 2xx but the body is not JSON or lacks a documented field. */
  invalidResponse: "invalid_response",
  /** The server answered non-2xx without the protocol's error body. */
  httpError: "http_error",
  /** Something failed on the device: the key store or WebCrypto threw. */
  sdkError: "sdk_error",
  /** The caller's `AbortSignal` aborted the call. */
  aborted: "aborted",
  /** An argument is out of range (a negative `waitSeconds`, say); no request is made. */
  invalidInput: "invalid_input",
} as const;

export type SdkErrorCode = (typeof SdkErrorCode)[keyof typeof SdkErrorCode];

export function success<T>(data: T): SignetSuccess<T> {
  return { data };
}

export function failure(error: string, errorCode: string): SignetFailure {
  return { error, errorCode };
}

/** Runs `body`, turning anything it throws into an `sdk_error` failure so public methods never throw. */
export async function guard<T>(body: () => Promise<SignetResult<T>>): Promise<SignetResult<T>> {
  try {
    return await body();
  } catch (cause) {
    return failure(describe(cause), SdkErrorCode.sdkError);
  }
}

export function describe(cause: unknown): string {
  if (cause instanceof Error && cause.message) return cause.message;
  return String(cause);
}
