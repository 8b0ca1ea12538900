import { CredentialApi } from "./credential-api.js";
import type { DeviceContext } from "./credential-api.js";
import { parseQrClaim } from "./responses.js";
import type { SignetResult } from "./result.js";
import type {
  AddCredentialInput,
  ClaimChallengeInput,
  DeviceCredential,
  QrClaimResult,
  UpdateChallengeInput,
  UpdateChallengeResult,
} from "./types.js";

/**
 * QR-code authentication: the device scans a code shown in a browser or kiosk, claims the
 * challenge, shows the user what it is about, and approves or denies it. Key alias `"qr-code"`.
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

  /**
   * Claims the scanned challenge for this device (`POST /client/user-authenticators/qr-code/challenge/claim`,
   * the challenge id signed with the QR-code key). Once claimed, only this device may answer it.
   * Resolves to what to show the user: the browser's `ipAddress` and `userAgent`, the `actionCode`,
   * and for number matching `verificationCodeRequired` / `verificationCodeChoices`.
   */
  claimChallenge(input: ClaimChallengeInput): Promise<SignetResult<QrClaimResult>> {
    return this.withKey(async (key) => {
      const { challengeId } = input;
      return this.context.http.request(
        {
          method: "POST",
          path: `${this.basePath}/challenge/claim`,
          authorization: this.context.http.deviceAuthorization,
          body: { challengeId, publicKey: key.publicKey, signature: await key.sign(challengeId) },
        },
        parseQrClaim,
      );
    });
  }

  /**
   * Approves or denies a claimed challenge (`POST /client/user-authenticators/qr-code/challenge`),
   * signing its id with the QR-code key. `verificationCode` carries the user's pick when number
   * matching is on; `denyReason` (`"not_me"` / `"cancelled"`) says why on a denial.
   */
  updateChallenge(input: UpdateChallengeInput): Promise<SignetResult<UpdateChallengeResult>> {
    return this.answerChallenge(input);
  }
}
