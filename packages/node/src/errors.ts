/**
 * Every failed call. `statusCode` is the HTTP status, or 0 when no answer came (then `errorCode`
 * is `network_error` or `timeout`); `errorCode` is the protocol's code (`invalid_credentials`,
 * `not_found`, `invalid_request`, `conflict`, …); the message reads like the official SDK's:
 * `AuthsignalError: 401 - <description, or the code when there is none>`.
 */
export class SignetError extends Error {
  override readonly name: string = "SignetError";
  readonly statusCode: number;
  readonly errorCode: string;
  readonly errorDescription: string | undefined;

  constructor(statusCode: number, errorCode: string, errorDescription?: string, options?: { cause?: unknown }) {
    super(`AuthsignalError: ${statusCode} - ${errorDescription && errorDescription.length > 0 ? errorDescription : errorCode}`, options);
    this.statusCode = statusCode;
    this.errorCode = errorCode;
    this.errorDescription = errorDescription;
  }
}

/** A webhook whose signature header is malformed, out of the time tolerance, or does not match. */
export class InvalidSignatureError extends Error {
  override readonly name: string = "InvalidSignatureError";
}
