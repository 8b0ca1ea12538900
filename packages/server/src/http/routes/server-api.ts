import { Type } from "typebox";
import type { App, RouteDeps } from "../route-context.js";
import { authenticateServer } from "../auth/authenticate.js";
import { track } from "../../domain/actions/track.js";
import { getAction, queryUserActions, updateAction } from "../../domain/actions/action-service.js";
import { validateToken } from "../../domain/actions/validate-token.js";
import { deleteAuthenticator, deleteUser, getUser, listAuthenticators, updateUser } from "../../domain/users/user-service.js";
import { ActionKeyParams, ActionParams, CustomData, OptionalText, UserParams } from "../schemas/common.js";

const TrackBody = Type.Object({
  idempotencyKey: OptionalText(),
  redirectUrl: OptionalText(2048),
  redirectToSettings: Type.Optional(Type.Boolean()),
  ipAddress: OptionalText(64),
  userAgent: OptionalText(1024),
  deviceId: OptionalText(),
  scope: OptionalText(),
  email: OptionalText(320),
  phoneNumber: OptionalText(32),
  username: OptionalText(),
  displayName: OptionalText(),
  custom: CustomData,
  locale: OptionalText(35),
});

const UserAttributesBody = Type.Object({
  email: Type.Optional(Type.Union([Type.String({ maxLength: 320 }), Type.Null()])),
  phoneNumber: Type.Optional(Type.Union([Type.String({ maxLength: 32 }), Type.Null()])),
  username: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
  displayName: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
  custom: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
});

/** The Server API (PROTOCOL.md §2): the customer backend, authenticated with the API secret key. */
export function serverApiRoutes(app: App, { core }: RouteDeps): void {
  const tags = ["server"];

  app.post("/users/:userId/actions/:action", { schema: { tags, params: ActionParams, body: Type.Optional(TrackBody) } }, async (request) => {
    const tenant = await authenticateServer(core, request);
    return track(core, tenant, request.params.userId, request.params.action, request.body ?? {}, { actor: "api", ipAddress: request.ip });
  });

  app.get("/users/:userId/actions/:action/:idempotencyKey", { schema: { tags, params: ActionKeyParams } }, async (request) => {
    const tenant = await authenticateServer(core, request);
    const { userId, action, idempotencyKey } = request.params;
    return getAction(core, tenant, userId, action, idempotencyKey);
  });

  app.patch(
    "/users/:userId/actions/:action/:idempotencyKey",
    { schema: { tags, params: ActionKeyParams, body: Type.Object({ state: Type.String() }) } },
    async (request) => {
      const tenant = await authenticateServer(core, request);
      const { userId, action, idempotencyKey } = request.params;
      return updateAction(core, tenant, userId, action, idempotencyKey, request.body.state);
    },
  );

  app.get(
    "/users/:userId/actions",
    {
      schema: {
        tags,
        params: UserParams,
        querystring: Type.Object({ fromDate: OptionalText(64), codes: OptionalText(4096), state: OptionalText(32) }),
      },
    },
    async (request) => {
      const tenant = await authenticateServer(core, request);
      return queryUserActions(core, tenant, request.params.userId, request.query);
    },
  );

  app.post(
    "/validate",
    { schema: { tags, body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 4096 }), action: OptionalText(64), userId: OptionalText() }) } },
    async (request) => {
      const tenant = await authenticateServer(core, request);
      return validateToken(core, tenant, request.body);
    },
  );

  app.get("/users/:userId", { schema: { tags, params: UserParams } }, async (request) => {
    const tenant = await authenticateServer(core, request);
    return getUser(core, tenant.id, request.params.userId);
  });

  app.patch("/users/:userId", { schema: { tags, params: UserParams, body: UserAttributesBody } }, async (request) => {
    const tenant = await authenticateServer(core, request);
    return updateUser(core, tenant.id, request.params.userId, request.body);
  });

  app.delete("/users/:userId", { schema: { tags, params: UserParams } }, async (request) => {
    const tenant = await authenticateServer(core, request);
    await deleteUser(core, tenant.id, request.params.userId);
    return { success: true };
  });

  app.get("/users/:userId/authenticators", { schema: { tags, params: UserParams } }, async (request) => {
    const tenant = await authenticateServer(core, request);
    return listAuthenticators(core, tenant.id, request.params.userId);
  });

  app.delete(
    "/users/:userId/authenticators/:userAuthenticatorId",
    { schema: { tags, params: Type.Object({ userId: Type.String({ minLength: 1, maxLength: 255 }), userAuthenticatorId: Type.String({ minLength: 1, maxLength: 64 }) }) } },
    async (request) => {
      const tenant = await authenticateServer(core, request);
      await deleteAuthenticator(core, tenant.id, request.params.userId, request.params.userAuthenticatorId);
      return { success: true };
    },
  );
}
