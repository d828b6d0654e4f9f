import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { EchoError } from '../errors.js';
import type { Role } from '../types.js';
import { ROLES } from '../types.js';

/** The `aud` of every embed token. */
export const EMBED_TOKEN_AUDIENCE = 'teleecho-hub';
/** Default embed-token lifetime: 15 minutes. */
export const DEFAULT_TOKEN_TTL_SECONDS = 900;
/** Longest embed-token lifetime the hub accepts: 2 hours. */
export const MAX_TOKEN_TTL_SECONDS = 7200;

const API_KEY_PATTERN = /^teleecho_sk_([a-z0-9]{12})\.([A-Za-z0-9_-]{32,})$/;

/** A secret API key split into its public id and its secret part. */
export interface ParsedApiKey {
  /** Public key id; becomes the `iss` of tokens minted with this key. */
  keyId: string;
  /** The secret part. */
  secret: string;
}

/**
 * Splits a secret API key (`teleecho_sk_<id>.<secret>`) into id and secret.
 * @throws `EchoError` with code `invalid_api_key` when the string is not an API key.
 */
export function parseApiKey(apiKey: string): ParsedApiKey {
  const match = API_KEY_PATTERN.exec(apiKey.trim());
  if (!match)
    throw new EchoError('invalid_api_key', 'Not a teleECHO secret API key (expected teleecho_sk_<id>.<secret>)');
  return { keyId: match[1]!, secret: match[2]! };
}

/**
 * Derives the HS256 key that signs embed tokens for an API key. The hub stores only this
 * derived key (and a hash of the secret), never the secret itself.
 */
export function deriveTokenSigningKey(secret: string): Uint8Array {
  return new Uint8Array(createHmac('sha256', secret).update('teleecho-embed-token-v1').digest());
}

/** Options of {@link createEmbedToken}. */
export interface CreateEmbedTokenOptions {
  /** The host's secret API key (from `teleecho api-key create`). Keep it on the server. */
  apiKey: string;
  /** The host's user: a stable id and a display name. */
  user: { id: string; name: string };
  role: Role;
  programId: string;
  /** Narrow the token to one session. */
  sessionId?: string;
  /** Narrow the token to one case. */
  caseId?: string;
  /** Lifetime in seconds; default 900 (15 min), at most 7200 (2 h). */
  ttlSeconds?: number;
  /** Override "now" (seconds since epoch); for tests. */
  now?: number;
}

/**
 * Mints a short-lived, scoped embed token offline, on the host's backend, without a call
 * to the hub. Hand the token to the browser; never the API key.
 *
 * @example
 * ```ts
 * import { createEmbedToken } from '@teleecho/sdk/server';
 * const token = await createEmbedToken({
 *   apiKey: process.env.TELEECHO_API_KEY!,
 *   user: { id: 'dr-42', name: 'Dr. Ana Lima' },
 *   role: 'presenter',
 *   programId: 'prg_…',
 * });
 * ```
 */
export async function createEmbedToken(options: CreateEmbedTokenOptions): Promise<string> {
  const { keyId, secret } = parseApiKey(options.apiKey);
  return signEmbedToken({ ...options, issuer: keyId, key: deriveTokenSigningKey(secret) });
}

/** Low-level signer shared by {@link createEmbedToken} and the hub. */
export async function signEmbedToken(
  options: Omit<CreateEmbedTokenOptions, 'apiKey'> & { issuer: string; key: Uint8Array },
): Promise<string> {
  const ttl = options.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_TTL_SECONDS) {
    throw new EchoError('invalid_options', `ttlSeconds must be an integer from 1 to ${MAX_TOKEN_TTL_SECONDS}`);
  }
  if (!ROLES.includes(options.role)) throw new EchoError('invalid_options', `Unknown role "${String(options.role)}"`);
  if (!options.user?.id || !options.user.name)
    throw new EchoError('invalid_options', 'user.id and user.name are required');
  if (!options.programId) throw new EchoError('invalid_options', 'programId is required');
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { name: options.user.name, role: options.role, prg: options.programId };
  if (options.sessionId) claims.ses = options.sessionId;
  if (options.caseId) claims.case = options.caseId;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: options.issuer })
    .setSubject(options.user.id)
    .setIssuer(options.issuer)
    .setAudience(EMBED_TOKEN_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .sign(options.key);
}
