import type { FastifyInstance } from "fastify";

/**
 * JSON bodies, where an empty body counts as `{}`: some SDKs send Content-Type: application/json
 * with no body on POSTs that take no input.
 */
export function acceptJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser(["application/json"]);
  app.addContentTypeParser(/^application\/(.+\+)?json(;.*)?$/i, { parseAs: "string" }, (_request, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text.trim() === "") return done(null, {});
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      const error = Object.assign(new SyntaxError("The body is not valid JSON."), { statusCode: 400 });
      done(error, undefined);
    }
  });
}
