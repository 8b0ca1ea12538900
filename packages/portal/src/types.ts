/** The shapes the admin API returns (only what the portal reads). */

export type NumberMatching = "off" | "type" | "choices";

export interface TenantSettings {
  challengeTtlSeconds: number;
  qrChallengeTtlSeconds: number;
  tokenTtlSeconds: number;
  credentialTtlSeconds: number | null;
  allowedOrigins: string[];
  webhookUrl: string | null;
  numberMatching: NumberMatching;
  pushLimitCount: number;
  pushLimitWindowSeconds: number;
  fraudCoolingSeconds: number;
  denialBackoffBaseSeconds: number;
  brandColor: string | null;
  logoUrl: string | null;
  enrolmentLinkTemplate: string;
}

export interface Tenant extends TenantSettings {
  tenantId: string;
  name: string;
  apiUrl: string;
  createdAt: string;
  updatedAt: string;
}

export interface CreatedTenant {
  tenantId: string;
  name: string;
  apiSecretKey: string;
  apiUrl: string;
}

export interface HourBucket {
  hour: string;
  approved: number;
  denied: number;
  expired: number;
  superseded: number;
  pending: number;
}

export interface Stats {
  hours: HourBucket[];
  approvalLatencyMs: { count: number; p50: number | null; p95: number | null; p99: number | null };
}

export interface WebhookEndpoint {
  endpointId: string;
  url: string;
  eventTypes: string[] | null;
  isDefault: boolean;
  createdAt: string;
}

export interface DeliveryAttempt {
  attempt: number;
  at: string;
  statusCode?: number;
  error?: string;
  durationMs?: number;
}

export interface Delivery {
  deliveryId: string;
  eventId: string;
  eventType: string;
  url: string;
  state: "pending" | "delivered" | "dead";
  attempts: number;
  nextAttemptAt?: string;
  lastStatusCode?: number;
  lastError?: string;
  createdAt: string;
  attemptLog: DeliveryAttempt[];
}

export interface PushProvider {
  kind: "apns" | "fcm" | "webpush";
  updatedAt: string;
  [detail: string]: unknown;
}

export type Outcome = "ALLOW" | "CHALLENGE" | "REVIEW" | "BLOCK";

export interface Leaf {
  field: string;
  op: string;
  value: unknown;
  timeZone?: string;
  windowMinutes?: number;
}
export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | Leaf;

export interface Rule {
  ruleId?: string;
  name: string;
  description?: string;
  outcome: Outcome;
  condition: Condition;
}

export interface ActionConfig {
  defaultOutcome: Outcome;
  numberMatching?: NumberMatching;
  rules: Rule[];
}

export interface StoredActionConfig extends ActionConfig {
  actionCode: string;
  updatedAt: string;
}

export interface DryRunResult {
  outcome: Outcome;
  state: string;
  ruleIds: string[];
  matchedRule?: { ruleId: string; name: string; description?: string; outcome: Outcome };
  facts: Record<string, unknown>;
}

export interface UserSummary {
  userId: string;
  email?: string;
  username?: string;
  displayName?: string;
  createdAt: string;
}

export interface Authenticator {
  userAuthenticatorId: string;
  verificationMethod: string;
  createdAt: string;
  lastVerifiedAt?: string;
  displayName?: string;
  devicePlatform?: string;
  expiresAt?: string;
  hasPushToken?: boolean;
}

export interface TimelineEntry {
  actionCode: string;
  idempotencyKey: string;
  state: string;
  createdAt: string;
  stateUpdatedAt: string;
  verificationMethod?: string;
  ipAddress?: string;
  userAgent?: string;
  ruleIds?: string[];
}

export interface AuditEvent {
  id?: string;
  at: string;
  type: string;
  actor: string;
  userId?: string;
  ipAddress?: string;
  details?: Record<string, unknown>;
}

export interface UserDetail {
  user: UserSummary & { custom?: Record<string, unknown> };
  authenticators: Authenticator[];
  timeline: TimelineEntry[];
  audit: AuditEvent[];
}
