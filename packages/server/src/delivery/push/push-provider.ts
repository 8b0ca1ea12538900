/** What a push notification says: only what the app needs to fetch the challenge, never user data. */
export interface PushMessage {
  challengeId: string;
  /** A generic title such as "Sign-in request". */
  title: string;
  /** When the challenge expires, in ms since the epoch: the notification is not worth delivering after it. */
  expiresAt: number /* ms since epoch */;
}

/** Where to send: the device's push token (for Web Push, the JSON of its PushSubscription). */
export interface PushTarget {
  pushToken: string;
  platform: "ios" | "android" | "web";
}

export type PushErrorCode = "unregistered" | "invalid_token" | "provider_rejected" | "provider_unavailable" | "timeout";

/** `tokenDead` tells the caller to forget the token: the provider said it will never be delivered to again. */
export type PushResult = { ok: true } | { ok: false; errorCode: PushErrorCode; tokenDead: boolean; detail?: string };

/** A direct delivery channel. `send` never throws: every failure is a PushResult. */
export interface PushProvider {
  readonly kind: "apns" | "fcm" | "webpush";
  send(target: PushTarget, message: PushMessage): Promise<PushResult>;
  /** Closes connections; later sends answer provider_unavailable. */
  close(): Promise<void>;
}
