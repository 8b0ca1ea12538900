import { CredentialApi, publicKeyQuery } from "./credential-api.js";
import type { DeviceContext } from "./credential-api.js";
import { parsePushChallenge, parseUpdatedCredential, stringFields } from "./responses.js";
import { failure, SdkErrorCode } from "./result.js";
import type { SignetResult } from "./result.js";
import type {
  AddPushCredentialInput,
  DeviceCredential,
  GetChallengeInput,
  PushChallenge,
  UpdateChallengeInput,
  UpdateChallengeResult,
  UpdatedPushCredential,
  UpdatePushCredentialInput,
  WaitForChallengeInput,
} from "./types.js";

/** `waitForChallenge`'s default wait: under Signet's 30-second cap and common proxies' 30-second idle timeouts. */
const DEFAULT_WAIT_SECONDS = 25;

/** Push authentication: the device approves or denies sign-ins started elsewhere. Key alias `"push"`. */
export class Push extends CredentialApi {
  constructor(context: DeviceContext) {
    super(context, "push");
  }

  /**
   * Enrols this device for push (`POST /client/user-authenticators/push`, Bearer track token with
   * `add:authenticators`), creating the push key if there is none.
   */
  addCredential(input: AddPushCredentialInput): Promise<SignetResult<DeviceCredential>> {
    return this.add(input);
  }

  /**
   * The pending push challenge for this device, or `{ data: null }` when there is none.
   * With `{ withCustomData: true }` the device proves its key over a fresh server nonce so the
   * server also returns the action's `custom` data. With `{ waitSeconds }` it long-polls
   * (`Prefer: wait=N`): the server answers as soon as a challenge exists, or with none after the wait.
   */
  getChallenge(input: GetChallengeInput = {}): Promise<SignetResult<PushChallenge | null>> {
    const { waitSeconds, signal } = input;
    if (waitSeconds !== undefined && !(Number.isFinite(waitSeconds) && waitSeconds >= 0)) {
      return Promise.resolve(failure(`waitSeconds must be a number of seconds >= 0, not ${String(waitSeconds)}.`, SdkErrorCode.invalidInput));
    }
    return this.withKey(async (key) => {
      const { http } = this.context;
      const query = publicKeyQuery(key);
      const headers: Record<string, string> = {};
      if (input.withCustomData) {
        const signing = await http.request(
          { method: "POST", path: `${this.basePath}/challenge/sign`, query, authorization: http.deviceAuthorization, signal },
          stringFields("message"),
        );
        if (signing.error !== undefined) return signing;
        headers["X-Authsignal-Signature"] = await key.sign(signing.data.message);
      }
      if (waitSeconds !== undefined) headers.Prefer = `wait=${Math.floor(waitSeconds)}`;
      return http.request(
        { method: "GET", path: `${this.basePath}/challenge`, query, authorization: http.deviceAuthorization, headers, signal },
        parsePushChallenge,
      );
    });
  }

  /**
   * Waits for a push challenge without FCM or APNs: a long poll that resolves as soon as a challenge
   * for this device exists, or with `{ data: null }` after `waitSeconds` (default 25; Signet caps it
   * at 30). Call it in a loop to keep listening; abort it with `signal` (it then resolves to
   * `{ errorCode: "aborted" }`). Same answer as {@link getChallenge}.
   */
  waitForChallenge(input: WaitForChallengeInput = {}): Promise<SignetResult<PushChallenge | null>> {
    return this.getChallenge({ ...input, waitSeconds: input.waitSeconds ?? DEFAULT_WAIT_SECONDS });
  }

  /**
   * Approves or denies a push challenge, signing its id with the push key.
   * `verificationCode` carries the user's pick when number matching is on; a missing or wrong code
   * fails the challenge at once (`isVerified: false`, no second try). On a denial, `denyReason:
   * "not_me"` reports fraud ("This wasn't me"), `"cancelled"` a plain no.
   */
  updateChallenge(input: UpdateChallengeInput): Promise<SignetResult<UpdateChallengeResult>> {
    return this.answerChallenge(input);
  }

  /**
   * Updates the push credential: a new `pushToken` and/or `resetExpiry` to restart its lifetime.
   * Asks the server for a message to sign (`POST …/push/sign`), then sends the signed update
   * (`PATCH /client/user-authenticators/push`).
   */
  updateCredential(input: UpdatePushCredentialInput = {}): Promise<SignetResult<UpdatedPushCredential>> {
    return this.withKey(async (key) => {
      const { http } = this.context;
      const signing = await http.request(
        { method: "POST", path: `${this.basePath}/sign`, query: publicKeyQuery(key), authorization: http.deviceAuthorization },
        stringFields("challengeId", "message"),
      );
      if (signing.error !== undefined) return signing;
      const { challengeId, message } = signing.data;
      return http.request(
        {
          method: "PATCH",
          path: this.basePath,
          authorization: http.deviceAuthorization,
          body: {
            challengeId,
            publicKey: key.publicKey,
            signature: await key.sign(message),
            pushToken: input.pushToken,
            resetExpiry: input.resetExpiry,
          },
        },
        parseUpdatedCredential,
      );
    });
  }
}
