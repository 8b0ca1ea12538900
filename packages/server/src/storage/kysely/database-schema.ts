/** Table shapes as stored. Times are integer milliseconds; JSON is stored as text. */
export interface TenantsTable {
  id: string;
  name: string;
  settings_json: string;
  created_at: number;
  updated_at: number;
}

export interface ApiSecretsTable {
  id: string;
  tenant_id: string;
  hash: string;
  sealed: string;
  created_at: number;
  expires_at: number | null;
}

export interface SigningKeysTable {
  kid: string;
  public_jwk_json: string;
  sealed_private_jwk: string;
  created_at: number;
  retired_at: number | null;
}

export interface UsersTable {
  tenant_id: string;
  user_id: string;
  email: string | null;
  phone_number: string | null;
  username: string | null;
  display_name: string | null;
  custom_json: string | null;
  created_at: number;
  updated_at: number;
}

export interface CredentialsTable {
  id: string;
  tenant_id: string;
  user_id: string;
  method: string;
  public_key: string;
  device_name: string | null;
  device_platform: string | null;
  push_token: string | null;
  created_at: number;
  last_verified_at: number | null;
  expires_at: number | null;
}

export interface ActionsTable {
  id: string;
  tenant_id: string;
  user_id: string;
  action_code: string;
  idempotency_key: string;
  state: string;
  state_updated_at: number;
  created_at: number;
  updated_at: number;
  verification_method: string | null;
  verified_by_authenticator_id: string | null;
  ip_address: string | null;
  user_agent: string | null;
  device_id: string | null;
  redirect_url: string | null;
  scope: string;
  custom_json: string | null;
  validated_at: number | null;
  evaluation_json: string | null;
}

export interface ChallengesTable {
  id: string;
  tenant_id: string;
  method: string;
  user_id: string | null;
  action_id: string | null;
  action_code: string | null;
  target_credential_id: string | null;
  state: string;
  created_at: number;
  expires_at: number;
  answered_at: number | null;
  answered_by_credential_id: string | null;
  device_code_hash: string | null;
  claimed_by_credential_id: string | null;
  claimed_at: number | null;
  ip_address: string | null;
  user_agent: string | null;
  custom_json: string | null;
  verification_code: string | null;
  verification_choices_json: string | null;
  deny_reason: string | null;
}

export interface DeviceNoncesTable {
  id: string;
  tenant_id: string;
  credential_id: string;
  purpose: string;
  message: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface OutboxEventsTable {
  id: string;
  tenant_id: string;
  type: string;
  data_json: string;
  created_at: number;
}

export interface WebhookEndpointsTable {
  id: string;
  tenant_id: string;
  url: string;
  event_types_json: string | null;
  is_default: number;
  created_at: number;
}

export interface WebhookDeliveriesTable {
  id: string;
  tenant_id: string;
  event_id: string;
  endpoint_id: string;
  url: string;
  state: string;
  attempts: number;
  next_attempt_at: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookAttemptsTable {
  delivery_id: string;
  attempt: number;
  at: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface PushProvidersTable {
  tenant_id: string;
  kind: string;
  sealed_config: string;
  updated_at: number;
}

export interface AuditEventsTable {
  id: string;
  tenant_id: string;
  at: number;
  type: string;
  actor: string;
  user_id: string | null;
  ip_address: string | null;
  details_json: string | null;
}

export interface ActionConfigsTable {
  tenant_id: string;
  action_code: string;
  config_json: string;
  updated_at: number;
}

export interface Database {
  tenants: TenantsTable;
  api_secrets: ApiSecretsTable;
  signing_keys: SigningKeysTable;
  users: UsersTable;
  credentials: CredentialsTable;
  actions: ActionsTable;
  challenges: ChallengesTable;
  device_nonces: DeviceNoncesTable;
  outbox_events: OutboxEventsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  push_providers: PushProvidersTable;
  audit_events: AuditEventsTable;
  action_configs: ActionConfigsTable;
}
