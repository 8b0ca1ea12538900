import { rotateSecret } from "../domain/tenants/tenant-service.js";
import { labelled, print } from "./output.js";
import { CLI_ACTOR, type Command } from "./command.js";

/** The `signet secrets …` commands. */

export const secretsRotate: Command = {
  required: ["tenant"],
  optional: ["grace-seconds"],
  async run(core, { tenant, graceSeconds, json }, out) {
    const { apiSecretKey, previousValidUntil } = await rotateSecret(core, tenant, graceSeconds, CLI_ACTOR);
    const until = new Date(previousValidUntil).toISOString();
    print(out, json, { tenantId: tenant, apiSecretKey, previousSecretsValidUntil: until }, labelled([
      ["Tenant ID", tenant],
      ["New API secret key", `${apiSecretKey}   (shown only this once)`],
      ["Older secrets valid until", graceSeconds === 0 ? `${until} (revoked now)` : until],
    ]));
  },
};
