import { loadDeviceKey, loadOrCreateDeviceKey } from "./device-key.js";
import type { DeviceKey } from "./device-key.js";
import { errorFromAnswer, isProtocolError } from "./http.js";
import type { HttpClient } from "./http.js";
import type { KeyAlias, KeyStore } from "./key-stores/key-store.js";
import { parseCredential, parseUpdateChallenge } from "./responses.js";
import { failure, guard, SdkErrorCode, success } from "./result.js";
import type { SignetResult } from "./result.js";
import { textToBase64 } from "./encoding.js";
import { timeBasedMessage } from "./signature/sign.js";
import type { AddPushCredentialInput, DeviceCredential, UpdateChallengeInput, UpdateChallengeResult } from "./types.js";

/** What every method's API needs: the HTTP client and the key store. */
export interface DeviceContext {
  http: HttpClient;
  keyStore: KeyStore;
}

/** Wire path segment of an authentication method; also the alias of its key. */
export type MethodPath = KeyAlias;

/**
 * Credential management shared by push, QR code and in-app: add, get and remove the credential
 * of one method, each method with its own key. Subclasses add the method's challenge calls.
 */
export abstract class CredentialApi {
  protected readonly context: DeviceContext;
  protected readonly method: MethodPath;
  /** `/client/user-authenticators/{method}` */
  protected readonly basePath: string;

  protected constructor(context: DeviceContext, method: MethodPath) {
    this.context = context;
    this.method = method;
    this.basePath = `/client/user-authenticators/${method}`;
  }

  /**
   * Enrols this device for the method: uses the method's local key (creating it if there is none)
   * and registers its public key with a track token that has the `add:authenticators` scope.
   */
  protected add(input: AddPushCredentialInput): Promise<SignetResult<DeviceCredential>> {
    return guard(async () => {
      const key = await loadOrCreateDeviceKey(this.context.keyStore, this.method);
      const { token, deviceName, devicePlatform, pushToken } = input;
      return this.context.http.request(
        {
          method: "POST",
          path: this.basePath,
          authorization: this.context.http.bearer(token),
          body: { publicKey: key.publicKey, deviceName, devicePlatform, pushToken },
        },
        parseCredential,
      );
    });
  }

  /**
   * The server's record of this device's credential for the method.
   * Fails with `no_credential` when there is no local key; with the server's code (404) when the
   * server does not know the key.
   */
  getCredential(): Promise<SignetResult<DeviceCredential>> {
    return this.withKey((key) =>
      this.context.http.request(
        {
          method: "GET",
          path: this.basePath,
          query: publicKeyQuery(key),
          authorization: this.context.http.deviceAuthorization,
        },
        parseCredential,
      ),
    );
  }

  /**
   * Removes this device's credential for the method: proves the key by signing the current
   * ten-minute time bucket, and deletes the local key once the server has removed the credential
   * (or answers 404: it no longer knows it). Resolves to `{ data: true }` when removed.
   */
  removeCredential(): Promise<SignetResult<boolean>> {
    return this.withKey(async (key) => {
      const signature = await key.sign(timeBasedMessage());
      const answer = await this.context.http.send({
        method: "POST",
        path: `${this.basePath}/remove`,
        authorization: this.context.http.deviceAuthorization,
        body: { publicKey: key.publicKey, signature },
      });
      if (!("status" in answer)) return answer;
      const removed = (answer.status >= 200 && answer.status <= 299) || (answer.status === 404 && isProtocolError(answer));
      if (!removed) return errorFromAnswer(answer);
      await this.context.keyStore.delete(this.method);
      return success(true);
    });
  }

  /**
   * Approves or denies a challenge: `POST {basePath}/challenge` with the challenge id signed.
   * Used by push and QR code. `verificationCode` and `denyReason` are sent only when given.
   */
  protected answerChallenge(input: UpdateChallengeInput): Promise<SignetResult<UpdateChallengeResult>> {
    return this.withKey(async (key) => {
      const { challengeId, approved, verificationCode, denyReason } = input;
      return this.context.http.request(
        {
          method: "POST",
          path: `${this.basePath}/challenge`,
          authorization: this.context.http.deviceAuthorization,
          body: {
            challengeId,
            publicKey: key.publicKey,
            approved,
            signature: await key.sign(challengeId),
            ...(verificationCode != null ? { verificationCode } : {}),
            ...(denyReason != null ? { denyReason } : {}),
          },
        },
        parseUpdateChallenge,
      );
    });
  }

  /** Runs `body` with the method's local key; `no_credential` when there is none; never throws. */
  protected withKey<T>(body: (key: DeviceKey) => Promise<SignetResult<T>>): Promise<SignetResult<T>> {
    return guard(async () => {
      const key = await loadDeviceKey(this.context.keyStore, this.method);
      if (!key) {
        return failure(`No ${this.method} credential on this device: call addCredential first.`, SdkErrorCode.noCredential);
      }
      return body(key);
    });
  }
}

/** `?publicKey=` value: base64 of the base64 public key (URL-encoded by the HTTP client). */
export function publicKeyQuery(key: DeviceKey): Record<string, string> {
  return { publicKey: textToBase64(key.publicKey) };
}
