/**
 * Request and response shapes of the Server API (PROTOCOL.md §2), named as the official
 * `@authsignal/node` SDK names them, restricted to what Signet serves.
 */

/** An action's state. Also a value (`UserActionState.ALLOW`), like the official SDK's enum. */
export type UserActionState =
  | "ALLOW"
  | "BLOCK"
  | "CHALLENGE_REQUIRED"
  | "CHALLENGE_SUCCEEDED"
  | "CHALLENGE_FAILED"
  | "REVIEW_REQUIRED"
  | "REVIEW_SUCCEEDED"
  | "REVIEW_FAILED";

export const UserActionState = {
  ALLOW: "ALLOW",
  BLOCK: "BLOCK",
  CHALLENGE_REQUIRED: "CHALLENGE_REQUIRED",
  CHALLENGE_SUCCEEDED: "CHALLENGE_SUCCEEDED",
  CHALLENGE_FAILED: "CHALLENGE_FAILED",
  REVIEW_REQUIRED: "REVIEW_REQUIRED",
  REVIEW_SUCCEEDED: "REVIEW_SUCCEEDED",
  REVIEW_FAILED: "REVIEW_FAILED",
} as const satisfies { [K in UserActionState]: K };

/** The verification methods Signet serves: push, QR code and in-app (`DEVICE`). */
export type VerificationMethod = "PUSH" | "QR_CODE" | "DEVICE";

export const VerificationMethod = {
  PUSH: "PUSH",
  QR_CODE: "QR_CODE",
  DEVICE: "DEVICE",
} as const satisfies { [K in VerificationMethod]: K };

/** Token scopes a track call may ask for (space- or comma-separated in `scope`). */
export type AuthScope = "read:authenticators" | "add:authenticators" | "remove:authenticators" | "update:authenticators";

export type CustomData = Record<string, unknown>;

export interface SignetOptions {
  /** The tenant's API secret key (`sk_…`). */
  apiSecretKey: string;
  /** The API base URL, including `/v1`, e.g. `"https://signet.example.com/v1"`. */
  apiUrl: string;
  /** How often a failed call that is safe to repeat is retried (default 2; 0 disables). */
  retries?: number;
  /** Per-attempt timeout in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** A `fetch` implementation (default: the global one). */
  fetch?: typeof fetch;
}
/** The official SDK's name for the constructor options. */
export type AuthsignalConstructor = SignetOptions;

// --- users ---

export interface GetUserRequest {
  userId: string;
}
export interface GetUserResponse {
  isEnrolled: boolean;
  email?: string;
  emailVerified: boolean;
  phoneNumber?: string;
  phoneNumberVerified: boolean;
  username?: string;
  displayName?: string;
  custom?: CustomData;
  enrolledVerificationMethods?: VerificationMethod[];
  allowedVerificationMethods?: VerificationMethod[];
}
/** User attributes; `null` clears one. */
export interface UserAttributes {
  email?: string | null;
  phoneNumber?: string | null;
  username?: string | null;
  displayName?: string | null;
  custom?: CustomData | null;
}
export interface UpdateUserRequest {
  userId: string;
  attributes: UserAttributes;
}
export interface UpdateUserResponse {
  userId: string;
  email?: string;
  phoneNumber?: string;
  username?: string;
  displayName?: string;
  custom?: CustomData;
}
export interface DeleteUserRequest {
  userId: string;
}

// --- authenticators ---

export interface GetAuthenticatorsRequest {
  userId: string;
}
export interface UserAuthenticator {
  userId: string;
  userAuthenticatorId: string;
  verificationMethod: VerificationMethod;
  createdAt: string;
  verifiedAt?: string;
  lastVerifiedAt?: string;
  /** The device's name, as given when it was enrolled. */
  displayName?: string;
  /** Signet extension: e.g. `"ios"`, `"android"`. */
  devicePlatform?: string;
  /** Signet extension: when the credential expires, if it does. */
  expiresAt?: string;
}
export interface DeleteAuthenticatorRequest {
  userId: string;
  userAuthenticatorId: string;
}

// --- actions ---

export interface TrackAttributes {
  /** Your own key for this action: makes `track` idempotent (and so safe to retry). */
  idempotencyKey?: string;
  /** Where the hosted page sends the browser, with `?token=`, once the challenge succeeds. */
  redirectUrl?: string;
  redirectToSettings?: boolean;
  ipAddress?: string;
  userAgent?: string;
  deviceId?: string;
  /** e.g. `"add:authenticators"` for a token that may enrol a device. */
  scope?: AuthScope | (string & {});
  email?: string;
  phoneNumber?: string;
  username?: string;
  displayName?: string;
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
  /** The hosted challenge page for this action. */
  url: string;
  /** A short-lived token for the browser or app, bound to this user and action. */
  token: string;
  isEnrolled: boolean;
  enrolledVerificationMethods?: VerificationMethod[];
  allowedVerificationMethods?: VerificationMethod[];
  defaultVerificationMethod?: VerificationMethod;
  ruleIds?: string[];
}

export interface GetActionRequest {
  userId: string;
  action: string;
  idempotencyKey: string;
}
export interface Rule {
  ruleId: string;
  name: string;
  description?: string;
}
export type ActionOutput = unknown;
export interface GetActionResponse {
  state: UserActionState;
  stateUpdatedAt: string;
  createdAt: string;
  verificationMethod?: VerificationMethod;
  rules?: Rule[];
  output?: ActionOutput;
}

export interface ActionAttributes {
  state: UserActionState;
}
export interface UpdateActionRequest extends GetActionRequest {
  attributes: ActionAttributes;
}

export interface QueryUserActionsRequest {
  userId: string;
  /** ISO 8601: only actions created at or after it. */
  fromDate?: string;
  actionCodes?: string[];
  state?: UserActionState;
}
export interface UserAction {
  actionCode: string;
  idempotencyKey: string;
  createdAt: string;
  updatedAt?: string;
  state: UserActionState;
  stateUpdatedAt?: string;
  verificationMethod?: VerificationMethod;
  verifiedByAuthenticatorId?: string;
}
export type QueryUserActionsResponse = UserAction[];

// --- validation ---

export interface ValidateChallengeRequest {
  /** The validation token the browser got once the challenge succeeded. */
  token: string;
  /** When given, the token must have been issued for this action. */
  action?: string;
  /** When given, the token must have been issued for this user. */
  userId?: string;
}
export interface ValidateChallengeResponse {
  isValid: boolean;
  state?: UserActionState;
  stateUpdatedAt?: string;
  userId?: string;
  /** The action code (the wire's `actionCode`, renamed as the official SDK does). */
  action?: string;
  idempotencyKey?: string;
  verificationMethod?: VerificationMethod;
  /** Why the token is not valid. */
  error?: string;
}

// --- webhooks ---

export interface WebhookEvent<T = Record<string, unknown>> {
  version: number;
  id: string;
  source: string;
  time: string;
  tenantId: string;
  type: string;
  data: T;
}
