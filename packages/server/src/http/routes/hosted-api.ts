import { Type } from "typebox";
import type { App, RouteDeps } from "../route-context.js";
import { authenticateBearer } from "../auth/authenticate.js";
import { hostedEnrolment, hostedSession, qrSvg } from "../../domain/hosted/hosted-session.js";
import { requireTrackToken } from "../../domain/challenges/bound-challenge.js";

/**
 * What the hosted (pre-built) page calls besides the Client API, with the track token from its URL:
 * the session it renders, enrolment for a user with no device, and QR codes as SVG.
 */
export function hostedApiRoutes(app: App, { core }: RouteDeps): void {
  const tags = ["client"];

  app.get("/client/session", { schema: { tags } }, async (request) => {
    const { tenant, claims } = await authenticateBearer(core, request);
    return hostedSession(core, tenant, claims);
  });

  app.post("/client/enrolment", { schema: { tags, body: Type.Object({}) } }, async (request) => {
    const { tenant, claims } = await authenticateBearer(core, request);
    return hostedEnrolment(core, tenant, claims, { actor: "browser", ipAddress: request.ip });
  });

  app.post("/client/qr-svg", { schema: { tags, body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 1024 }) }) } }, async (request) => {
    const { claims } = await authenticateBearer(core, request);
    requireTrackToken(claims);
    return { svg: await qrSvg(request.body.text) };
  });
}
