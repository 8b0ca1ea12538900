import { SignJWT, jwtVerify, exportJWK, generateKeyPair, importJWK, errors as joseErrors, type JWK, type CryptoKey } from "jose";
import { SignetError } from "../errors.js";
import { newId } from "../ids.js";
import { TOKEN_SCOPES, type TokenScope } from "../model.js";
import type { Clock } from "../clock.js";
import type { SigningKeyRepository } from "../ports.js";
import type { SecretBox } from "../crypto/secret-box.js";
import { TOKEN_ISSUER, type TokenClaims, type TokenPayload } from "./token-claims.js";

interface LoadedKey {
  kid: string;
  publicJwk: JWK;
  publicKey: CryptoKey;
  privateKey: CryptoKey;
}

const ALG = "ES256";
const SEAL_CONTEXT = "signing-key";

/**
 * Issues and checks Signet's JWTs (ES256). The key pair is generated on first use, stored sealed with
 * the master key, and its public half is published as a JWKS.
 */
export class TokenService {
  private lastRefresh = 0;

  private constructor(
    private keys: LoadedKey[],
    private readonly clock: Clock,
    private readonly repo: SigningKeyRepository,
    private readonly box: SecretBox,
  ) {}

  static async load(repo: SigningKeyRepository, box: SecretBox, clock: Clock): Promise<TokenService> {
    const stored = await repo.listActive();
    if (stored.length === 0) await TokenService.generate(repo, box, clock);
    return new TokenService(await TokenService.loadKeys(repo, box), clock, repo, box);
  }

  private static async generate(repo: SigningKeyRepository, box: SecretBox, clock: Clock): Promise<void> {
    const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true });
    const kid = newId();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: "sig" };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ALG };
    await repo.insert({ kid, publicJwk, sealedPrivateJwk: box.seal(JSON.stringify(privateJwk), SEAL_CONTEXT), createdAt: clock.now(), retiredAt: null });
  }

  private static async loadKeys(repo: SigningKeyRepository, box: SecretBox): Promise<LoadedKey[]> {
    const keys: LoadedKey[] = [];
    for (const key of await repo.listActive()) {
      const privateJwk = JSON.parse(box.open(key.sealedPrivateJwk, SEAL_CONTEXT)) as JWK;
      keys.push({
        kid: key.kid,
        publicJwk: key.publicJwk as JWK,
        publicKey: (await importJWK(key.publicJwk as JWK, ALG)) as CryptoKey,
        privateKey: (await importJWK(privateJwk, ALG)) as CryptoKey,
      });
    }
    return keys;
  }

  /** The public keys, as a JSON Web Key Set. */
  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((k) => k.publicJwk) };
  }

  async issue(claims: Omit<TokenClaims, "tokenId" | "issuedAt" | "expiresAt">, ttlSeconds: number): Promise<{ token: string; claims: TokenClaims }> {
    const signer = this.keys[0];
    if (!signer) throw new SignetError("internal_error", "no signing key");
    const issuedAt = Math.floor(this.clock.now() / 1000);
    const full: TokenClaims = { ...claims, tokenId: newId(), issuedAt, expiresAt: issuedAt + ttlSeconds };
    const token = await new SignJWT({
      typ: full.kind,
      aid: full.actionId,
      act: full.actionCode,
      idk: full.idempotencyKey,
      scope: full.scopes.join(" "),
    })
      .setProtectedHeader({ alg: ALG, kid: signer.kid, typ: "JWT" })
      .setJti(full.tokenId)
      .setSubject(full.userId)
      .setAudience(full.tenantId)
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt(issuedAt)
      .setExpirationTime(full.expiresAt)
      .sign(signer.privateKey);
    return { token, claims: full };
  }

  /** Verifies signature, issuer and expiry; throws `expired_token` or `invalid_token`. */
  async verify(token: string): Promise<TokenClaims> {
    if (typeof token !== "string" || token.length === 0 || token.length > 4096) {
      throw new SignetError("invalid_token", "The token is missing or malformed.");
    }
    let payload: TokenPayload;
    try {
      const result = await jwtVerify(token, async (header) => this.publicKeyFor(header.kid ?? ""), {
        algorithms: [ALG],
        issuer: TOKEN_ISSUER,
        currentDate: new Date(this.clock.now()),
        clockTolerance: 0,
      });
      payload = result.payload as unknown as TokenPayload;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new SignetError("expired_token", "The token has expired.");
      throw new SignetError("invalid_token", "The token is invalid.");
    }
    return toClaims(payload);
  }

  /**
   * The public key for a kid. An unknown kid may be another node's key (nodes that started together
   * on an empty database each made one): reload from storage, at most once a second.
   */
  private async publicKeyFor(kid: string): Promise<CryptoKey> {
    let key = this.keys.find((k) => k.kid === kid);
    if (!key && this.clock.now() - this.lastRefresh > 1000) {
      this.lastRefresh = this.clock.now();
      this.keys = await TokenService.loadKeys(this.repo, this.box);
      key = this.keys.find((k) => k.kid === kid);
    }
    if (!key) throw new SignetError("invalid_token", "The token was signed by an unknown key.");
    return key.publicKey;
  }
}

function toClaims(p: TokenPayload): TokenClaims {
  const scopes = typeof p.scope === "string" ? p.scope.split(" ").filter(Boolean) : [];
  const known = scopes.every((s): s is TokenScope => (TOKEN_SCOPES as readonly string[]).includes(s));
  const strings = [p.jti, p.aud, p.sub, p.aid, p.act, p.idk].every((v) => typeof v === "string" && v.length > 0);
  if (!strings || !known || (p.typ !== "track" && p.typ !== "validation")) {
    throw new SignetError("invalid_token", "The token is invalid.");
  }
  return {
    kind: p.typ,
    tokenId: p.jti,
    tenantId: p.aud,
    userId: p.sub,
    actionId: p.aid,
    actionCode: p.act,
    idempotencyKey: p.idk,
    scopes: scopes as TokenScope[],
    issuedAt: p.iat,
    expiresAt: p.exp,
  };
}
