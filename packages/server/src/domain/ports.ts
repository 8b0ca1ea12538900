/**
 * What the domain needs from the world outside it. Storage implementations (SQLite now, PostgreSQL
 * later) implement `Store`; the domain never sees SQL.
 */
import type {
  StoredActionConfig,
  AuditEvent,
  DenyReason,
  DeliveryResult,
  PushProviderConfig,
  PushProviderKind,
  DeliveryAttempt,
  DeliveryState,
  OutboxEvent,
  WebhookDelivery,
  WebhookEndpoint,
  Action,
  ActionState,
  ApiSecret,
  Challenge,
  Credential,
  DeviceNonce,
  SigningKey,
  Tenant,
  User,
  UserAttributes,
  VerificationMethod,
} from "./model.js";

export interface TenantRepository {
  insert(tenant: Tenant): Promise<void>;
  get(id: string): Promise<Tenant | undefined>;
  list(): Promise<Tenant[]>;
  update(tenant: Tenant): Promise<void>;
  count(): Promise<number>;
}

export interface SecretRepository {
  insert(secret: ApiSecret): Promise<void>;
  get(id: string): Promise<ApiSecret | undefined>;
  /** Secrets of a tenant that are valid at `now`, newest first. */
  listValid(tenantId: string, now: number): Promise<ApiSecret[]>;
  /** Makes every secret of the tenant that outlives `expiresAt` (or never expires) expire then. */
  expireAllAfter(tenantId: string, expiresAt: number): Promise<void>;
}

export interface SigningKeyRepository {
  insert(key: SigningKey): Promise<void>;
  listActive(): Promise<SigningKey[]>;
}

export interface UserRepository {
  get(tenantId: string, userId: string): Promise<User | undefined>;
  /** Creates the user when absent; sets the attributes given (undefined leaves a field as it is). */
  upsert(tenantId: string, userId: string, attributes: UserAttributes, now: number): Promise<User>;
  delete(tenantId: string, userId: string): Promise<boolean>;
  /** Users whose id, email or username starts with `query` (all when empty), by id. */
  search(tenantId: string, query: string, limit: number, after?: string): Promise<User[]>;
}

export interface CredentialRepository {
  insert(credential: Credential): Promise<void>;
  get(tenantId: string, id: string): Promise<Credential | undefined>;
  findByPublicKey(tenantId: string, method: VerificationMethod, publicKey: string): Promise<Credential | undefined>;
  listForUser(tenantId: string, userId: string, method?: VerificationMethod): Promise<Credential[]>;
  delete(tenantId: string, id: string): Promise<boolean>;
  deleteForUser(tenantId: string, userId: string): Promise<number>;
  update(credential: Credential): Promise<void>;
}

export interface ActionQuery {
  fromDate?: number;
  codes?: string[];
  state?: ActionState;
  limit: number;
}

export interface ActionRepository {
  insert(action: Action): Promise<void>;
  get(id: string): Promise<Action | undefined>;
  findByIdempotencyKey(tenantId: string, idempotencyKey: string): Promise<Action | undefined>;
  query(tenantId: string, userId: string, query: ActionQuery): Promise<Action[]>;
  /** Sets the state and verification fields; returns the updated action. */
  setState(
    id: string,
    change: { state: ActionState; at: number; verificationMethod?: VerificationMethod; verifiedByAuthenticatorId?: string },
  ): Promise<Action | undefined>;
  /** How many `actionCode` actions the user tracked since `since`. */
  countSince(tenantId: string, userId: string, actionCode: string, since: number): Promise<number>;
  /** Whether the user has tracked any action with this device id before. */
  hasDevice(tenantId: string, userId: string, deviceId: string): Promise<boolean>;
  /** Atomically marks a succeeded action validated; undefined when it already was (or is not succeeded). */
  markValidated(id: string, at: number): Promise<Action | undefined>;
  deleteForUser(tenantId: string, userId: string): Promise<number>;
}

export interface ChallengeRepository {
  insert(challenge: Challenge): Promise<void>;
  get(tenantId: string, id: string): Promise<Challenge | undefined>;
  /** A challenge by id alone, for callers that prove access with a secret of the challenge itself. */
  findById(id: string): Promise<Challenge | undefined>;
  /** The newest pending, unexpired challenge a credential may answer. */
  findPendingFor(credential: Credential, now: number): Promise<Challenge | undefined>;
  /**
   * The answer-once primitive: moves an unexpired challenge from `from` (pending; for QR, claimed
   * by this very credential) to approved or denied in one conditional update. Returns the updated
   * challenge, or undefined when another answer won or it expired.
   */
  answer(
    tenantId: string,
    id: string,
    change: {
      state: "approved" | "denied";
      from: "pending" | "claimed";
      at: number;
      credentialId: string;
      userId: string;
      actionId: string;
      actionCode: string;
      denyReason?: DenyReason;
    },
  ): Promise<Challenge | undefined>;
  /** Marks every pending challenge of the user for the method superseded; returns them. */
  supersedePending(tenantId: string, userId: string, method: VerificationMethod, at: number): Promise<Challenge[]>;
  /** When the user's challenges of the method created since `since` were created, oldest first (at most `limit`). */
  createdTimesSince(tenantId: string, userId: string, method: VerificationMethod, since: number, limit: number): Promise<number[]>;
  /** The user's most recent answered (approved or denied) challenges of the method, newest first. */
  recentAnswered(tenantId: string, userId: string, method: VerificationMethod, limit: number): Promise<Challenge[]>;
  /** Challenges created since `since` (at most `limit`), for statistics. */
  listCreatedSince(tenantId: string, since: number, limit: number): Promise<Challenge[]>;
  /** Marks pending or claimed challenges past their expiry expired; returns them. */
  expireDue(now: number, limit: number): Promise<Challenge[]>;
  /**
   * QR: a device claims a pending, unexpired challenge, once. A challenge bound to a user can be
   * claimed only by that user's device. Undefined when that does not hold (any more).
   */
  claim(tenantId: string, id: string, change: { at: number; credentialId: string; userId: string }): Promise<Challenge | undefined>;
  deleteForUser(tenantId: string, userId: string): Promise<number>;
}

