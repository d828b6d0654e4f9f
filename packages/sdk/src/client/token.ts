import { AuthError, EchoError } from '../errors.js';
import type { EmbedTokenClaims } from '../types.js';

/** Where the client gets its bearer token: a fixed string and/or a callback. */
export type TokenProvider = () => Promise<string> | string;

/**
 * Decodes the payload of a JWT **without verifying it** (the hub verifies; the client only needs
 * `exp` to know when to refresh, and the claims to show who is signed in). Returns `undefined`
 * for anything that is not a JWT with a JSON payload, e.g. a secret API key.
 */
export function decodeTokenClaims(token: string | undefined): EmbedTokenClaims | undefined {
  if (!token) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    const payload: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return payload !== null && typeof payload === 'object' ? (payload as EmbedTokenClaims) : undefined;
  } catch {
    return undefined;
  }
}

/** Options of {@link TokenSource}. @internal */
export interface TokenSourceOptions {
  token?: string | undefined;
  getToken?: TokenProvider | undefined;
  refreshMarginSeconds: number;
  now?: () => number;
}

/**
 * Holds the current token and refreshes it through `getToken`: when there is none yet, when it is
 * about to expire, and when the hub said it expired. Concurrent refreshes share one call.
 * @internal
 */
export class TokenSource {
  #token: string | undefined;
  readonly #getToken: TokenProvider | undefined;
  readonly #margin: number;
  readonly #now: () => number;
  #pending: Promise<string> | undefined;

  constructor(options: TokenSourceOptions) {
    this.#token = options.token || undefined;
    this.#getToken = options.getToken;
    this.#margin = options.refreshMarginSeconds;
    this.#now = options.now ?? (() => Date.now() / 1000);
  }

  /** Whether a new token can be fetched (a `getToken` callback was given). */
  get canRefresh(): boolean {
    return this.#getToken !== undefined;
  }

  /** The current token, as is. */
  get current(): string | undefined {
    return this.#token;
  }

  /** Replaces the current token. */
  set(token: string | undefined): void {
    this.#token = token || undefined;
  }

  /** The current token, refreshed first when missing or about to expire (and refreshable). */
  async get(): Promise<string | undefined> {
    if (this.#getToken && (this.#token === undefined || this.#expiresSoon(this.#token))) {
      return this.#refresh();
    }
    return this.#token;
  }

  /**
   * Fetches a new token because `stale` was rejected. When another caller already replaced
   * `stale`, returns the newer token without another call.
   */
  async refresh(stale: string | undefined): Promise<string | undefined> {
    if (!this.#getToken) return this.#token;
    if (this.#token !== undefined && this.#token !== stale) return this.#token;
    return this.#refresh();
  }

  #expiresSoon(token: string): boolean {
    const claims = decodeTokenClaims(token);
    if (!claims || typeof claims.exp !== 'number') return false;
    const lifetime = typeof claims.iat === 'number' ? claims.exp - claims.iat : Infinity;
    const margin = Math.min(this.#margin, Math.max(0, lifetime) / 4);
    return claims.exp - this.#now() <= margin;
  }

  #refresh(): Promise<string> {
    if (this.#pending) return this.#pending;
    const getToken = this.#getToken!;
    const pending = (async () => {
      let token: unknown;
      try {
        token = await getToken();
      } catch (error) {
        throw error instanceof EchoError
          ? error
          : new AuthError('token_unavailable', 'getToken() failed', { cause: error });
      }
      if (typeof token !== 'string' || token === '') {
        throw new AuthError('token_unavailable', 'getToken() did not return a token');
      }
      this.#token = token;
      return token;
    })();
    this.#pending = pending;
    const clear = (): void => {
      if (this.#pending === pending) this.#pending = undefined;
    };
    pending.then(clear, clear);
    return pending;
  }
}
