/** One user: profile, authenticators (with revoke), the action timeline, and the user's audit events. */
import { h, replace } from "../dom.js";
import type { TenantContext } from "../context.js";
import type { Authenticator, UserDetail } from "../types.js";
import { ApiError, seg } from "../api.js";
import { formatTime } from "../format.js";
import { tenantHref } from "../routes.js";
import { badge, busy, confirmDialog, details, detailsCell, empty, errorBox, loading, section, table } from "../ui.js";

const STATE_TONES: Record<string, string> = {
  ALLOW: "delivered",
  CHALLENGE_SUCCEEDED: "delivered",
  CHALLENGE_REQUIRED: "pending",
  REVIEW_REQUIRED: "pending",
  CHALLENGE_FAILED: "dead",
  BLOCK: "dead",
  REVIEW_FAILED: "dead",
  REVIEW_SUCCEEDED: "delivered",
};

export async function renderUserDetail(root: HTMLElement, ctx: TenantContext, userId: string): Promise<void> {
  ctx.setTitle(`User ${userId}`);
  const path = `/tenants/${seg(ctx.tenant.tenantId)}/users/${seg(userId)}`;
  const back = h("p", null, h("a", { href: tenantHref(ctx.tenant.tenantId, "users") }, "← All users"));
  replace(root, back, loading());
  let detail: UserDetail;
  try {
    detail = await ctx.api.get<UserDetail>(path);
  } catch (error) {
    replace(root, back, error instanceof ApiError && error.status === 404 ? h("p", null, `There is no user ${userId} in this tenant.`) : errorBox(error));
    return;
  }
  const authenticatorsEl = h("div");
  const showAuthenticators = (list: Authenticator[]) =>
    replace(
      authenticatorsEl,
      list.length === 0
        ? empty("No authenticators: the user is not enrolled.")
        : table(
            "Authenticators",
            ["Name", "Method", "Platform", "Added", "Last used", "Expires", "Actions"],
            list.map((a) => {
              const revoke = h("button", { type: "button", class: "button danger small" }, "Revoke");
              const name = a.displayName ?? a.userAuthenticatorId;
              revoke.setAttribute("aria-label", `Revoke ${name}`);
              revoke.addEventListener("click", async () => {
                const ok = await confirmDialog({
                  title: `Revoke “${name}”?`,
                  message: `${userId} can no longer approve sign-ins with this ${a.verificationMethod.toLowerCase()} authenticator. This cannot be undone: the device must enrol again.`,
                  confirmLabel: "Revoke authenticator",
                  danger: true,
                });
                if (!ok) return;
                await busy(
                  revoke,
                  async () => {
                    await ctx.api.delete(`${path}/authenticators/${seg(a.userAuthenticatorId)}`);
                    ctx.status(`Authenticator “${name}” revoked.`, "success");
                    const fresh = await ctx.api.get<UserDetail>(path);
                    showAuthenticators(fresh.authenticators);
                    showAudit(fresh);
                    authenticatorsEl.closest("section")?.querySelector("h2")?.focus();
                  },
                  (error) => ctx.status(`Could not revoke: ${error instanceof Error ? error.message : String(error)}`, "error"),
                );
              });
              return [
                name,
                a.verificationMethod,
                a.devicePlatform ?? "—",
                formatTime(a.createdAt),
                formatTime(a.lastVerifiedAt),
                a.expiresAt ? formatTime(a.expiresAt) : "Never",
                revoke,
              ];
            }),
            { captionHidden: true },
          ),
    );

  const timeline =
    detail.timeline.length === 0
      ? empty("No actions tracked for this user yet.")
      : h(
          "ol",
          { class: "timeline", "aria-label": "Actions, newest first", "data-testid": "timeline" },
          detail.timeline.map((a) =>
            h(
              "li",
              null,
              h("div", { class: "timeline-head" }, h("strong", null, a.actionCode), " ", badge(a.state, STATE_TONES[a.state] ?? "muted")),
              h(
                "p",
                { class: "muted small-text" },
                h("time", { datetime: a.createdAt }, formatTime(a.createdAt)),
                a.stateUpdatedAt !== a.createdAt ? ` → ${formatTime(a.stateUpdatedAt)}` : "",
                a.verificationMethod ? ` · via ${a.verificationMethod}` : "",
                a.ipAddress ? ` · IP ${a.ipAddress}` : "",
                a.ruleIds && a.ruleIds.length > 0 ? ` · rule ${a.ruleIds.join(", ")}` : "",
              ),
              a.userAgent ? h("p", { class: "muted small-text wrap" }, a.userAgent) : null,
            ),
          ),
        );

  const auditEl = h("div");
  const showAudit = (d: UserDetail) =>
    replace(
      auditEl,
      d.audit.length === 0
        ? empty("No audit events.")
        : table(
            `Audit events for ${userId}`,
            ["Time", "Event", "Actor", "IP", "Details"],
            d.audit.map((e) => [formatTime(e.at), e.type, e.actor, e.ipAddress ?? "—", detailsCell(e.details)]),
            { captionHidden: true },
          ),
      h("p", null, h("a", { href: tenantHref(ctx.tenant.tenantId, "audit", undefined, { userId }) }, "Open in the audit log")),
    );

  const u = detail.user;
  replace(
    root,
    back,
    section(
      "Profile",
      details([
        ["User ID", h("code", null, u.userId)],
        ["Email", u.email ?? "—"],
        ["Username", u.username ?? "—"],
        ["Display name", u.displayName ?? "—"],
        ["First seen", formatTime(u.createdAt)],
        ...(u.custom ? ([["Custom data", h("code", { class: "wrap" }, JSON.stringify(u.custom))]] as Array<[string, HTMLElement]>) : []),
      ]),
    ),
    section("Authenticators", authenticatorsEl),
    section("Timeline", timeline),
    section("Audit", auditEl),
  );
  for (const heading of Array.from(root.querySelectorAll("section > h2"))) heading.setAttribute("tabindex", "-1");
  showAuthenticators(detail.authenticators);
  showAudit(detail);
}
