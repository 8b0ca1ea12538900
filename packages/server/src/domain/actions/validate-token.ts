import { SignetError } from "../errors.js";
import { toIso } from "../clock.js";
import type { Tenant } from "../model.js";
import type { Core } from "../core.js";
import type { TokenClaims } from "../tokens/token-claims.js";
import { recordAudit } from "../audit/record-audit.js";

export interface ValidateInput {
  token: string;
  action?: string;
  userId?: string;
}

const invalid = (error: string, extra: object = {}) => ({ isValid: false as const, ...extra, error });

/**
 * POST /validate: the customer backend checks a validation token. A token is valid once: the first
 * validation of a succeeded action wins (a conditional update), every later one answers isValid false.
 */
export async function validateToken(core: Core, tenant: Tenant, input: ValidateInput) {
  const result = await checkToken(core, tenant, input);
  await recordAudit(core.store, { actor: "api" }, {
    tenantId: tenant.id,
    type: "token.validated",
    at: core.clock.now(),
    userId: "userId" in result ? result.userId : null,
    details: { isValid: result.isValid, ...("error" in result ? { error: result.error } : {}), actionCode: "actionCode" in result ? result.actionCode : undefined },
  });
  return result;
}

async function checkToken(core: Core, tenant: Tenant, input: ValidateInput) {
  let claims: TokenClaims;
  try {
    claims = await core.tokens.verify(input.token);
  } catch (error) {
    if (error instanceof SignetError) return invalid(error.code === "expired_token" ? "The token has expired." : "The token is invalid.");
    throw error;
  }
  if (claims.tenantId !== tenant.id) return invalid("The token is invalid.");
  const action = await core.store.actions.get(claims.actionId);
  if (!action || action.tenantId !== tenant.id) return invalid("The action of this token no longer exists.");
  const facts = {
    state: action.state,
    stateUpdatedAt: toIso(action.stateUpdatedAt),
    userId: action.userId,
    actionCode: action.actionCode,
    idempotencyKey: action.idempotencyKey,
    verificationMethod: action.verificationMethod ?? undefined,
  };
  if (input.userId !== undefined && input.userId !== claims.userId) return invalid("The token was issued for another user.", facts);
  if (input.action !== undefined && input.action !== claims.actionCode) return invalid("The token was issued for another action.", facts);
  if (claims.kind !== "validation") return invalid("This is not a validation token: complete a challenge first.", facts);
  if (action.state !== "CHALLENGE_SUCCEEDED") return invalid("The challenge has not succeeded.", facts);
  const validated = await core.store.actions.markValidated(action.id, core.clock.now());
  if (!validated) return invalid("The token has already been validated.", facts);
  return { isValid: true as const, ...facts };
}
