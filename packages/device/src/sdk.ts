import { HttpClient } from "./http.js";
import type { FetchLike } from "./http.js";
import { InApp } from "./in-app.js";
import type { KeyStore } from "./key-stores/key-store.js";
import { MemoryKeyStore } from "./key-stores/memory-key-store.js";
import { Push } from "./push.js";
import { QrCode } from "./qr-code.js";

export interface SignetDeviceOptions {
  /** The tenant's id. */
  tenantId: string;
  /** API base URL, ending in `/v1`, e.g. `http://127.0.0.1:4000/v1`. */
  baseUrl: string;
  /** Where keys live; default a {@link MemoryKeyStore} (keys lost on exit). */
  keyStore?: KeyStore;
  /** `fetch` implementation; default the global `fetch`. */
  fetch?: FetchLike;
}

/**
 * The phone side of Signet (and of the Authsignal device protocol): one instance per tenant,
 * with `push`, `inApp` and `qrCode`. Every method resolves to `{ data }` or `{ error, errorCode }`.
 */
export class SignetDevice {
  /** Push authentication (key alias `"push"`). */
  readonly push: Push;
  /** In-app / trusted-device verification (key alias `"in-app"`). */
  readonly inApp: InApp;
  /** QR-code authentication (key alias `"qr-code"`). */
  readonly qrCode: QrCode;

  constructor(options: SignetDeviceOptions) {
    const http = new HttpClient({
      tenantId: options.tenantId,
      baseUrl: options.baseUrl,
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    });
    const context = { http, keyStore: options.keyStore ?? new MemoryKeyStore() };
    this.push = new Push(context);
    this.inApp = new InApp(context);
    this.qrCode = new QrCode(context);
  }
}
