import { failureFromAnswer, type HttpAnswer } from "../http.js";
import { failure, SdkErrorCode, type SignetFailure } from "../result.js";
import type { ChallengeUpdate } from "../states.js";
import type { ChallengeRead } from "./types.js";

/**
 * Turns a verify call's answer into a read: a 2xx body via `toUpdate`; 410 `challenge_expired`
 * becomes the `expired` state; anything else a failure.
 */
export function challengeRead(
  answer: HttpAnswer | SignetFailure,
  toUpdate: (body: Record<string, unknown>) => ChallengeUpdate | undefined,
): ChallengeRead {
  if (!("status" in answer)) return { failure: answer };
  const preferenceApplied = answer.headers.has("preference-applied");
  if (answer.status < 200 || answer.status > 299) {
    const failed = failureFromAnswer(answer);
    if (failed.errorCode === "challenge_expired") return { update: { state: "expired" }, preferenceApplied, elapsedMs: answer.elapsedMs };
    return { failure: failed };
  }
  const body = answer.body;
  const update = body && typeof body === "object" && !Array.isArray(body) ? toUpdate(body as Record<string, unknown>) : undefined;
  if (!update) return { failure: failure("The server's answer lacks a documented field.", SdkErrorCode.invalidResponse) };
  return { update, preferenceApplied, elapsedMs: answer.elapsedMs };
}

/** The validation token of an approved challenge, when the body carries one. */
export const accessTokenOf = (body: Record<string, unknown>): { token?: string } =>
  typeof body.accessToken === "string" ? { token: body.accessToken } : {};