export interface NonceRepository {
  insert(nonce: DeviceNonce): Promise<void>;
  /** Atomically consumes an unused, unexpired nonce; undefined when there is none. */
  consume(tenantId: string, credentialId: string, id: string, now: number): Promise<DeviceNonce | undefined>;
  /** Unused, unexpired nonces of a credential for a purpose, newest first. */
  listUsable(tenantId: string, credentialId: string, purpose: DeviceNonce["purpose"], now: number): Promise<DeviceNonce[]>;
  deleteExpired(now: number): Promise<number>;
}

export interface OutboxRepository {
  /** Records an event and one pending delivery for each endpoint of the tenant that wants it. */
  enqueue(event: OutboxEvent): Promise<void>;
}

export interface WebhookEndpointRepository {
  list(tenantId: string): Promise<WebhookEndpoint[]>;
  insert(endpoint: WebhookEndpoint): Promise<void>;
  delete(tenantId: string, id: string): Promise<boolean>;
  /** Sets (or with null removes) the tenant's default endpoint, which receives every event. */
  setDefault(tenantId: string, url: string | null, now: number): Promise<void>;
}

export interface DueDelivery {
  delivery: WebhookDelivery;
  event: OutboxEvent;
}

export interface DeliveryQuery {
  state?: DeliveryState;
  eventId?: string;
  limit: number;
  /** Only deliveries created before this one (pagination, newest first). */
  before?: string;
}

export interface WebhookDeliveryRepository {
  /**
   * Leases up to `limit` due pending deliveries: their next attempt moves to `leaseUntil`, so that
   * no other worker takes them meanwhile, and a worker that dies leaves them to be retried.
   */
  claimDue(now: number, leaseUntil: number, limit: number): Promise<DueDelivery[]>;
  /** Logs an attempt and sets the delivery's new state and next attempt. */
  recordAttempt(attempt: DeliveryAttempt, next: { state: DeliveryState; nextAttemptAt: number }): Promise<void>;
  list(tenantId: string, query: DeliveryQuery): Promise<Array<WebhookDelivery & { eventType: string; attemptLog: DeliveryAttempt[] }>>;
  /** Queues a delivery again now (manual redelivery), whatever its state. */
  redeliver(tenantId: string, id: string, now: number): Promise<WebhookDelivery | undefined>;
}

export interface PushProviderRepository {
  list(tenantId: string): Promise<PushProviderConfig[]>;
  put(config: PushProviderConfig): Promise<void>;
  delete(tenantId: string, kind: PushProviderKind): Promise<boolean>;
}

/** Sends push notifications for a challenge to a user's devices (APNs, FCM, Web Push). */
export interface PushNotifier {
  notify(tenant: Tenant, credentials: Credential[], message: { challengeId: string; expiresAt: number }): Promise<DeliveryResult[]>;
}

export interface AuditQuery {
  type?: string;
  userId?: string;
  from?: number;
  to?: number;
  limit: number;
  /** Only events before this one (pagination, newest first). */
  before?: string;
}

export interface AuditRepository {
  append(event: AuditEvent): Promise<void>;
  query(tenantId: string, query: AuditQuery): Promise<AuditEvent[]>;
}

export interface ActionConfigRepository {
  get(tenantId: string, actionCode: string): Promise<StoredActionConfig | undefined>;
  list(tenantId: string): Promise<StoredActionConfig[]>;
  put(config: StoredActionConfig): Promise<void>;
}

export interface Repositories {
  /**
   * Serialises, until the transaction ends, every transaction that locks the same user (a row lock on
   * PostgreSQL; a no-op on SQLite, whose transactions are serialised anyway). Checks across rows,
   * such as "at most one pending push per user", rely on it.
   */
  lockUser(tenantId: string, userId: string): Promise<void>;
  tenants: TenantRepository;
  secrets: SecretRepository;
  signingKeys: SigningKeyRepository;
  users: UserRepository;
  credentials: CredentialRepository;
  actions: ActionRepository;
  challenges: ChallengeRepository;
  nonces: NonceRepository;
  outbox: OutboxRepository;
  webhookEndpoints: WebhookEndpointRepository;
  webhookDeliveries: WebhookDeliveryRepository;
  pushProviders: PushProviderRepository;
  audit: AuditRepository;
  actionConfigs: ActionConfigRepository;
}

export interface Store extends Repositories {
  /** Runs `work` in one database transaction: all of its writes land, or none. */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * A challenge was created or changed state. Events carry ids only: a waiter re-reads the challenge,
 * whose row stays the truth (so a bus between nodes, e.g. PostgreSQL NOTIFY, carries little).
 */
export interface ChallengeEvent {
  tenantId: string;
  challengeId: string;
  userId: string | null;
  method: VerificationMethod;
}

export interface EventBus {
  publish(event: ChallengeEvent): void;
}
