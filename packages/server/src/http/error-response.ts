import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { SignetError, type ErrorCode } from "../domain/errors.js";

/** The protocol's error shape. `error` and `errorCode` both carry the code (the SDKs read either). */
export function sendError(reply: FastifyReply, code: ErrorCode, description: string, status = new SignetError(code, description).status) {
  return reply.code(status).type("application/json").send({ error: code, errorCode: code, errorDescription: description });
}

const FASTIFY_CODES: Record<string, [ErrorCode, string?]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ["unsupported_media_type", "Send JSON with Content-Type: application/json."],
  FST_ERR_CTP_BODY_TOO_LARGE: ["payload_too_large", "The request body is too large."],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ["invalid_request", "Content-Length does not match the body."],
  FST_ERR_CTP_EMPTY_JSON_BODY: ["invalid_request", "The JSON body is empty."],
  FST_ERR_CTP_INVALID_JSON_BODY: ["invalid_request", "The body is not valid JSON."],
};

/** Maps every error onto the protocol's shape; only a genuine fault becomes a 500, and it is logged. */
export function handleError(error: FastifyError | SignetError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof SignetError) return sendError(reply, error.code, error.message);
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return sendError(reply, "invalid_request", fastifyError.message.replace(/^body\//, "").replace(/^querystring\//, "query "));
  }
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return sendError(reply, mapped[0], mapped[1] ?? fastifyError.message);
  if (error instanceof SyntaxError || fastifyError.statusCode === 400) {
    return sendError(reply, "invalid_request", "The request is malformed: " + error.message);
  }
  const status = fastifyError.statusCode;
  if (status === 413) return sendError(reply, "payload_too_large", "The request body is too large.");
  if (status === 415) return sendError(reply, "unsupported_media_type", "Send JSON with Content-Type: application/json.");
  if (status === 429) return sendError(reply, "too_many_requests", error.message);
  if (status && status >= 400 && status < 500) return sendError(reply, "invalid_request", error.message, status);
  request.log.error({ err: error }, "unexpected error");
  return sendError(reply, "internal_error", "Something went wrong inside Signet.");
}
