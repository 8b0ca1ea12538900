import type { Core } from "../core.js";
import type { NumberMatching, Tenant } from "../model.js";

const MODES: readonly string[] = ["off", "type", "choices"];

/** The number-matching mode for an action: the action's configuration overrides the tenant's setting. */
export async function numberMatchingFor(core: Core, tenant: Tenant, actionCode: string | null): Promise<NumberMatching> {
  if (actionCode !== null) {
    const stored = await core.store.actionConfigs.get(tenant.id, actionCode);
    const mode = stored?.config.numberMatching;
    if (typeof mode === "string" && MODES.includes(mode)) return mode as NumberMatching;
  }
  return tenant.settings.numberMatching;
}
