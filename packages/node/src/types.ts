/** Request and response shapes, as the official @authsignal/node SDK names them. */
export type UserActionState =
  | "ALLOW"
  | "BLOCK"
  | "CHALLENGE_REQUIRED"
  | "CHALLENGE_SUCCEEDED"
  | "CHALLENGE_FAILED"
  | "REVIEW_REQUIRED"
  | "REVIEW_SUCCEEDED"
  | "REVIEW_FAILED";

export type VerificationMethod = "PUSH" | "QR_CODE" | "DEVICE";
export type CustomData = Record<string, unknown>;

export interface SignetOptions {
  apiSecretKey: string;
  /** The API base URL, e.g. "http://127.0.0.1:4000/v1". */
  apiUrl: string;
  /** Retries of what is safe to retry (default 2; 0 disables). */
  retries?: number;
  /** Per-request timeout in milliseconds (default 10 000). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface TrackAttributes {
  idempotencyKey?: string;
  redirectUrl?: string;
  ipAddress?: string;
  userAgent?: string;
  deviceId?: string;
  scope?: string;
  email?: string;
  phoneNumber?: string;
  username?: string;
  custom?: CustomData;
  locale?: string;
}
export interface TrackRequest {
  userId: string;
  action: string;
  attributes?: TrackAttributes;
}
export interface TrackResponse {
  idempotencyKey: string;
  state: UserActionState;
  url: string;
  token: string;
  isEnrolled: boolean;
  enrolledVerificationMethods?: VerificationMethod[];
  allowedVerificationMethods?: VerificationMethod[];
  defaultVerificationMethod?: VerificationMethod;
  ruleIds?: string[];
}

export interface ActionRequest {
  userId: string;
  action: string;
  idempotencyKey: string;
}
export interface Rule {
  ruleId: string;
  name: string;
  description?: string;
}
export interface GetActionResponse {
  state: UserActionState;
  stateUpdatedAt: string;
  createdAt: string;
  verificationMethod?: VerificationMethod;
  rules?: Rule[];
  output?: unknown;
}
export interface UpdateActionRequest extends ActionRequest {
  attributes: { state: UserActionState };
}
export interface QueryUserActionsRequest {
  userId: string;
  fromDate?: string;
  actionCodes?: string[];
  state?: UserActionState;
}
export type QueryUserActionsResponse = Array<{
  actionCode: string;
  idempotencyKey: string;
  createdAt: string;
  updatedAt?: string;
  state: UserActionState;
  stateUpdatedAt?: string;
  verificationMethod?: VerificationMethod;
  verifiedByAuthenticatorId?: string;
}>;

export interface ValidateChallengeRequest {
  token: string;
  action?: string;
  userId?: string;
}
export interface ValidateChallengeResponse {
  isValid: boolean;
  state?: UserActionState;
  stateUpdatedAt?: string;
  userId?: string;
  action?: string;
  idempotencyKey?: string;
  verificationMethod?: VerificationMethod;
  error?: string;
}

export interface UserAttributes {
  email?: string | null;
  phoneNumber?: string | null;
  username?: string | null;
  displayName?: string | null;
  custom?: CustomData | null;
}
export interface GetUserResponse {
  isEnrolled: boolean;
  email?: string;
  phoneNumber?: string;
  username?: string;
  displayName?: string;
  custom?: CustomData;
  enrolledVerificationMethods?: VerificationMethod[];
  allowedVerificationMethods?: VerificationMethod[];
}
export interface UserAuthenticator {
  userId: string;
  userAuthenticatorId: string;
  verificationMethod: VerificationMethod;
  createdAt: string;
  verifiedAt?: string;
  lastVerifiedAt?: string;
  displayName?: string;
}

export interface WebhookEvent<T = Record<string, unknown>> {
  version: number;
  id: string;
  source: string;
  time: string;
  tenantId: string;
  type: string;
  data: T;
}
