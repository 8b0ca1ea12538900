import type { FastifyRequest } from "fastify";
import { SignetError } from "../../domain/errors.js";
import type { Core } from "../../domain/core.js";
import type { Tenant } from "../../domain/model.js";
import type { TokenClaims } from "../../domain/tokens/token-claims.js";
import { authenticateSecret } from "../../domain/tenants/tenant-service.js";
import { parseAuthorization } from "./authorization-header.js";

const missing = () => new SignetError("invalid_credentials", "Authorization header missing or malformed.");

/** Server API: `Basic base64("<apiSecretKey>:")`. */
export async function authenticateServer(core: Core, request: FastifyRequest): Promise<Tenant> {
  const auth = parseAuthorization(request.headers.authorization);
  if (auth?.scheme !== "basic" || auth.user === "") throw missing();
  return authenticateSecret(core, auth.user);
}

/** Browser or device tenant credentials: `Basic base64(encodeURIComponent(tenantId))` or `Basic base64("<tenantId>:")`. */
async function tenantFromBasic(core: Core, user: string): Promise<Tenant> {
  let tenantId: string;
  try {
    tenantId = decodeURIComponent(user);
  } catch {
    throw missing();
  }
  const tenant = tenantId.length > 0 && tenantId.length <= 64 ? await core.store.tenants.get(tenantId) : undefined;
  if (!tenant) throw new SignetError("invalid_credentials", "Unknown tenant.");
  return tenant;
}

async function tenantFromToken(core: Core, token: string): Promise<{ tenant: Tenant; claims: TokenClaims }> {
  const claims = await core.tokens.verify(token);
  const tenant = await core.store.tenants.get(claims.tenantId);
  if (!tenant) throw new SignetError("invalid_token", "The token's tenant no longer exists.");
  return { tenant, claims };
}

/**
 * When a tenant restricts origins, a browser call from any other origin is refused — except from
 * Signet's own origin (its hosted page; browsers send Origin on same-origin POSTs too).
 */
export function checkOrigin(core: Core, tenant: Tenant, request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin === new URL(core.publicUrl).origin) return;
  if (origin && tenant.settings.allowedOrigins.length > 0 && !tenant.settings.allowedOrigins.includes(origin)) {
    throw new SignetError("origin_not_allowed", `Origin ${origin} is not allowed for this tenant.`);
  }
}

export interface ClientAuth {
  tenant: Tenant;
  claims: TokenClaims | undefined;
}

/** Client and device APIs: a Bearer track token, or (where `allowTenant`) tenant Basic credentials. */
export async function authenticateClient(core: Core, request: FastifyRequest, allow: { token: boolean; tenant: boolean }): Promise<ClientAuth> {
  const auth = parseAuthorization(request.headers.authorization);
  let result: ClientAuth;
  if (auth?.scheme === "bearer" && allow.token) {
    result = await tenantFromToken(core, auth.token);
  } else if (auth?.scheme === "basic" && allow.tenant) {
    result = { tenant: await tenantFromBasic(core, auth.user), claims: undefined };
  } else if (auth && allow.token && !allow.tenant) {
    throw new SignetError("invalid_credentials", "A Bearer token from track is required.");
  } else if (auth && allow.tenant && !allow.token) {
    throw new SignetError("invalid_credentials", "Basic tenant credentials are required.");
  } else {
    throw missing();
  }
  checkOrigin(core, result.tenant, request);
  return result;
}

export async function authenticateBearer(core: Core, request: FastifyRequest): Promise<{ tenant: Tenant; claims: TokenClaims }> {
  const { tenant, claims } = await authenticateClient(core, request, { token: true, tenant: false });
  return { tenant, claims: claims as TokenClaims };
}

export async function authenticateDevice(core: Core, request: FastifyRequest): Promise<Tenant> {
  return (await authenticateClient(core, request, { token: false, tenant: true })).tenant;
}
