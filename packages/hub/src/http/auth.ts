import { createHash, timingSafeEqual } from 'node:crypto';
import { ROLES, type Role } from '@teleecho/sdk';
import { EMBED_TOKEN_AUDIENCE, MAX_TOKEN_TTL_SECONDS, parseApiKey } from '@teleecho/sdk/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt, errors as joseErrors, jwtVerify } from 'jose';
import type { Principal, UserPrincipal } from '../domain/principal.js';
import type { ApiKeyRecord, Storage } from '../storage/storage.js';
import { HubError } from './problem.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; set by the auth hook on every non-public route. */
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Route needs no token. */
    public?: boolean;
  }
}

/** Issuer of tokens signed with the hub's own secret (`teleecho token`). */
export const HUB_ISSUER = 'teleecho-hub';

const KEY_CACHE_MS = 30_000;
/** How far in the future a token's `iat` may be (clocks of host backends drift a little). */
const CLOCK_SKEW_MS = 60_000;
/** Longest text per embed token claim (ids as the routes take them; `sub` leaves room for LTI's `lti:<platform>:<sub>`). */
const CLAIM_MAX_LENGTH: Record<string, number> = { sub: 400, name: 400, prg: 100, ses: 100, case: 100 };
const TOKEN_CACHE_MAX = 10_000;

/** Hex sha256 of an API key's secret part, as stored. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

const invalid = (detail: string): HubError => new HubError(401, 'token_invalid', detail);

/** Verifies bearer credentials: secret API keys and embed tokens. Caches key lookups briefly. */
export class Authenticator {
  private readonly keys = new Map<string, { record: ApiKeyRecord; at: number }>();
  private origins: { value: Set<string>; at: number } | undefined;
  /** Verified embed tokens → principal, until min(exp, 30 s); saves a signature check per request. */
  private readonly tokens = new Map<string, { principal: UserPrincipal; until: number }>();

  constructor(
    private readonly storage: Storage,
    private readonly hubKey: Uint8Array,
  ) {}

  /** An API key by id (cached for 30 s; unknown ids are not cached). */
  async apiKey(id: string): Promise<ApiKeyRecord | undefined> {
    const cached = this.keys.get(id);
    if (cached && Date.now() - cached.at < KEY_CACHE_MS) return cached.record;
    const record = await this.storage.apiKeys.get(id);
    if (record) this.keys.set(id, { record, at: Date.now() });
    return record;
  }

  /** Union of the origins allowed by all live API keys (cached for 30 s). */
  async allowedOrigins(): Promise<Set<string>> {
    if (this.origins && Date.now() - this.origins.at < KEY_CACHE_MS) return this.origins.value;
    const value = new Set<string>();
    for (const key of await this.storage.apiKeys.list()) {
      if (!key.revokedAt) for (const origin of key.allowedOrigins) value.add(origin);
    }
    this.origins = { value, at: Date.now() };
    return value;
  }

  /** Forgets cached keys (after a key is created or revoked in this process). */
  invalidate(): void {
    this.keys.clear();
    this.tokens.clear();
    this.origins = undefined;
  }

  /** Turns an Authorization header into a principal, or throws a 401 problem. */
  async authenticate(header: string | undefined, origin: string | undefined): Promise<Principal> {
    if (!header) throw new HubError(401, 'unauthorized', 'Send Authorization: Bearer <embed token or API key>');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new HubError(401, 'unauthorized', 'Authorization must be "Bearer <token>"');
    const credential = match[1]!;
    if (credential.startsWith('teleecho_sk_')) return this.fromApiKey(credential, origin);
    return this.fromEmbedToken(credential, origin);
  }

  private checkOrigin(key: ApiKeyRecord, origin: string | undefined): void {
    if (!origin || key.allowedOrigins.includes('*') || key.allowedOrigins.includes(origin)) return;
    throw new HubError(403, 'origin_not_allowed', `origin ${origin} is not allowed for this API key`);
  }

