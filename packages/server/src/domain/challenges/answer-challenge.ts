import { SignetError } from "../errors.js";
import type { Action, Challenge, Credential, DenyReason } from "../model.js";
import type { Core } from "../core.js";
import type { Repositories } from "../ports.js";
import { newAction } from "../actions/new-action.js";
import { publishChange } from "./publish-change.js";
import { actionEventData, emitEvent } from "../webhooks/emit-event.js";
import { recordAudit, type AuditContext } from "../audit/record-audit.js";

export interface AnswerOutcome {
  challenge: Challenge;
  action: Action;
}

/** Action code recorded for an unbound challenge that named none. */
export const DEFAULT_UNBOUND_ACTION = "in-app-verification";

async function createActionFor(tx: Repositories, challenge: Challenge, credential: Credential, at: number): Promise<Action> {
  const action = newAction(at, {
    tenantId: challenge.tenantId,
    userId: credential.userId,
    actionCode: challenge.actionCode ?? DEFAULT_UNBOUND_ACTION,
    ipAddress: challenge.ipAddress,
    userAgent: challenge.userAgent,
    custom: challenge.custom,
  });
  await tx.actions.insert(action);
  return action;
}

/** The state a challenge is answered from: a QR challenge must be claimed first. */
export const answerableState = (challenge: Challenge): "pending" | "claimed" => (challenge.method === "QR_CODE" ? "claimed" : "pending");

/** Explains why a challenge cannot be answered now: unknown (404), answered (409) or expired (410). */
export function assertAnswerable(challenge: Challenge | undefined, now: number): asserts challenge is Challenge {
  if (!challenge) throw new SignetError("challenge_not_found", "No such challenge.");
  if (challenge.state === "approved" || challenge.state === "denied") {
    throw new SignetError("challenge_already_answered", "The challenge has already been answered.");
  }
  if (challenge.expiresAt <= now) throw new SignetError("challenge_expired", "The challenge has expired.");
  if (challenge.state !== answerableState(challenge)) {
    throw new SignetError("challenge_already_answered", `The challenge must be ${answerableState(challenge)} to be answered; it is ${challenge.state}.`);
  }
}

/**
 * Records a device's answer in one transaction: the conditional update of the challenge (the
 * answer-once primitive), the action's new state and the credential's lastVerifiedAt. Of any number
 * of concurrent answers exactly one commits; the others get 409 (or 410 once expired) and change
 * nothing. A challenge that was not bound to an action (anonymous QR, in-app with tenant
 * credentials) gets one here, for the answering device's user, in the same transaction.
 */
export async function answerChallenge(
  core: Core,
  challenge: Challenge,
  credential: Credential,
  answer: { approved: boolean; denyReason?: DenyReason },
): Promise<AnswerOutcome> {
  const { approved, denyReason } = answer;
  const ctx: AuditContext = { actor: `device:${credential.id}` };
  const at = core.clock.now();
  assertAnswerable(challenge, at);
  let outcome: AnswerOutcome;
  try {
    outcome = await core.store.transaction(async (tx) => {
      const action = challenge.actionId ? await tx.actions.get(challenge.actionId) : await createActionFor(tx, challenge, credential, at);
      if (!action) throw new SignetError("challenge_not_found", "The action of this challenge no longer exists.");
      const answered = await tx.challenges.answer(challenge.tenantId, challenge.id, {
        state: approved ? "approved" : "denied",
        at,
        credentialId: credential.id,
        userId: credential.userId,
        actionId: action.id,
        actionCode: action.actionCode,
        from: answerableState(challenge),
        ...(approved ? {} : { denyReason }),
      });
      if (!answered) throw new SignetError("challenge_already_answered", "The challenge has already been answered.");
      // A succeeded action is never downgraded by a later answer to another of its challenges.
      const updated =
        action.state === "CHALLENGE_SUCCEEDED"
          ? action
          : await tx.actions.setState(action.id, {
              state: approved ? "CHALLENGE_SUCCEEDED" : "CHALLENGE_FAILED",
              at,
              verificationMethod: challenge.method,
              verifiedByAuthenticatorId: credential.id,
            });
      if (updated && updated !== action) await emitEvent(tx, challenge.tenantId, "action.updated", actionEventData(updated), at);
      await tx.credentials.update({ ...credential, lastVerifiedAt: at });
      const audited = { tenantId: challenge.tenantId, at, userId: credential.userId };
      await recordAudit(tx, ctx, { ...audited, type: "challenge.answered", details: { challengeId: challenge.id, method: challenge.method, approved, denyReason } });
      if (!approved && denyReason === "not_me") {
        const data = { challengeId: challenge.id, userId: credential.userId, userAuthenticatorId: credential.id, actionCode: action.actionCode, idempotencyKey: action.idempotencyKey };
        await emitEvent(tx, challenge.tenantId, "push.fraud_reported", data, at);
        await recordAudit(tx, ctx, { ...audited, type: "fraud.reported", details: data });
      }
      return { challenge: answered, action: updated ?? action };
    });
  } catch (error) {
    if (error instanceof SignetError && error.code === "challenge_already_answered") {
      // Lost the race, or the challenge expired meanwhile: say which.
      assertAnswerable(await core.store.challenges.get(challenge.tenantId, challenge.id), at);
    }
    throw error;
  }
  publishChange(core, outcome.challenge);
  return outcome;
}
