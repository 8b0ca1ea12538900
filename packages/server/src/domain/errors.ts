/**
 * The one error type of Signet. Every failure the service reports carries a code from this closed
 * union; the HTTP layer maps each code onto a status and the protocol's error shape
 * `{error, errorCode, errorDescription}`.
 */
export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_public_key: 400,
  invalid_credentials: 401,
  invalid_token: 401,
  expired_token: 401,
  invalid_signature: 401,
  insufficient_scope: 403,
  forbidden: 403,
  origin_not_allowed: 403,
  not_found: 404,
  credential_not_found: 404,
  challenge_not_found: 404,
  conflict: 409,
  challenge_already_answered: 409,
  challenge_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class SignetError extends Error {
  override readonly name = "SignetError";
  readonly code: ErrorCode;

  constructor(code: ErrorCode, description: string, options?: { cause?: unknown }) {
    super(description, options);
    this.code = code;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_STATUS, value);
}