  private async fromApiKey(credential: string, origin: string | undefined): Promise<Principal> {
    let keyId: string;
    let secret: string;
    try {
      ({ keyId, secret } = parseApiKey(credential));
    } catch {
      throw invalid('malformed API key');
    }
    const key = await this.apiKey(keyId);
    const expected = Buffer.from(key?.secretHash ?? '0'.repeat(64), 'hex');
    const actual = Buffer.from(hashSecret(secret), 'hex');
    if (!key || key.revokedAt || !timingSafeEqual(expected, actual)) throw invalid('unknown or revoked API key');
    this.checkOrigin(key, origin);
    return { kind: 'apiKey', keyId };
  }

  private async fromEmbedToken(token: string, origin: string | undefined): Promise<UserPrincipal> {
    const cached = this.tokens.get(token);
    if (cached) {
      if (Date.now() < cached.until) {
        if (cached.principal.issuer !== HUB_ISSUER) {
          const key = await this.apiKey(cached.principal.issuer);
          if (key) this.checkOrigin(key, origin);
        }
        return cached.principal;
      }
      this.tokens.delete(token);
    }
    const principal = await this.verifyEmbedToken(token, origin);
    if (this.tokens.size >= TOKEN_CACHE_MAX) this.tokens.clear();
    this.tokens.set(token, { principal, until: Math.min(principal.exp * 1000, Date.now() + KEY_CACHE_MS) });
    return principal;
  }

  private async verifyEmbedToken(token: string, origin: string | undefined): Promise<UserPrincipal> {
    let issuer: unknown;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw invalid('malformed token');
    }
    if (typeof issuer !== 'string') throw invalid('token has no issuer');
    let secretKey: Uint8Array;
    if (issuer === HUB_ISSUER) secretKey = this.hubKey;
    else {
      const key = await this.apiKey(issuer);
      if (!key || key.revokedAt) throw invalid('unknown token issuer');
      this.checkOrigin(key, origin);
      secretKey = key.tokenKey;
    }
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, secretKey, {
        algorithms: ['HS256'],
        audience: EMBED_TOKEN_AUDIENCE,
        issuer,
        requiredClaims: ['exp', 'iat', 'sub'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new HubError(401, 'token_expired', 'the token has expired');
      if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud') {
        throw invalid(`wrong audience: tokens must have aud "${EMBED_TOKEN_AUDIENCE}"`);
      }
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) throw invalid('bad token signature');
      throw invalid('invalid token');
    }
    const exp = claims.exp as number;
    const iat = claims.iat as number;
    if (exp - iat > MAX_TOKEN_TTL_SECONDS) throw invalid('token lifetime is longer than 2 hours');
    if (iat * 1000 > Date.now() + CLOCK_SKEW_MS) throw invalid('token was issued in the future (iat)');
    if (!ROLES.includes(claims.role as Role)) throw invalid('token has an unknown role');
    if (typeof claims.prg !== 'string' || !claims.prg) throw invalid('token has no programme (prg)');
    for (const [claim, max] of Object.entries(CLAIM_MAX_LENGTH)) {
      const value = claims[claim];
      if (value !== undefined && String(value).length > max) {
        throw invalid(`token claim ${claim} is longer than ${max} characters`);
      }
    }
    const principal: UserPrincipal = {
      kind: 'user',
      sub: String(claims.sub),
      name: typeof claims.name === 'string' && claims.name ? claims.name : String(claims.sub),
      role: claims.role as Role,
      programId: claims.prg,
      issuer,
      exp,
    };
    if (typeof claims.ses === 'string') principal.sessionId = claims.ses;
    if (typeof claims.case === 'string') principal.caseId = claims.case;
    return principal;
  }
}

/** Authenticates every non-public route in an onRequest hook (before the body is read). */
export function installAuth(app: FastifyInstance, auth: Authenticator): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    if (request.method === 'OPTIONS') return;
    if (!request.routeOptions.url || request.routeOptions.config.public) return;
    const origin = request.headers.origin;
    request.principal = await auth.authenticate(request.headers.authorization, origin);
  });
}

/** The request's principal (routes behind the auth hook always have one). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new HubError(401, 'unauthorized', 'missing credentials');
  return request.principal;
}
