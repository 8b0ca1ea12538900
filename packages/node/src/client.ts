import { request, segment, type Call, type HttpConfig } from "./http.js";
import { DEFAULT_RETRIES } from "./retry.js";
import { Webhook } from "./webhook.js";
import type {
  ActionAttributes,
  DeleteAuthenticatorRequest,
  DeleteUserRequest,
  GetActionRequest,
  GetActionResponse,
  GetAuthenticatorsRequest,
  GetUserRequest,
  GetUserResponse,
  QueryUserActionsRequest,
  QueryUserActionsResponse,
  SignetOptions,
  TrackRequest,
  TrackResponse,
  UpdateActionRequest,
  UpdateUserRequest,
  UpdateUserResponse,
  UserAuthenticator,
  ValidateChallengeRequest,
  ValidateChallengeResponse,
} from "./types.js";

export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Signet's server SDK, for the customer backend: the official `@authsignal/node` method names and
 * shapes for what Signet serves, on `fetch`, with no dependencies. Every failure rejects with a
 * `SignetError` (also exported as `AuthsignalError`). Calls that are safe to repeat are retried
 * after transient failures (see retry.ts); path segments are URL-encoded.
 */
export class Signet {
  /** The API base URL, without a trailing slash. */
  readonly apiUrl: string;
  /** Verifies webhook signatures with this tenant's API secret key. */
  readonly webhook: Webhook;
  readonly #http: HttpConfig;

  constructor(options: SignetOptions) {
    const { apiSecretKey, apiUrl, retries = DEFAULT_RETRIES, timeoutMs = DEFAULT_TIMEOUT_MS } = options ?? ({} as SignetOptions);
    if (typeof apiSecretKey !== "string" || apiSecretKey === "") throw new TypeError("apiSecretKey is required");
    if (typeof apiUrl !== "string" || !/^https?:\/\/[^/]/i.test(apiUrl)) throw new TypeError("apiUrl must be an http(s) URL such as https://signet.example.com/v1");
    if (!Number.isInteger(retries) || retries < 0) throw new TypeError("retries must be a whole number ≥ 0");
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError("timeoutMs must be a positive number");
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== "function") throw new TypeError("no fetch: use Node ≥ 20 or pass options.fetch");
    this.apiUrl = apiUrl.replace(/\/+$/, "");
    this.#http = {
      apiUrl: this.apiUrl,
      authorization: `Basic ${Buffer.from(`${apiSecretKey}:`, "utf8").toString("base64")}`,
      retries,
      timeoutMs,
      fetch: fetchImpl,
    };
    this.webhook = new Webhook(apiSecretKey);
  }

  #call<T>(call: Call): Promise<T> {
    return request<T>(this.#http, call);
  }

  /**
   * Records an action for a user (`POST /users/{userId}/actions/{action}`) and returns its state,
   * the hosted page `url` and a short-lived `token` for the browser or app. With
   * `attributes.idempotencyKey` the call is idempotent (a repeat answers with the same action, and
   * a fresh token) and is therefore retried after transient failures; without one it is not.
   */
  async track({ userId, action, attributes = {} }: TrackRequest): Promise<TrackResponse> {
    return this.#call({
      method: "POST",
      path: `/users/${segment("userId", userId)}/actions/${segment("action", action)}`,
      body: attributes,
      idempotent: typeof attributes.idempotencyKey === "string" && attributes.idempotencyKey !== "",
    });
  }

  /** One action's state (`GET /users/{userId}/actions/{action}/{idempotencyKey}`); 404 `not_found` when unknown. */
  async getAction({ userId, action, idempotencyKey }: GetActionRequest): Promise<GetActionResponse> {
    return this.#call({ method: "GET", path: actionPath(userId, action, idempotencyKey) });
  }

  /**
   * Sets an action's state, e.g. `REVIEW_SUCCEEDED` after a manual review
   * (`PATCH /users/{userId}/actions/{action}/{idempotencyKey}`). Never retried.
   */
  async updateAction({ userId, action, idempotencyKey, attributes }: UpdateActionRequest): Promise<ActionAttributes> {
    return this.#call({ method: "PATCH", path: actionPath(userId, action, idempotencyKey), body: attributes });
  }

  /**
   * A user's actions (`GET /users/{userId}/actions`), newest first, optionally only those created
   * from `fromDate` (ISO 8601), with one of `actionCodes`, or in `state`.
   */
  async queryUserActions({ userId, fromDate, actionCodes = [], state }: QueryUserActionsRequest): Promise<QueryUserActionsResponse> {
    return this.#call({
      method: "GET",
      path: `/users/${segment("userId", userId)}/actions`,
      query: { fromDate: fromDate || undefined, codes: actionCodes.length > 0 ? actionCodes.join(",") : undefined, state: state || undefined },
    });
  }

  /**
   * Checks a validation token (`POST /validate`). A token is valid once: a second call answers
   * `isValid: false`. With `action` or `userId`, a token issued for another action or user is not
   * valid. The wire's `actionCode` is returned as `action`, as the official SDK does. Never retried.
   */
  async validateChallenge(request: ValidateChallengeRequest): Promise<ValidateChallengeResponse> {
    const { actionCode, ...rest } = await this.#call<Omit<ValidateChallengeResponse, "action"> & { actionCode?: string }>({
      method: "POST",
      path: "/validate",
      body: request,
    });
    return { ...(actionCode !== undefined ? { action: actionCode } : {}), ...rest };
  }

  /** A user's attributes and enrolment (`GET /users/{userId}`); an unknown user is simply not enrolled. */
  async getUser({ userId }: GetUserRequest): Promise<GetUserResponse> {
    return this.#call({ method: "GET", path: `/users/${segment("userId", userId)}` });
  }

  /** Sets a user's attributes (`PATCH /users/{userId}`); `null` clears one. Never retried. */
  async updateUser({ userId, attributes }: UpdateUserRequest): Promise<UpdateUserResponse> {
    return this.#call({ method: "PATCH", path: `/users/${segment("userId", userId)}`, body: attributes });
  }

  /** Deletes a user with all their authenticators, actions and challenges (`DELETE /users/{userId}`). */
  async deleteUser({ userId }: DeleteUserRequest): Promise<void> {
    await this.#call({ method: "DELETE", path: `/users/${segment("userId", userId)}` });
  }

  /** A user's enrolled authenticators (`GET /users/{userId}/authenticators`). */
  async getAuthenticators({ userId }: GetAuthenticatorsRequest): Promise<UserAuthenticator[]> {
    return this.#call({ method: "GET", path: `/users/${segment("userId", userId)}/authenticators` });
  }

  /**
   * Removes one authenticator (`DELETE /users/{userId}/authenticators/{userAuthenticatorId}`);
   * 404 `credential_not_found` when the user has no such authenticator (unless an earlier attempt
   * of this same call removed it and only its answer was lost).
   */
  async deleteAuthenticator({ userId, userAuthenticatorId }: DeleteAuthenticatorRequest): Promise<void> {
    await this.#call({
      method: "DELETE",
      path: `/users/${segment("userId", userId)}/authenticators/${segment("userAuthenticatorId", userAuthenticatorId)}`,
    });
  }
}

const actionPath = (userId: string, action: string, idempotencyKey: string) =>
  `/users/${segment("userId", userId)}/actions/${segment("action", action)}/${segment("idempotencyKey", idempotencyKey)}`;
