import { SignetError } from "../errors.js";
import { newId } from "../ids.js";
import { ACTION_CODE_PATTERN, TOKEN_SCOPES, type Tenant, type TokenScope, type UserAttributes } from "../model.js";
import type { Core } from "../core.js";
import { enrolmentOf } from "../users/user-service.js";
import { newAction } from "./new-action.js";
import { actionConfigOf, evaluateTrack } from "./evaluate-track.js";
import { outcomeToState } from "../rules/index.js";
import { recordAudit, type AuditContext } from "../audit/record-audit.js";

export interface TrackInput extends UserAttributes {
  idempotencyKey?: string;
  redirectUrl?: string;
  ipAddress?: string;
  userAgent?: string;
  deviceId?: string;
  scope?: string;
  locale?: string;
}

export function assertActionCode(code: string): void {
  if (!ACTION_CODE_PATTERN.test(code)) {
    throw new SignetError("invalid_request", "action must match ^[a-zA-Z0-9_-]{1,64}$");
  }
}

export function assertUserId(userId: string): void {
  if (userId.length === 0 || userId.length > 255) throw new SignetError("invalid_request", "userId must be 1 to 255 characters");
}

/** Requested scopes, always with read:authenticators; unknown scopes are refused. */
export function parseScopes(scope: string | undefined): TokenScope[] {
  const requested = (scope ?? "").split(/[\s,]+/).filter(Boolean);
  for (const s of requested) {
    if (!(TOKEN_SCOPES as readonly string[]).includes(s)) {
      throw new SignetError("invalid_request", `scope ${JSON.stringify(s)} is unknown; use ${TOKEN_SCOPES.join(", ")}`);
    }
  }
  return [...new Set<TokenScope>(["read:authenticators", ...(requested as TokenScope[])])];
}

function checkRedirectUrl(value: string | undefined): string | null {
  if (value === undefined || value === "") return null;
  try {
    const url = new URL(value);
    if (url.protocol === "https:" || url.protocol === "http:") return url.toString();
  } catch {
    // reported below
  }
  throw new SignetError("invalid_request", "redirectUrl must be an absolute http(s) URL");
}

/** The hosted challenge page for a token (PROTOCOL.md §7: it already carries a query string). */
export const hostedPageUrl = (core: Core, token: string): string => `${core.publicUrl}/hosted/challenge?token=${encodeURIComponent(token)}`;

/**
 * Track: records an action for a user (idempotent on idempotencyKey), decides its first state and
 * issues a track token bound to tenant, user, action, idempotency key and scope.
 */
export async function track(core: Core, tenant: Tenant, userId: string, actionCode: string, input: TrackInput, ctx: AuditContext = { actor: "api" }) {
  assertUserId(userId);
  assertActionCode(actionCode);
  const scopes = parseScopes(input.scope);
  const redirectUrl = checkRedirectUrl(input.redirectUrl);
  const idempotencyKey = input.idempotencyKey ?? newId();
  if (idempotencyKey.length === 0 || idempotencyKey.length > 255) {
    throw new SignetError("invalid_request", "idempotencyKey must be 1 to 255 characters");
  }
  const now = core.clock.now();
  // A repeated track returns the recorded action: its rules were evaluated the first time.
  const repeat = input.idempotencyKey !== undefined && (await core.store.actions.findByIdempotencyKey(tenant.id, idempotencyKey)) !== undefined;
  const config = repeat ? undefined : await actionConfigOf(core, tenant, actionCode);
  const evaluation = config
    ? await evaluateTrack(core, tenant, config, { userId, actionCode, ipAddress: input.ipAddress, deviceId: input.deviceId, custom: input.custom ?? undefined }, now)
    : null;
  const action = await core.store.transaction(async (tx) => {
    const existing = await tx.actions.findByIdempotencyKey(tenant.id, idempotencyKey);
    if (existing) {
      if (existing.userId !== userId || existing.actionCode !== actionCode) {
        throw new SignetError("conflict", "idempotencyKey was already used for another user or action");
      }
      return existing;
    }
    await tx.users.upsert(
      tenant.id,
      userId,
      { email: input.email, phoneNumber: input.phoneNumber, username: input.username, displayName: input.displayName },
      now,
    );
    const created = newAction(now, {
      tenantId: tenant.id,
      userId,
      actionCode,
      idempotencyKey,
      ipAddress: input.ipAddress,
      userAgent: input.userAgent,
      deviceId: input.deviceId,
      redirectUrl,
      scope: scopes.join(" "),
      custom: input.custom,
      state: evaluation ? outcomeToState(evaluation.outcome) : "CHALLENGE_REQUIRED",
      evaluation,
    });
    await tx.actions.insert(created);
    if (evaluation?.matchedRule) {
      await recordAudit(tx, ctx, {
        tenantId: tenant.id,
        type: "rule.matched",
        at: now,
        userId,
        details: { actionCode, idempotencyKey, ruleId: evaluation.matchedRule.ruleId, name: evaluation.matchedRule.name, outcome: evaluation.outcome },
      });
    }
    return created;
  });
  const { token } = await core.tokens.issue(
    {
      kind: "track",
      tenantId: tenant.id,
      userId,
      actionId: action.id,
      actionCode,
      idempotencyKey,
      scopes: action.scope.split(" ") as TokenScope[],
    },
    tenant.settings.tokenTtlSeconds,
  );
  const enrolment = await enrolmentOf(core, tenant.id, userId);
  return {
    idempotencyKey,
    state: action.state,
    url: hostedPageUrl(core, token),
    token,
    ...enrolment,
    ...(action.evaluation ? { ruleIds: action.evaluation.ruleIds } : {}),
  };
}
