import { apiUrlOf } from "../domain/core.js";
import { createTenant, getTenant } from "../domain/tenants/tenant-service.js";
import { tenantView } from "../http/routes/admin-api.js";
import { labelled, print } from "./output.js";
import { CLI_ACTOR, type Command } from "./command.js";

/** The `signet tenants …` commands. Secrets are printed by `create` only, once. */

/** A setting as one line of text. */
const shown = (v: unknown): string =>
  Array.isArray(v) ? v.join(", ") || "(any)" : v === null || v === undefined ? "(none)" : typeof v === "object" ? JSON.stringify(v) : String(v);

export const tenantsCreate: Command = {
  required: ["name"],
  async run(core, { name, json }, out) {
    const { tenant, apiSecretKey } = await createTenant(core, { name }, CLI_ACTOR);
    const apiUrl = apiUrlOf(core);
    print(out, json, { tenantId: tenant.id, name: tenant.name, apiUrl, apiSecretKey }, labelled([
      ["Tenant ID", tenant.id],
      ["Name", tenant.name],
      ["API URL", apiUrl],
      ["API secret key", `${apiSecretKey}   (shown only this once)`],
    ]));
  },
};

export const tenantsList: Command = {
  required: [],
  async run(core, { json }, out) {
    const tenants = await core.store.tenants.list();
    const lines = tenants.map((t) => `${t.id}  ${t.name}  created ${new Date(t.createdAt).toISOString()}`);
    print(out, json, tenants.map((t) => tenantView(t, apiUrlOf(core))), lines.length ? lines : ["No tenants."]);
  },
};

export const tenantsShow: Command = {
  required: ["tenant"],
  async run(core, { tenant, json }, out) {
    const view = tenantView(await getTenant(core, tenant), apiUrlOf(core));
    print(out, json, view, labelled(Object.entries(view).map(([k, v]) => [k, shown(v)])));
  },
};
