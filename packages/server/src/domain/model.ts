/** The records of Signet's domain. Times are milliseconds since the epoch. */

export const ACTION_STATES = [
  "ALLOW",
  "BLOCK",
  "CHALLENGE_REQUIRED",
  "CHALLENGE_SUCCEEDED",
  "CHALLENGE_FAILED",
  "REVIEW_REQUIRED",
  "REVIEW_SUCCEEDED",
  "REVIEW_FAILED",
] as const;
export type ActionState = (typeof ACTION_STATES)[number];

/** Verification methods Signet implements, as the protocol names them. */
export const VERIFICATION_METHODS = ["PUSH", "QR_CODE", "DEVICE"] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

/** The `{m}` path segment of the device API and the method it stands for. */
export const METHOD_BY_PATH = { push: "PUSH", "qr-code": "QR_CODE", "in-app": "DEVICE" } as const;
export type MethodPath = keyof typeof METHOD_BY_PATH;

export const TOKEN_SCOPES = [
  "read:authenticators",
  "add:authenticators",
  "remove:authenticators",
  "update:authenticators",
] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const ACTION_CODE_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

export interface TenantSettings {
  /** Lifetime of a challenge, seconds. */
  challengeTtlSeconds: number;
  /** Lifetime of a QR-code challenge, seconds (the official browser SDK refreshes its QR every 9 minutes). */
  qrChallengeTtlSeconds: number;
  /** Lifetime of a track or validation token, seconds. */
  tokenTtlSeconds: number;
  /** Origins allowed to call the client API and to frame the hosted page; empty = any origin. */
  allowedOrigins: string[];
  /** Default webhook endpoint (delivery is not built yet). */
  webhookUrl: string | null;
  /** Lifetime of a device credential, seconds; null = credentials do not expire. */
  credentialTtlSeconds: number | null;
  /** Number matching for push and QR challenges (an action's configuration may override it). */
  numberMatching: NumberMatching;
  /** At most this many push challenges per user per window. */
  pushLimitCount: number;
  pushLimitWindowSeconds: number;
  /** After a "This wasn't me" denial, no push challenge for the user for this long. */
  fraudCoolingSeconds: number;
  /** After two or more consecutive denials, the next push waits base × 2^(n−2) seconds. */
  denialBackoffBaseSeconds: number;
  /** Branding of the hosted page: a colour (#rrggbb) and a logo URL (https). */
  brandColor: string | null;
  logoUrl: string | null;
  /**
   * The enrolment link a phone app understands, shown as a QR code to users with no device.
   * `{apiUrl}`, `{tenantId}` and `{token}` are replaced (URL-encoded).
   */
  enrolmentLinkTemplate: string;
}

export const DEFAULT_TENANT_SETTINGS: TenantSettings = {
  challengeTtlSeconds: 300,
  qrChallengeTtlSeconds: 600,
  tokenTtlSeconds: 600,
  allowedOrigins: [],
  webhookUrl: null,
  credentialTtlSeconds: null,
  numberMatching: "off",
  pushLimitCount: 5,
  pushLimitWindowSeconds: 600,
  fraudCoolingSeconds: 3600,
  denialBackoffBaseSeconds: 30,
  brandColor: null,
  logoUrl: null,
  enrolmentLinkTemplate: "signet://enrol?apiUrl={apiUrl}&tenantId={tenantId}&token={token}",
};

export interface Tenant {
  id: string;
  name: string;
  settings: TenantSettings;
  createdAt: number;
  updatedAt: number;
}

export interface ApiSecret {
  id: string;
  tenantId: string;
  /** SHA-256 of the whole secret, hex. */
  hash: string;
  /** The secret sealed with the master key (it signs webhooks, so it must be recoverable). */
  sealed: string;
  createdAt: number;
  /** Set when rotated: the secret stays valid until then. */
  expiresAt: number | null;
}

export interface UserAttributes {
  email?: string | null;
  phoneNumber?: string | null;
  username?: string | null;
  displayName?: string | null;
  custom?: Record<string, unknown> | null;
}

export interface User extends UserAttributes {
  tenantId: string;
  userId: string;
  createdAt: number;
  updatedAt: number;
}

export interface Credential {
  id: string;
  tenantId: string;
  userId: string;
  method: VerificationMethod;
  /** Standard base64 of the SubjectPublicKeyInfo DER, canonical form. */
  publicKey: string;
  deviceName: string | null;
  devicePlatform: string | null;
  pushToken: string | null;
  createdAt: number;
  lastVerifiedAt: number | null;
  expiresAt: number | null;
}

export interface RequestContext {
  ipAddress: string | null;
  userAgent: string | null;
  deviceId: string | null;
}

