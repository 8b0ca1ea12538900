/** Every failure of a call: the HTTP status (0 when there was no answer) and the protocol's error code. */
export class SignetError extends Error {
  override readonly name = "SignetError";

  constructor(
    readonly statusCode: number,
    readonly errorCode: string,
    readonly errorDescription?: string,
    options?: { cause?: unknown },
  ) {
    super(`AuthsignalError: ${statusCode} - ${errorDescription && errorDescription.length > 0 ? errorDescription : errorCode}`, options);
  }
}

/** A webhook whose signature does not verify. */
export class InvalidSignatureError extends Error {
  override readonly name = "InvalidSignatureError";
}
