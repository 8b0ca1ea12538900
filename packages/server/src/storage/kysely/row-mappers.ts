import type { Selectable } from "kysely";
import type {
  Action,
  ActionState,
  ApiSecret,
  Challenge,
  ChallengeState,
  Credential,
  DeviceNonce,
  NoncePurpose,
  SigningKey,
  Tenant,
  TenantSettings,
  User,
  VerificationMethod,
} from "../../domain/model.js";
import { DEFAULT_TENANT_SETTINGS } from "../../domain/model.js";
import type { Database } from "./database-schema.js";

type Row<T extends keyof Database> = Selectable<Database[T]>;

/** Drivers may return 64-bit integers as strings or bigints (pg does): read them as numbers. */
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v == null ? null : Number(v));
const json = <T>(text: string | null): T | null => (text == null ? null : (JSON.parse(text) as T));
export const toJson = (value: unknown): string | null => (value == null ? null : JSON.stringify(value));

export const tenantFromRow = (r: Row<"tenants">): Tenant => ({
  id: r.id,
  name: r.name,
  settings: { ...DEFAULT_TENANT_SETTINGS, ...(json<Partial<TenantSettings>>(r.settings_json) ?? {}) },
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
});

export const secretFromRow = (r: Row<"api_secrets">): ApiSecret => ({
  id: r.id,
  tenantId: r.tenant_id,
  hash: r.hash,
  sealed: r.sealed,
  createdAt: num(r.created_at),
  expiresAt: numOrNull(r.expires_at),
});

export const signingKeyFromRow = (r: Row<"signing_keys">): SigningKey => ({
  kid: r.kid,
  publicJwk: JSON.parse(r.public_jwk_json) as Record<string, unknown>,
  sealedPrivateJwk: r.sealed_private_jwk,
  createdAt: num(r.created_at),
  retiredAt: numOrNull(r.retired_at),
});

export const userFromRow = (r: Row<"users">): User => ({
  tenantId: r.tenant_id,
  userId: r.user_id,
  email: r.email,
  phoneNumber: r.phone_number,
  username: r.username,
  displayName: r.display_name,
  custom: json<Record<string, unknown>>(r.custom_json),
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
});

export const credentialFromRow = (r: Row<"credentials">): Credential => ({
  id: r.id,
  tenantId: r.tenant_id,
  userId: r.user_id,
  method: r.method as VerificationMethod,
  publicKey: r.public_key,
  deviceName: r.device_name,
  devicePlatform: r.device_platform,
  pushToken: r.push_token,
  createdAt: num(r.created_at),
  lastVerifiedAt: numOrNull(r.last_verified_at),
  expiresAt: numOrNull(r.expires_at),
});

export const credentialToRow = (c: Credential): Row<"credentials"> => ({
  id: c.id,
  tenant_id: c.tenantId,
  user_id: c.userId,
  method: c.method,
  public_key: c.publicKey,
  device_name: c.deviceName,
  device_platform: c.devicePlatform,
  push_token: c.pushToken,
  created_at: c.createdAt,
  last_verified_at: c.lastVerifiedAt,
  expires_at: c.expiresAt,
});

export const actionFromRow = (r: Row<"actions">): Action => ({
  id: r.id,
  tenantId: r.tenant_id,
  userId: r.user_id,
  actionCode: r.action_code,
  idempotencyKey: r.idempotency_key,
  state: r.state as ActionState,
  stateUpdatedAt: num(r.state_updated_at),
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
  verificationMethod: r.verification_method as VerificationMethod | null,
  verifiedByAuthenticatorId: r.verified_by_authenticator_id,
  ipAddress: r.ip_address,
  userAgent: r.user_agent,
  deviceId: r.device_id,
  redirectUrl: r.redirect_url,
  scope: r.scope,
  custom: json<Record<string, unknown>>(r.custom_json),
  validatedAt: numOrNull(r.validated_at),
  evaluation: json<Action["evaluation"]>(r.evaluation_json),
});

export const actionToRow = (a: Action): Row<"actions"> => ({
  id: a.id,
  tenant_id: a.tenantId,
  user_id: a.userId,
  action_code: a.actionCode,
  idempotency_key: a.idempotencyKey,
  state: a.state,
  state_updated_at: a.stateUpdatedAt,
  created_at: a.createdAt,
  updated_at: a.updatedAt,
  verification_method: a.verificationMethod,
  verified_by_authenticator_id: a.verifiedByAuthenticatorId,
  ip_address: a.ipAddress,
  user_agent: a.userAgent,
  device_id: a.deviceId,
  redirect_url: a.redirectUrl,
  scope: a.scope,
  custom_json: toJson(a.custom),
  validated_at: a.validatedAt,
  evaluation_json: toJson(a.evaluation),
});

export const challengeFromRow = (r: Row<"challenges">): Challenge => ({
  id: r.id,
  tenantId: r.tenant_id,
  method: r.method as VerificationMethod,
  userId: r.user_id,
  actionId: r.action_id,
  actionCode: r.action_code,
  targetCredentialId: r.target_credential_id,
  state: r.state as ChallengeState,
  createdAt: num(r.created_at),
  expiresAt: num(r.expires_at),
  answeredAt: numOrNull(r.answered_at),
  answeredByCredentialId: r.answered_by_credential_id,
  deviceCodeHash: r.device_code_hash,
  claimedByCredentialId: r.claimed_by_credential_id,
  claimedAt: numOrNull(r.claimed_at),
  ipAddress: r.ip_address,
  userAgent: r.user_agent,
  custom: json<Record<string, unknown>>(r.custom_json),
  verificationCode: r.verification_code,
  verificationChoices: json<string[]>(r.verification_choices_json),
  denyReason: r.deny_reason as Challenge["denyReason"],
});

export const challengeToRow = (c: Challenge): Row<"challenges"> => ({
  id: c.id,
  tenant_id: c.tenantId,
  method: c.method,
  user_id: c.userId,
  action_id: c.actionId,
  action_code: c.actionCode,
  target_credential_id: c.targetCredentialId,
  state: c.state,
  created_at: c.createdAt,
  expires_at: c.expiresAt,
  answered_at: c.answeredAt,
  answered_by_credential_id: c.answeredByCredentialId,
  device_code_hash: c.deviceCodeHash,
  claimed_by_credential_id: c.claimedByCredentialId,
  claimed_at: c.claimedAt,
  ip_address: c.ipAddress,
  user_agent: c.userAgent,
  custom_json: toJson(c.custom),
  verification_code: c.verificationCode,
  verification_choices_json: toJson(c.verificationChoices),
  deny_reason: c.denyReason,
});

export const nonceFromRow = (r: Row<"device_nonces">): DeviceNonce => ({
  id: r.id,
  tenantId: r.tenant_id,
  credentialId: r.credential_id,
  purpose: r.purpose as NoncePurpose,
  message: r.message,
  createdAt: num(r.created_at),
  expiresAt: num(r.expires_at),
  usedAt: numOrNull(r.used_at),
});
