/** Rotating the tenant's API secret, with a grace period during which the old secrets keep working. */
import { field, h, replace } from "../dom.js";
import type { TenantContext } from "../context.js";
import { seg } from "../api.js";
import { formatSeconds, formatTime } from "../format.js";
import { busy, confirmDialog, details, errorSlot, focusNew, secretPanel, section } from "../ui.js";

const GRACE = [0, 300, 3600, 86_400, 7 * 86_400];

export function renderSecrets(root: HTMLElement, ctx: TenantContext): void {
  const result = h("div");
  const grace = h(
    "select",
    { name: "graceSeconds" },
    GRACE.map((g) => h("option", { value: String(g), selected: g === 3600 }, g === 0 ? "None — old secrets stop working at once" : formatSeconds(g))),
  );
  const submit = h("button", { type: "submit", class: "button danger" }, "Rotate secret");
  const errors = errorSlot();
  const form = h(
    "form",
    { class: "inline-form" },
    field("Grace period for the current secret", grace, "Keep the old secret valid while you deploy the new one."),
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.set(undefined);
    const graceSeconds = Number(grace.value);
    const ok = await confirmDialog({
      title: "Rotate the API secret?",
      message:
        graceSeconds === 0
          ? "A new secret is issued and every current secret stops working immediately. Your backend fails until it uses the new one."
          : `A new secret is issued. Current secrets keep working for ${formatSeconds(graceSeconds)}, then stop.`,
      confirmLabel: "Rotate",
      danger: true,
    });
    if (!ok) return;
    await busy(
      submit,
      async () => {
        const rotated = await ctx.api.post<{ apiSecretKey: string; previousSecretsValidUntil: string }>(`/tenants/${seg(ctx.tenant.tenantId)}/secrets`, { graceSeconds });
        const panel = secretPanel({
          title: "New API secret",
          secret: rotated.apiSecretKey,
          extra: [["Previous secrets valid until", h("span", { "data-testid": "previous-valid-until" }, formatTime(rotated.previousSecretsValidUntil))]],
        });
        replace(result, panel);
        focusNew(panel);
        ctx.status("The API secret was rotated.", "success");
      },
      (error) => errors.set(error),
    );
  });
  replace(
    root,
    result,
    section(
      "Tenant credentials",
      details([
        ["Tenant ID", h("code", null, ctx.tenant.tenantId)],
        ["API URL", h("code", null, ctx.tenant.apiUrl)],
      ]),
      h("p", { class: "hint" }, "Secrets are stored hashed: they cannot be shown again, only replaced."),
    ),
    section("Rotate the API secret", form, errors.el),
  );
}
