import type { FastifyInstance, FastifyRequest } from "fastify";
import cors from "@fastify/cors";
import type { TenantRepository } from "../domain/ports.js";

const CACHE_MS = 5_000;
const CORS_PATHS = /^\/v1\/(client\/|\.well-known\/)/;

/**
 * Which browser origins may call the client and device APIs. With SIGNET_CORS_ORIGINS unset, any
 * origin may (the APIs are authorised by tokens, not cookies), and a tenant that lists
 * allowedOrigins is still protected by the per-request origin check. With it set, only those
 * origins and the origins tenants list are allowed. The server and admin APIs never answer CORS.
 */
export class CorsPolicy {
  private tenantOrigins: Set<string> = new Set();
  private loadedAt = 0;

  constructor(
    private readonly configured: string[] | undefined,
    private readonly tenants: TenantRepository,
  ) {}

  async allows(origin: string): Promise<boolean> {
    if (this.configured === undefined || this.configured.includes(origin)) return true;
    if (Date.now() - this.loadedAt > CACHE_MS) {
      const tenants = await this.tenants.list();
      this.tenantOrigins = new Set(tenants.flatMap((t) => t.settings.allowedOrigins));
      this.loadedAt = Date.now();
    }
    return this.tenantOrigins.has(origin);
  }

  async register(app: FastifyInstance): Promise<void> {
    await app.register(cors, {
      hook: "onRequest",
      delegator: (request: FastifyRequest, callback) => {
        const origin = request.headers.origin;
        if (!origin || !CORS_PATHS.test(request.url)) return callback(null, { origin: false });
        this.allows(origin).then(
          (allowed) =>
            callback(null, {
              origin: allowed ? origin : false,
              methods: ["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
              allowedHeaders: ["Authorization", "Content-Type", "Prefer", "X-Authsignal-Version", "X-Authsignal-SDK", "X-Authsignal-Tenant-ID", "X-Authsignal-Signature"],
              exposedHeaders: ["Preference-Applied"],
              maxAge: 600,
            }),
          (error: Error) => callback(error, { origin: false }),
        );
      },
    });
  }
}
