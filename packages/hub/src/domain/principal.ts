import type { Role } from '@teleecho/sdk';

/** A host backend calling with its secret API key. */
export interface ApiKeyPrincipal {
  kind: 'apiKey';
  keyId: string;
}

/** A person calling with an embed token. */
export interface UserPrincipal {
  kind: 'user';
  /** The host's user id (`sub`). */
  sub: string;
  name: string;
  role: Role;
  /** The programme the token is for (`prg`). */
  programId: string;
  /** Narrowed to one session (`ses`). */
  sessionId?: string;
  /** Narrowed to one case (`case`). */
  caseId?: string;
  /** Token issuer: an API key id or "teleecho-hub". */
  issuer: string;
  /** Expiry, seconds since epoch. */
  exp: number;
}

/** Whoever is calling. */
export type Principal = ApiKeyPrincipal | UserPrincipal;

/** A stable string naming the principal (idempotency scope, logs). */
export function principalKey(principal: Principal): string {
  return principal.kind === 'apiKey'
    ? `key:${principal.keyId}`
    : `user:${principal.issuer}:${principal.programId}:${principal.sub}:${principal.role}`;
}
