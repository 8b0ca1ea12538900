import { request, type Call, type HttpConfig } from "./http.js";
import { Webhook } from "./webhook.js";
import type {
  ActionRequest,
  GetActionResponse,
  GetUserResponse,
  QueryUserActionsRequest,
  QueryUserActionsResponse,
  SignetOptions,
  TrackRequest,
  TrackResponse,
  UpdateActionRequest,
  UserActionState,
  UserAttributes,
  UserAuthenticator,
  ValidateChallengeRequest,
  ValidateChallengeResponse,
} from "./types.js";

const seg = encodeURIComponent;

/**
 * The server SDK: the official @authsignal/node method names and shapes for what Signet serves, on
 * `fetch`, with no dependencies. Failures throw `SignetError` (also exported as `AuthsignalError`).
 */
export class Signet {
  readonly webhook: Webhook;
  private readonly http: HttpConfig;

  constructor(options: SignetOptions) {
    if (!options.apiSecretKey || !options.apiUrl) throw new TypeError("apiSecretKey and apiUrl are required");
    this.http = {
      apiUrl: options.apiUrl,
      authorization: `Basic ${Buffer.from(`${options.apiSecretKey}:`).toString("base64")}`,
      retries: options.retries ?? 2,
      timeoutMs: options.timeoutMs ?? 10_000,
      fetch: options.fetch ?? globalThis.fetch,
    };
    this.webhook = new Webhook(options.apiSecretKey);
  }

  private call<T>(call: Call): Promise<T> {
    return request<T>(this.http, call);
  }

  /** Records an action for a user and returns its state and a short-lived token. */
  track({ userId, action, attributes = {} }: TrackRequest): Promise<TrackResponse> {
    return this.call({ method: "POST", path: `/users/${seg(userId)}/actions/${seg(action)}`, body: attributes, idempotent: attributes.idempotencyKey !== undefined });
  }

  getAction({ userId, action, idempotencyKey }: ActionRequest): Promise<GetActionResponse> {
    return this.call({ method: "GET", path: `/users/${seg(userId)}/actions/${seg(action)}/${seg(idempotencyKey)}` });
  }

  updateAction({ userId, action, idempotencyKey, attributes }: UpdateActionRequest): Promise<{ state: UserActionState }> {
    return this.call({ method: "PATCH", path: `/users/${seg(userId)}/actions/${seg(action)}/${seg(idempotencyKey)}`, body: attributes });
  }

  queryUserActions({ userId, fromDate, actionCodes = [], state }: QueryUserActionsRequest): Promise<QueryUserActionsResponse> {
    return this.call({ method: "GET", path: `/users/${seg(userId)}/actions`, query: { fromDate, codes: actionCodes.length ? actionCodes.join(",") : undefined, state } });
  }

  /** Checks a validation token; each is accepted once. Never retried. */
  async validateChallenge(input: ValidateChallengeRequest): Promise<ValidateChallengeResponse> {
    const { actionCode, ...rest } = await this.call<ValidateChallengeResponse & { actionCode?: string }>({ method: "POST", path: "/validate", body: input });
    return { ...rest, ...(actionCode !== undefined ? { action: actionCode } : {}) };
  }

  getUser({ userId }: { userId: string }): Promise<GetUserResponse> {
    return this.call({ method: "GET", path: `/users/${seg(userId)}` });
  }

  updateUser({ userId, attributes }: { userId: string; attributes: UserAttributes }): Promise<UserAttributes & { userId: string }> {
    return this.call({ method: "PATCH", path: `/users/${seg(userId)}`, body: attributes });
  }

  async deleteUser({ userId }: { userId: string }): Promise<void> {
    await this.call({ method: "DELETE", path: `/users/${seg(userId)}` });
  }

  getAuthenticators({ userId }: { userId: string }): Promise<UserAuthenticator[]> {
    return this.call({ method: "GET", path: `/users/${seg(userId)}/authenticators` });
  }

  async deleteAuthenticator({ userId, userAuthenticatorId }: { userId: string; userAuthenticatorId: string }): Promise<void> {
    await this.call({ method: "DELETE", path: `/users/${seg(userId)}/authenticators/${seg(userAuthenticatorId)}` });
  }
}
