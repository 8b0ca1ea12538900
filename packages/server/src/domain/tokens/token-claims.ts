import type { TokenScope } from "../model.js";

/**
 * What a Signet token says. `track` tokens come from track and authorise the browser and the phone
 * for one user and action; `validation` tokens prove a completed challenge to the customer backend.
 */
export type TokenKind = "track" | "validation";

export interface TokenClaims {
  kind: TokenKind;
  tokenId: string;
  tenantId: string;
  userId: string;
  actionId: string;
  actionCode: string;
  idempotencyKey: string;
  scopes: TokenScope[];
  issuedAt: number;
  expiresAt: number;
}

/** The JWT payload a token carries; short claim names keep URLs that carry tokens short. */
export interface TokenPayload {
  typ: TokenKind;
  jti: string;
  aud: string;
  sub: string;
  aid: string;
  act: string;
  idk: string;
  scope: string;
  iat: number;
  exp: number;
  iss: string;
}

export const TOKEN_ISSUER = "signet";
