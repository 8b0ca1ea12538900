import type { FastifyRequest } from "fastify";
import { SignetError } from "../../domain/errors.js";
import { constantTimeEqual } from "../../domain/crypto/api-secret.js";
import { parseAuthorization } from "./authorization-header.js";

/** Admin API: `Authorization: Bearer <SIGNET_ADMIN_TOKEN>`, compared in constant time. */
export function authenticateAdmin(adminToken: string, request: FastifyRequest): void {
  const auth = parseAuthorization(request.headers.authorization);
  if (auth?.scheme !== "bearer" || !constantTimeEqual(auth.token, adminToken)) {
    throw new SignetError("invalid_credentials", "The admin token is missing or wrong.");
  }
}
