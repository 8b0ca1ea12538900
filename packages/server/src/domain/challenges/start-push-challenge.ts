import { SignetError } from "../errors.js";
import type { Action, Challenge, Credential, Tenant } from "../model.js";
import type { Core } from "../core.js";
import type { Repositories } from "../ports.js";
import type { TokenClaims } from "../tokens/token-claims.js";
import { recordAudit, type AuditContext } from "../audit/record-audit.js";
import { checkPushLimits, type LimitHit } from "../fatigue/push-limits.js";
import { numberMatchingFields } from "../fatigue/number-matching.js";
import { numberMatchingFor } from "../fatigue/number-matching-mode.js";
import { emitEvent } from "../webhooks/emit-event.js";
import { loadBoundAction, requireTrackToken } from "./bound-challenge.js";
import { newChallenge } from "./new-challenge.js";
import { publishChange } from "./publish-change.js";

function liveTargets(credentials: Credential[], now: number, userAuthenticatorId: string | undefined): Credential[] {
  const live = credentials.filter((c) => c.expiresAt === null || c.expiresAt > now);
  if (userAuthenticatorId === undefined) {
    if (live.length === 0) throw new SignetError("credential_not_found", "The user has no push authenticator.");
    return live;
  }
  const target = live.filter((c) => c.id === userAuthenticatorId);
  if (target.length === 0) throw new SignetError("credential_not_found", "userAuthenticatorId is not a push authenticator of this user.");
  return target;
}

const pushCreatedData = (challenge: Challenge, action: Action) => ({
  challengeId: challenge.id,
  userId: action.userId,
  idempotencyKey: action.idempotencyKey,
  actionCode: action.actionCode,
  userAgent: action.userAgent ?? undefined,
  ipAddress: action.ipAddress ?? undefined,
});

/**
 * Inside one transaction: the fatigue limits are checked against the user's history, any pending push
 * challenge of the user is superseded (at most one pending per user), and the new challenge, its
 * push.created webhook event and the audit entries are written. Transactions are serialised, so two
 * concurrent starts cannot both slip under a limit.
 */
async function createPushChallenge(tx: Repositories, tenant: Tenant, challenge: Challenge, action: Action, now: number, ctx: AuditContext) {
  const userId = action.userId;
  const settings = tenant.settings;
  await tx.lockUser(tenant.id, userId);
  const recent = await tx.challenges.recentAnswered(tenant.id, userId, "PUSH", 20);
  const windowTimes = await tx.challenges.createdTimesSince(tenant.id, userId, "PUSH", now - settings.pushLimitWindowSeconds * 1000, settings.pushLimitCount);
  const hit = checkPushLimits(settings, recent, windowTimes, now);
  if (hit) return { hit };
  const superseded = await tx.challenges.supersedePending(tenant.id, userId, "PUSH", now);
  await tx.challenges.insert(challenge);
  await emitEvent(tx, tenant.id, "push.created", pushCreatedData(challenge, action), now);
  for (const old of superseded) {
    await recordAudit(tx, ctx, { tenantId: tenant.id, type: "challenge.superseded", at: now, userId, details: { challengeId: old.id, by: challenge.id } });
  }
  await recordAudit(tx, ctx, { tenantId: tenant.id, type: "challenge.created", at: now, userId, details: { challengeId: challenge.id, method: "PUSH", actionCode: action.actionCode } });
  return { superseded };
}

async function refuse(core: Core, tenant: Tenant, userId: string, hit: LimitHit, ctx: AuditContext): Promise<never> {
  await recordAudit(core.store, ctx, { tenantId: tenant.id, type: "limit.hit", at: core.clock.now(), userId, details: { reason: hit.reason, retryAt: new Date(hit.retryAt).toISOString() } });
  throw new SignetError("too_many_requests", `${hit.description} Retry after ${new Date(hit.retryAt).toISOString()}.`);
}

/** The browser starts a push challenge for the action of its track token. */
export async function startPushChallenge(
  core: Core,
  tenant: Tenant,
  claims: TokenClaims,
  input: { action?: string; userAuthenticatorId?: string },
  ctx: AuditContext = { actor: "browser" },
) {
  requireTrackToken(claims);
  const action = await loadBoundAction(core, claims, input.action);
  const now = core.clock.now();
  const targets = liveTargets(await core.store.credentials.listForUser(tenant.id, claims.userId, "PUSH"), now, input.userAuthenticatorId);
  const challenge = newChallenge(tenant, now, {
    method: "PUSH",
    userId: claims.userId,
    actionId: action.id,
    actionCode: action.actionCode,
    targetCredentialId: input.userAuthenticatorId ?? null,
    ...numberMatchingFields(await numberMatchingFor(core, tenant, action.actionCode)),
  });
  const outcome = await core.store.transaction((tx) => createPushChallenge(tx, tenant, challenge, action, now, ctx));
  if (outcome.hit) return refuse(core, tenant, claims.userId, outcome.hit, ctx);
  for (const old of outcome.superseded) publishChange(core, old);
  publishChange(core, challenge);
  const deliveryResults = await core.push
    ?.notify(tenant, targets, { challengeId: challenge.id, expiresAt: challenge.expiresAt })
    .catch(() => targets.map((c) => ({ userAuthenticatorId: c.id, errorCode: "provider_unavailable" })));
  return {
    challengeId: challenge.id,
    expiresAt: challenge.expiresAt,
    ...(deliveryResults ? { deliveryResults } : {}),
    ...(challenge.verificationCode !== null ? { verificationCode: challenge.verificationCode } : {}),
  };
}
