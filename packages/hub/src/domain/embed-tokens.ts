/**
 * Embed tokens minted by the hub for a host backend (`POST /v1/embed-tokens`): only a secret API key mints; the
 * token is signed with that key's token key, for a programme that exists, for at most two hours (default 15 min).
 * @packageDocumentation
 */
import type { EmbedTokenResult, Role } from '@teleecho/sdk';
import { DEFAULT_TOKEN_TTL_SECONDS, signEmbedToken } from '@teleecho/sdk/server';
import type { ApiKeyRecord, Storage } from '../storage/storage.js';
import { DomainError, fail } from './errors.js';
import type { ApiKeyPrincipal, Principal } from './principal.js';

/** Input of {@link mintEmbedToken} (the body of `POST /v1/embed-tokens`). */
export interface EmbedTokenInput {
  user: { id: string; name: string };
  role: Role;
  programId: string;
  sessionId?: string | undefined;
  caseId?: string | undefined;
  /** Default {@link DEFAULT_TOKEN_TTL_SECONDS}; the request schema caps it at two hours. */
  ttlSeconds?: number | undefined;
}

/** Only a secret API key mints embed tokens: an embed token is told so (403 `api_key_required`), whatever it sent. */
export function requireApiKey(principal: Principal): ApiKeyPrincipal {
  if (principal.kind !== 'apiKey') {
    throw new DomainError('api_key_required', 'Embed tokens are minted with a secret API key, not a token');
  }
  return principal;
}

/**
 * Mints an embed token for the calling API key. `findKey` looks the key up (default: storage; the HTTP layer passes
 * its cached lookup); `now` is seconds since the epoch.
 */
export async function mintEmbedToken(
  storage: Storage,
  principal: Principal,
  input: EmbedTokenInput,
  findKey: (id: string) => Promise<ApiKeyRecord | undefined> = (id) => storage.apiKeys.get(id),
  now: number = Math.floor(Date.now() / 1000),
): Promise<EmbedTokenResult> {
  const caller = requireApiKey(principal);
  const key = await findKey(caller.keyId);
  if (!key || key.revokedAt) throw new DomainError('token_invalid', 'unknown API key');
  if (!(await storage.programs.get(input.programId))) throw fail.notFound('programme');
  const ttl = input.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  const token = await signEmbedToken({
    issuer: key.id,
    key: key.tokenKey,
    user: input.user,
    role: input.role,
    programId: input.programId,
    ttlSeconds: ttl,
    now,
    ...(input.sessionId && { sessionId: input.sessionId }),
    ...(input.caseId && { caseId: input.caseId }),
  });
  return { token, expiresAt: new Date((now + ttl) * 1000).toISOString() };
}
