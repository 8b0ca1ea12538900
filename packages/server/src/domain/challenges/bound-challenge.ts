import { SignetError } from "../errors.js";
import type { Action } from "../model.js";
import type { Core } from "../core.js";
import type { TokenClaims } from "../tokens/token-claims.js";

/** Challenges started by a browser need a track token (validation tokens only prove a result). */
export function requireTrackToken(claims: TokenClaims): void {
  if (claims.kind !== "track") throw new SignetError("invalid_token", "A track token is required here.");
}

/** The action a track token is bound to; a different `action` in the body is refused. */
export async function loadBoundAction(core: Core, claims: TokenClaims, requestedAction: string | undefined): Promise<Action> {
  if (requestedAction !== undefined && requestedAction !== claims.actionCode) {
    throw new SignetError("forbidden", `The token is bound to action ${claims.actionCode}, not ${requestedAction}.`);
  }
  const action = await core.store.actions.get(claims.actionId);
  if (!action || action.tenantId !== claims.tenantId || action.userId !== claims.userId) {
    throw new SignetError("not_found", "The action of this token no longer exists.");
  }
  if (action.state === "BLOCK") throw new SignetError("forbidden", "This action is blocked.");
  return action;
}
