import { CredentialApi } from "./credential-api.js";
import type { DeviceContext } from "./credential-api.js";
import { parseInAppVerify, stringFields } from "./responses.js";
import type { SignetResult } from "./result.js";
import type { AddCredentialInput, DeviceCredential, InAppVerifyInput, InAppVerifyResult } from "./types.js";

/**
 * In-app (trusted device) verification: the app proves it holds the device key and gets a token
 * for the customer backend to validate. Key alias `"in-app"`.
 */
export class InApp extends CredentialApi {
  constructor(context: DeviceContext) {
    super(context, "in-app");
  }

  /**
   * Enrols this device for in-app verification (`POST /client/user-authenticators/in-app`,
   * Bearer track token with `add:authenticators`), creating the in-app key if there is none.
   */
  addCredential(input: AddCredentialInput): Promise<SignetResult<DeviceCredential>> {
    const { token, deviceName, devicePlatform } = input;
    return this.add({ token, deviceName, devicePlatform });
  }

  /**
   * Verifies this device: creates a challenge (`POST /client/challenge`), signs its id and sends it
   * (`POST /client/verify/in-app`). Both calls use `Bearer <token>` when a track token is given,
   * device Basic auth otherwise. Resolves to a token for `POST /validate`.
   */
  verify(input: InAppVerifyInput = {}): Promise<SignetResult<InAppVerifyResult>> {
    return this.withKey(async (key) => {
      const { http } = this.context;
      const authorization = input.token !== undefined ? http.bearer(input.token) : http.deviceAuthorization;
      const challenge = await http.request(
        { method: "POST", path: "/client/challenge", authorization, body: { action: input.action } },
        stringFields("challengeId"),
      );
      if (challenge.error !== undefined) return challenge;
      const { challengeId } = challenge.data;
      return http.request(
        {
          method: "POST",
          path: "/client/verify/in-app",
          authorization,
          body: { challengeId, publicKey: key.publicKey, signature: await key.sign(challengeId) },
        },
        parseInAppVerify,
      );
    });
  }
}
