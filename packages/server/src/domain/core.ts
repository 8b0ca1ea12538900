import type { Clock } from "./clock.js";
import type { EventBus, PushNotifier, Store } from "./ports.js";
import type { SecretBox } from "./crypto/secret-box.js";
import type { TokenService } from "./tokens/token-service.js";

/** Everything a domain operation needs, handed in by whoever assembles the service. */
export interface Core {
  store: Store;
  clock: Clock;
  tokens: TokenService;
  events: EventBus;
  /** Direct push delivery; absent where nothing is delivered (e.g. the CLI). */
  push?: PushNotifier;
  box: SecretBox;
  /** External origin of the service, e.g. "https://auth.example.com" (no trailing slash). */
  publicUrl: string;
}

/** The API base URL the SDKs are pointed at. */
export const apiUrlOf = (core: Pick<Core, "publicUrl">): string => `${core.publicUrl}/v1`;
