import type { App, RouteDeps } from "../route-context.js";

/** Health and the public signing keys (JWKS) with which anyone can check a Signet token. */
export function systemRoutes(app: App, { core }: RouteDeps): void {
  app.get("/health", { schema: { hide: true } }, async () => ({ status: "ok" }));
  const jwks = async () => core.tokens.jwks();
  app.get("/.well-known/jwks.json", { schema: { hide: true } }, jwks);
  app.get("/v1/.well-known/jwks.json", { schema: { tags: ["system"] } }, jwks);
}
