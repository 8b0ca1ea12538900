import Fastify, { type FastifyBaseLogger } from "fastify";
import swagger from "@fastify/swagger";
import websocket from "@fastify/websocket";
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Core } from "../domain/core.js";
import type { Config } from "../config.js";
import { redactUrl, type Logger } from "../logger.js";
import { handleError, sendError } from "./error-response.js";
import { acceptJsonBodies } from "./json-body.js";
import { refuseNul } from "./nul-guard.js";
import { CorsPolicy } from "./cors-policy.js";
import { serverApiRoutes } from "./routes/server-api.js";
import { clientApiRoutes } from "./routes/client-api.js";
import { deviceApiRoutes } from "./routes/device-api.js";
import { adminApiRoutes } from "./routes/admin-api.js";
import { systemRoutes } from "./routes/system-routes.js";
import { hostedPageRoutes } from "./routes/hosted-page.js";
import { challengeEventRoutes } from "./routes/challenge-events.js";
import { hostedApiRoutes } from "./routes/hosted-api.js";
import { challengeSocketRoutes, selectProtocol } from "./routes/challenge-socket.js";
import type { App } from "./route-context.js";
import { Waiters } from "../realtime/waiters.js";
import type { InProcessEventBus } from "../events/in-process-event-bus.js";
import { WebhookDispatcher } from "../delivery/webhooks/webhook-dispatcher.js";
import { PeriodicJob } from "../jobs/periodic-job.js";
import { expireDueChallenges } from "../domain/challenges/expire-challenges.js";
import { adminWebhookRoutes } from "./routes/admin-webhooks.js";
import { authenticateAdmin } from "./auth/admin-auth.js";
import { adminPushProviderRoutes } from "./routes/admin-push-providers.js";
import { AdminSessions } from "./auth/admin-sessions.js";
import { adminSessionRoutes } from "./routes/admin-session.js";
import { adminUserRoutes } from "./routes/admin-users.js";
import { portalRoutes } from "./routes/portal.js";
import cookie from "@fastify/cookie";
import { adminAuditRoutes } from "./routes/admin-audit.js";
import { adminActionRoutes } from "./routes/admin-actions.js";

/** Assembles the HTTP service around a domain core and the bus its real-time channels listen on. */
export async function buildApp(core: Core, bus: InProcessEventBus, config: Config, logger: Logger): Promise<App> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: 64 * 1024,
    trustProxy: config.trustProxy,
    routerOptions: { maxParamLength: 512 },
    return503OnClosing: true,
    forceCloseConnections: "idle",
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => sendError(reply, "not_found", `No route ${request.method} ${redactUrl(request.url)}.`));
  acceptJsonBodies(app);
  // A POST or PATCH with no body at all is read as an empty JSON object.
  app.addHook("preValidation", async (request) => {
    if (request.body === undefined && ["POST", "PATCH", "PUT"].includes(request.method)) request.body = {};
  });
  app.addHook("preHandler", async (request) => refuseNul({ body: request.body, params: request.params, query: request.query }));
  app.addHook("onSend", async (_request, reply) => {
    reply.header("x-content-type-options", "nosniff");
    if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
  });

  await app.register(swagger, {
    openapi: { info: { title: "Signet API", version: "0.1.0" }, servers: [{ url: config.publicUrl }] },
  });
  await new CorsPolicy(config.corsOrigins, core.store.tenants).register(app);
  await app.register(websocket, { options: { maxPayload: 64 * 1024, handleProtocols: selectProtocol } });

  const waiters = new Waiters(bus, config.maxWaitersPerTenant);
  const { webhooks } = config;
  const dispatcher = new WebhookDispatcher(
    core,
    {
      retry: { baseMs: webhooks.retryBaseMs, maxDelayMs: 3 * 3_600_000, maxAgeMs: webhooks.maxAgeMs },
      timeoutMs: webhooks.timeoutMs,
      allowPrivate: webhooks.allowPrivate,
      batchSize: 50,
    },
    app.log,
  );
  const jobs = [
    new PeriodicJob("webhook-delivery", webhooks.pollMs, () => dispatcher.tick(), app.log),
    new PeriodicJob("challenge-expiry", 1_000, () => expireDueChallenges(core), app.log),
  ];
  app.addHook("onReady", async () => jobs.forEach((job) => job.start()));
  app.addHook("onClose", async () => {
    await Promise.all(jobs.map((job) => job.stop()));
  });
  // Before the server stops accepting: wake long-polls, end streams, so that draining can finish.
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
    waiters.closeAll();
  });
  // Responses finished while shutting down close their connection, so draining does not wait for
  // keep-alive timeouts.
  app.addHook("onSend", async (_request, reply) => {
    if (closing) reply.header("connection", "close");
  });
  const deps = { core, config, waiters };
  systemRoutes(app, deps);
  await hostedPageRoutes(app, deps);
  challengeSocketRoutes(app, deps);
  await app.register(
    async (v1) => {
      serverApiRoutes(v1 as App, deps);
      clientApiRoutes(v1 as App, deps);
      deviceApiRoutes(v1 as App, deps);
      challengeEventRoutes(v1 as App, deps);
      hostedApiRoutes(v1 as App, deps);
    },
    { prefix: "/v1" },
  );
  const adminToken = config.adminToken;
  if (adminToken) {
    // Without SIGNET_ADMIN_TOKEN the admin API and the portal do not exist (404).
    const sessions = new AdminSessions();
    await app.register(cookie);
    adminSessionRoutes(app, deps, adminToken, sessions);
    await portalRoutes(app);
    await app.register(
      async (admin) => {
        admin.addHook("onRequest", async (request) => authenticateAdmin(adminToken, sessions, request));
        adminUserRoutes(admin as App, deps);
        adminApiRoutes(admin as App, deps);
        adminWebhookRoutes(admin as App, deps);
        adminPushProviderRoutes(admin as App, deps);
        adminAuditRoutes(admin as App, deps);
        adminActionRoutes(admin as App, deps);
      },
      { prefix: "/admin/v1" },
    );
  }
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  return app;
}
