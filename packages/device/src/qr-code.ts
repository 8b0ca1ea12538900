import { CredentialApi } from "./credential-api.js";
import type { DeviceContext } from "./credential-api.js";
import type { SignetResult } from "./result.js";
import type { AddCredentialInput, DeviceCredential } from "./types.js";

/**
 * QR-code authentication: the device scans a code shown in a browser and approves the sign-in.
 * Key alias `"qr-code"`.
 *
 * Credential management only for now. Claiming a challenge
 * (`POST /client/user-authenticators/qr-code/challenge/claim`) and answering it
 * (`POST /client/user-authenticators/qr-code/challenge`, via the inherited `answerChallenge`)
 * come with QR-code challenges in a later issue.
 */
export class QrCode extends CredentialApi {
  constructor(context: DeviceContext) {
    super(context, "qr-code");
  }

  /**
   * Enrols this device for QR-code sign-in (`POST /client/user-authenticators/qr-code`,
   * Bearer track token with `add:authenticators`), creating the QR-code key if there is none.
   */
  addCredential(input: AddCredentialInput): Promise<SignetResult<DeviceCredential>> {
    const { token, deviceName, devicePlatform } = input;
    return this.add({ token, deviceName, devicePlatform });
  }
}
