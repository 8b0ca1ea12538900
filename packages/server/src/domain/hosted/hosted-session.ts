import { SignetError } from "../errors.js";
import type { Tenant } from "../model.js";
import { apiUrlOf, type Core } from "../core.js";
import type { TokenClaims } from "../tokens/token-claims.js";
import { requireTrackToken } from "../challenges/bound-challenge.js";
import { enrolmentOf } from "../users/user-service.js";
import { numberMatchingFor } from "../fatigue/number-matching-mode.js";
import { newAction } from "../actions/new-action.js";
import { recordAudit, type AuditContext } from "../audit/record-audit.js";

/** Everything the hosted page needs to render for a track token: who, what, how, and branding. */
export async function hostedSession(core: Core, tenant: Tenant, claims: TokenClaims) {
  requireTrackToken(claims);
  const action = await core.store.actions.get(claims.actionId);
  if (!action) throw new SignetError("not_found", "The action of this token no longer exists.");
  const now = core.clock.now();
  const push = (await core.store.credentials.listForUser(tenant.id, claims.userId, "PUSH")).filter((c) => c.expiresAt === null || c.expiresAt > now);
  const user = await core.store.users.get(tenant.id, claims.userId);
  return {
    tenant: { tenantId: tenant.id, name: tenant.name, brandColor: tenant.settings.brandColor, logoUrl: tenant.settings.logoUrl, allowedOrigins: tenant.settings.allowedOrigins },
    action: { actionCode: action.actionCode, idempotencyKey: action.idempotencyKey, state: action.state, redirectUrl: action.redirectUrl },
    user: {
      userId: claims.userId,
      displayName: user?.displayName ?? user?.username ?? user?.email ?? null,
      ...(await enrolmentOf(core, tenant.id, claims.userId)),
      pushAuthenticators: push.map((c) => ({ userAuthenticatorId: c.id, deviceName: c.deviceName, devicePlatform: c.devicePlatform })),
    },
    numberMatching: await numberMatchingFor(core, tenant, action.actionCode),
    challengeTtlSeconds: tenant.settings.challengeTtlSeconds,
    tokenExpiresAt: new Date(claims.expiresAt * 1000).toISOString(),
    apiUrl: apiUrlOf(core),
  };
}

/** A QR code as an SVG document. */
export async function qrSvg(text: string): Promise<string> {
  const { default: QRCode } = await import("qrcode");
  return QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

/**
 * A user with no device enrols from the hosted page: the track token of an unenrolled user (or one
 * with add:authenticators) gets a fresh add:authenticators token, as a link the phone app
 * understands and as a QR code of that link.
 */
export async function hostedEnrolment(core: Core, tenant: Tenant, claims: TokenClaims, ctx: AuditContext) {
  requireTrackToken(claims);
  const enrolment = await enrolmentOf(core, tenant.id, claims.userId);
  if (enrolment.isEnrolled && !claims.scopes.includes("add:authenticators")) {
    throw new SignetError("insufficient_scope", "This user already has a device; adding another needs a track token with add:authenticators.");
  }
  const now = core.clock.now();
  const action = newAction(now, { tenantId: tenant.id, userId: claims.userId, actionCode: "enroll", scope: "read:authenticators add:authenticators" });
  await core.store.transaction(async (tx) => {
    await tx.actions.insert(action);
    await recordAudit(tx, ctx, { tenantId: tenant.id, type: "challenge.created", at: now, userId: claims.userId, details: { enrolment: true, from: claims.actionCode } });
  });
  const { token, claims: issued } = await core.tokens.issue(
    { kind: "track", tenantId: tenant.id, userId: claims.userId, actionId: action.id, actionCode: "enroll", idempotencyKey: action.idempotencyKey, scopes: ["read:authenticators", "add:authenticators"] },
    tenant.settings.tokenTtlSeconds,
  );
  const link = tenant.settings.enrolmentLinkTemplate
    .replaceAll("{apiUrl}", encodeURIComponent(apiUrlOf(core)))
    .replaceAll("{tenantId}", encodeURIComponent(tenant.id))
    .replaceAll("{token}", encodeURIComponent(token));
  return { token, link, expiresAt: new Date(issued.expiresAt * 1000).toISOString(), qrSvg: await qrSvg(link) };
}
