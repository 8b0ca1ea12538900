// The SDK's data types: what `data` holds in a successful result.

/** A credential enrolled on the server, named as the native / React Native SDKs name it. */
export interface DeviceCredential {
  /** The server's `userAuthenticatorId`. */
  credentialId: string;
  userId: string;
  /** The server's `verifiedAt` (ISO 8601). */
  createdAt: string;
  /** The server's `lastVerifiedAt` (ISO 8601), when it has been used. */
  lastAuthenticatedAt?: string;
  /** When the credential expires (ISO 8601), if the tenant sets a credential lifetime. */
  expiresAt?: string;
}

/** The push credential after `updateCredential`. */
export interface UpdatedPushCredential {
  credentialId: string;
  userId: string;
  lastAuthenticatedAt: string;
  /** Echo of the push token sent, if one was. */
  pushToken?: string;
  expiresAt?: string;
}

/** A pending push challenge, for the device to show and answer. */
export interface PushChallenge {
  challengeId: string;
  userId: string;
  actionCode?: string;
  idempotencyKey?: string;
  deviceId?: string;
  userAgent?: string;
  ipAddress?: string;
  /** As the server sends it (Signet: Unix milliseconds). */
  expiresAt?: number | string;
  /** The action's custom data: only with `getChallenge({ withCustomData: true })`. */
  custom?: Record<string, unknown>;
  /** Number matching: the user must pick the code shown on the page. */
  verificationCodeRequired?: boolean;
  /** Number matching in choices mode: the codes to offer, one of them right. */
  verificationCodeChoices?: string[];
}

/** The server's verdict on an answered challenge. */
export interface UpdateChallengeResult {
  /** `true` when the challenge was approved and verified. */
  isVerified: boolean;
}

/** The result of an in-app verification: a token for the customer backend to validate. */
export interface InAppVerifyResult {
  token: string;
  userId: string;
  userAuthenticatorId: string;
  username?: string;
}

export interface AddCredentialInput {
  /** Track token with the `add:authenticators` scope. */
  token: string;
  deviceName?: string;
  devicePlatform?: string;
}

export interface AddPushCredentialInput extends AddCredentialInput {
  /** The platform push token (FCM / APNs / Web Push), if the device has one. */
  pushToken?: string;
}

export interface GetChallengeInput {
  /**
   * Also fetch the action's `custom` data: the device first asks for a single-use message and
   * proves its key by signing it (`X-Authsignal-Signature`).
   */
  withCustomData?: boolean;
  /**
   * Long poll: ask the server to hold the request up to this many seconds until a challenge for
   * this device exists (`Prefer: wait=N`; Signet caps N at 30). A non-negative number; fractions are
   * rounded down. Absent: answer at once.
   */
  waitSeconds?: number;
  /** Aborts the request; the call then resolves to `{ errorCode: "aborted" }`. */
  signal?: AbortSignal;
}

export interface WaitForChallengeInput extends GetChallengeInput {
  /** How long the server may hold the request, in seconds. Default 25 (Signet caps it at 30). */
  waitSeconds?: number;
}

/**
 * Why the user denied (a Signet extension; the official SDKs never send it): `"not_me"` reports
 * the sign-in as fraud ("This wasn't me"; Signet then pauses push challenges for the user),
 * `"cancelled"` is a plain no.
 */
export type DenyReason = "not_me" | "cancelled";

export interface UpdateChallengeInput {
  challengeId: string;
  approved: boolean;
  /** Number matching: the code the user picked (one of `verificationCodeChoices`, or typed). */
  verificationCode?: string | null;
  /** With `approved: false`: why the user denied. Sent only when given. */
  denyReason?: DenyReason | null;
}

export interface ClaimChallengeInput {
  /** The challenge id read from the QR code. */
  challengeId: string;
}

/** What a claimed QR-code challenge tells the device about the sign-in it is asked to approve. */
export interface QrClaimResult {
  success: boolean;
  /** The IP address of the browser or kiosk showing the QR code. */
  ipAddress?: string;
  userAgent?: string;
  actionCode?: string;
  idempotencyKey?: string;
  custom?: Record<string, unknown>;
  /** Number matching: the user must pick the code shown next to the QR code. */
  verificationCodeRequired?: boolean;
  /** Number matching in choices mode: the codes to offer, one of them right. */
  verificationCodeChoices?: string[];
}

export interface UpdatePushCredentialInput {
  /** A new push token to store. */
  pushToken?: string;
  /** Restart the credential's lifetime (when the tenant sets one). */
  resetExpiry?: boolean;
}

export interface InAppVerifyInput {
  /** Action code for the challenge. */
  action?: string;
  /** Track token: authenticates the challenge and verification with `Bearer` instead of device Basic. */
  token?: string;
}
