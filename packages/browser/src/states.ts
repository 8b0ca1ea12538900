/**
 * Challenge states as the SDK reports them, in the official browser SDK's vocabulary: a QR code is
 * `unclaimed → claimed → approved | rejected`; a push challenge `pending → approved | rejected`.
 * Either may also end `expired`, and a push challenge `superseded` (a newer push for the same user).
 */
export type PushState = "pending" | "approved" | "rejected" | "superseded" | "expired";
export type QrState = "unclaimed" | "claimed" | "approved" | "rejected" | "expired";
export type ChallengeState = PushState | QrState;

/** One observation of a challenge: its state and, once approved, the validation token. */
export interface ChallengeUpdate<S extends ChallengeState = ChallengeState> {
  state: S;
  token?: string;
}

/** Whether nothing more can happen to a challenge in this state. */
export const isFinalState = (state: ChallengeState): boolean =>
  state === "approved" || state === "rejected" || state === "superseded" || state === "expired";

/**
 * The server's own state (SSE `event: state`): `pending | claimed | approved | denied | superseded |
 * expired`. A pending QR challenge is `unclaimed`; `denied` is `rejected`. Undefined when unknown.
 */
export function stateFromServer(state: unknown, challengeType?: unknown): ChallengeState | undefined {
  switch (state) {
    case "pending":
      return challengeType === "QR_CODE" ? "unclaimed" : "pending";
    case "denied":
      return "rejected";
    case "claimed":
    case "approved":
    case "superseded":
    case "expired":
      return state;
    default:
      return undefined;
  }
}

const SOCKET_STATES = new Set<string>(["pending", "unclaimed", "claimed", "approved", "rejected", "superseded", "expired"]);

/**
 * A WebSocket `STATE_CHANGE` state: `unclaimed | claimed | approved | rejected | expired` for QR,
 * `pending | approved | rejected | superseded | expired` for push. Undefined when unknown.
 */
export function stateFromSocket(state: unknown): ChallengeState | undefined {
  if (state === "denied") return "rejected";
  return typeof state === "string" && SOCKET_STATES.has(state) ? (state as ChallengeState) : undefined;
}

/**
 * `POST /client/verify/push` `{isVerified, isConsumed}`: consumed and not verified is `rejected`
 * (REST cannot tell a denial from a superseded challenge). An expired one answers 410 instead.
 */
export function pushStateFromVerify(body: { isVerified: boolean; isConsumed: boolean }): PushState {
  if (body.isVerified) return "approved";
  return body.isConsumed ? "rejected" : "pending";
}

/** `POST /client/verify/qr-code` `{isClaimed, isConsumed, isVerified}`, as the official SDK reads it. */
export function qrStateFromVerify(body: { isClaimed: boolean; isConsumed: boolean; isVerified: boolean }): QrState {
  if (body.isVerified) return "approved";
  if (body.isConsumed) return "rejected";
  return body.isClaimed ? "claimed" : "unclaimed";
}
