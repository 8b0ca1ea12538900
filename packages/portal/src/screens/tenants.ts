/** All tenants, and creating one (its API secret is shown once). */
import { field, h, replace } from "../dom.js";
import type { Shell } from "../context.js";
import type { CreatedTenant, Tenant } from "../types.js";
import { formatTime } from "../format.js";
import { tenantHref } from "../routes.js";
import { busy, empty, errorBox, errorSlot, focusNew, loading, secretPanel, section, table } from "../ui.js";

export async function renderTenants(root: HTMLElement, shell: Shell): Promise<void> {
  const list = h("div", null, loading());
  const created = h("div");
  const name = h("input", { type: "text", name: "name", required: true, maxlength: 100, autocomplete: "off" });
  const submit = h("button", { type: "submit", class: "button" }, "Create tenant");
  const errors = errorSlot();
  const form = h("form", { class: "inline-form", novalidate: true }, field("Name", name, "For example the application or environment it serves."), h("div", { class: "actions" }, submit));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.set(undefined);
    if (!name.value.trim()) {
      errors.set(new Error("Enter a name for the tenant."));
      name.focus();
      return;
    }
    await busy(
      submit,
      async () => {
        const tenant = await shell.api.post<CreatedTenant>("/tenants", { name: name.value.trim() });
        name.value = "";
        const panel = secretPanel({
          title: `Tenant “${tenant.name}” created`,
          secret: tenant.apiSecretKey,
          note: "Your backend calls the server API with this secret (HTTP Basic, the secret as user name).",
          extra: [
            ["Tenant ID", h("code", null, tenant.tenantId)],
            ["API URL", h("code", null, tenant.apiUrl)],
            ["Open", h("a", { href: tenantHref(tenant.tenantId) }, "Go to its dashboard")],
          ],
        });
        replace(created, panel);
        focusNew(panel);
        shell.status(`Tenant ${tenant.name} created.`, "success");
        await shell.reloadTenants();
        showList(shell.tenants());
      },
      (error) => errors.set(error),
    );
  });

  const showList = (tenants: Tenant[]) =>
    replace(
      list,
      tenants.length === 0
        ? empty("No tenants yet: create the first one below.")
        : table(
            "Tenants",
            ["Name", "Tenant ID", "Number matching", "Created"],
            tenants.map((t) => [h("a", { href: tenantHref(t.tenantId) }, t.name), h("code", null, t.tenantId), t.numberMatching, formatTime(t.createdAt)]),
            { captionHidden: true },
          ),
    );

  replace(root, created, section("All tenants", list), section("Create a tenant", form, errors.el));
  try {
    showList(await shell.reloadTenants());
  } catch (error) {
    replace(list, errorBox(error));
  }
}