export interface Action extends RequestContext {
  id: string;
  tenantId: string;
  userId: string;
  actionCode: string;
  idempotencyKey: string;
  state: ActionState;
  stateUpdatedAt: number;
  createdAt: number;
  updatedAt: number;
  verificationMethod: VerificationMethod | null;
  verifiedByAuthenticatorId: string | null;
  redirectUrl: string | null;
  scope: string;
  custom: Record<string, unknown> | null;
  /** When a validation token for this action was accepted by POST /validate (accepted once). */
  validatedAt: number | null;
  /** The rules' verdict at track time, kept with the action; null when the action has no rules. */
  evaluation: ActionEvaluation | null;
}

export interface ActionEvaluation {
  outcome: "ALLOW" | "CHALLENGE" | "REVIEW" | "BLOCK";
  ruleIds: string[];
  matchedRule?: { ruleId: string; name: string; description?: string; outcome: string };
}

export const CHALLENGE_STATES = ["pending", "claimed", "approved", "denied", "superseded", "expired"] as const;
export type ChallengeState = (typeof CHALLENGE_STATES)[number];

export interface Challenge {
  id: string;
  tenantId: string;
  method: VerificationMethod;
  /** The user the challenge is for; null for an unbound in-app challenge. */
  userId: string | null;
  /** The action the challenge verifies; null until an unbound challenge is answered. */
  actionId: string | null;
  actionCode: string | null;
  /** A push challenge may target one credential; null = every credential of the user for the method. */
  targetCredentialId: string | null;
  state: ChallengeState;
  createdAt: number;
  expiresAt: number;
  answeredAt: number | null;
  answeredByCredentialId: string | null;
  /** QR: SHA-256 (hex) of the secret device code the initiating browser polls with. */
  deviceCodeHash: string | null;
  /** QR: the device that claimed the challenge; only it may answer. */
  claimedByCredentialId: string | null;
  claimedAt: number | null;
  /** QR: the initiating browser's context, shown to the claiming device. */
  ipAddress: string | null;
  userAgent: string | null;
  custom: Record<string, unknown> | null;
  /** Number matching: the code the page shows (never sent to the device) and, in choices mode, the codes the device offers. */
  verificationCode: string | null;
  verificationChoices: string[] | null;
  /** Why a denial happened: the device's `not_me` / `cancelled`, or `wrong_code` for a failed number match. */
  denyReason: DenyReason | null;
}

export type DenyReason = "not_me" | "cancelled" | "wrong_code";
export type NumberMatching = "off" | "type" | "choices";

/** A challenge is final once approved, denied, superseded by a newer one, or expired. */
export const isFinal = (state: ChallengeState): boolean => state !== "pending" && state !== "claimed";

export type NoncePurpose = "challenge-custom-data" | "update-credential";

export interface DeviceNonce {
  id: string;
  tenantId: string;
  credentialId: string;
  purpose: NoncePurpose;
  message: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface SigningKey {
  kid: string;
  publicJwk: Record<string, unknown>;
  /** The private JWK, sealed with the master key. */
  sealedPrivateJwk: string;
  createdAt: number;
  retiredAt: number | null;
}

export const WEBHOOK_EVENT_TYPES = ["push.created", "push.fraud_reported", "authenticator.created", "authenticator.deleted", "action.updated"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** An event for the tenant's webhooks, written in the same transaction as the change it reports. */
export interface OutboxEvent {
  id: string;
  tenantId: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
  createdAt: number;
}

export interface WebhookEndpoint {
  id: string;
  tenantId: string;
  url: string;
  /** The event types it receives; null = every type. */
  eventTypes: WebhookEventType[] | null;
  /** The endpoint set by the tenant's `webhookUrl` setting. */
  isDefault: boolean;
  createdAt: number;
}

export type DeliveryState = "pending" | "delivered" | "dead";

/** One event on its way to one endpoint, retried until delivered or too old. */
export interface WebhookDelivery {
  id: string;
  tenantId: string;
  eventId: string;
  endpointId: string;
  url: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface DeliveryAttempt {
  deliveryId: string;
  attempt: number;
  at: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export const PUSH_PROVIDER_KINDS = ["apns", "fcm", "webpush"] as const;
export type PushProviderKind = (typeof PUSH_PROVIDER_KINDS)[number];

/** A tenant's credentials for a push service, sealed with the master key. */
export interface PushProviderConfig {
  tenantId: string;
  kind: PushProviderKind;
  sealedConfig: string;
  updatedAt: number;
}

/** One line of `deliveryResults`: errorCode absent means the push service accepted the notification. */
export interface DeliveryResult {
  userAuthenticatorId: string;
  errorCode?: string;
}

/** An append-only record of something security-relevant. */
export interface AuditEvent {
  id: string;
  tenantId: string;
  at: number;
  type: string;
  /** Who did it: "api", "admin", "browser", "device:<userAuthenticatorId>", "system", "cli". */
  actor: string;
  userId: string | null;
  ipAddress: string | null;
  details: Record<string, unknown> | null;
}

/** A tenant's configuration of one action code (rules and overrides), stored as validated JSON. */
export interface StoredActionConfig {
  tenantId: string;
  actionCode: string;
  config: Record<string, unknown>;
  updatedAt: number;
}
