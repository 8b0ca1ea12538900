import type { FastifyBaseLogger } from "fastify";
import type { Credential, DeliveryResult, PushProviderConfig, PushProviderKind, Tenant } from "../../domain/model.js";
import type { PushNotifier, Store } from "../../domain/ports.js";
import type { SecretBox } from "../../domain/crypto/secret-box.js";
import type { PushProvider, PushTarget } from "./push-provider.js";
import { createPushProvider } from "./provider-config.js";

/** The generic title every notification carries: no user data passes through a push service. */
export const PUSH_TITLE = "Sign-in request";

const KIND_BY_PLATFORM: Record<PushTarget["platform"], PushProviderKind> = { ios: "apns", android: "fcm", web: "webpush" };

export const pushConfigContext = (tenantId: string, kind: PushProviderKind) => `push-provider:${tenantId}:${kind}`;

/** The device platform a credential was enrolled with, as the push services know it. */
export function platformOf(credential: Credential): PushTarget["platform"] | undefined {
  const platform = (credential.devicePlatform ?? "").toLowerCase();
  if (platform === "ios" || platform === "ipados") return "ios";
  if (platform === "android") return "android";
  if (platform === "web" || platform === "browser" || platform === "pwa") return "web";
  return undefined;
}

/**
 * Delivers a push challenge to each of the user's devices through the tenant's provider for the
 * device's platform. A failure is reported in the result, never thrown: delivery is best effort and
 * the device can always fetch the challenge itself. Tokens the service calls dead are forgotten.
 */
export class TenantPushNotifier implements PushNotifier {
  private readonly providers = new Map<string, { updatedAt: number; provider: PushProvider }>();

  constructor(
    private readonly store: Store,
    private readonly box: SecretBox,
    private readonly log: FastifyBaseLogger,
  ) {}

  async notify(tenant: Tenant, credentials: Credential[], message: { challengeId: string; expiresAt: number }): Promise<DeliveryResult[]> {
    const configs = await this.store.pushProviders.list(tenant.id);
    return Promise.all(credentials.map((credential) => this.notifyOne(credential, configs, message)));
  }

  private async notifyOne(credential: Credential, configs: PushProviderConfig[], message: { challengeId: string; expiresAt: number }): Promise<DeliveryResult> {
    const userAuthenticatorId = credential.id;
    if (!credential.pushToken) return { userAuthenticatorId, errorCode: "no_push_token" };
    const platform = platformOf(credential);
    if (!platform) return { userAuthenticatorId, errorCode: "unknown_device_platform" };
    const config = configs.find((c) => c.kind === KIND_BY_PLATFORM[platform]);
    if (!config) return { userAuthenticatorId, errorCode: "provider_not_configured" };
    try {
      const result = await this.providerFor(config).send({ pushToken: credential.pushToken, platform }, { ...message, title: PUSH_TITLE });
      if (result.ok) return { userAuthenticatorId };
      if (result.tokenDead) await this.store.credentials.update({ ...credential, pushToken: null });
      this.log.warn({ userAuthenticatorId, kind: config.kind, errorCode: result.errorCode, detail: result.detail }, "push delivery failed");
      return { userAuthenticatorId, errorCode: result.errorCode };
    } catch (error) {
      this.log.error({ err: error, userAuthenticatorId, kind: config.kind }, "push provider failed");
      return { userAuthenticatorId, errorCode: "provider_unavailable" };
    }
  }

  private providerFor(config: PushProviderConfig): PushProvider {
    const key = `${config.tenantId}:${config.kind}`;
    const cached = this.providers.get(key);
    if (cached && cached.updatedAt === config.updatedAt) return cached.provider;
    void cached?.provider.close();
    const provider = createPushProvider(config.kind, JSON.parse(this.box.open(config.sealedConfig, pushConfigContext(config.tenantId, config.kind))));
    this.providers.set(key, { updatedAt: config.updatedAt, provider });
    return provider;
  }

  async close(): Promise<void> {
    await Promise.all([...this.providers.values()].map((p) => p.provider.close()));
    this.providers.clear();
  }
}
