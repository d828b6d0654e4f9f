/**
 * Defaults of every SDK option, in one place. Options objects are merged over these once,
 * when a client or subscription is created.
 * @packageDocumentation
 */

/** Defaults of {@link EchoClientOptions}. */
export const CLIENT_DEFAULTS = {
  /** Per-attempt request timeout. */
  timeoutMs: 15_000,
  /** Retries after the first attempt (so at most `retries + 1` attempts). */
  retries: 3,
  /** First retry waits about this long; each later retry doubles it. */
  backoffBaseMs: 250,
  /** Backoff growth factor. */
  backoffFactor: 2,
  /** No backoff wait is longer than this. */
  backoffMaxMs: 5_000,
  /** A `Retry-After` longer than this is not waited for: the error is returned instead. */
  maxRetryAfterMs: 30_000,
  /** Refresh a token this many seconds before it expires (at most a quarter of its lifetime). */
  tokenRefreshMarginSeconds: 30,
} as const;

/** Defaults of {@link SubscribeOptions}. */
export const EVENTS_DEFAULTS = {
  /** First reconnect waits about this long (or the hub's `retry:` value, when it sent one). */
  reconnectBaseMs: 500,
  /** Reconnect waits double after each failed attempt, up to this. */
  reconnectMaxMs: 10_000,
  /**
   * Reconnect when nothing (not even a heartbeat comment) arrived for this long. The hub sends
   * heartbeats well within it, so only a silently dead connection trips it.
   */
  idleTimeoutMs: 60_000,
} as const;

/** HTTP statuses that are retried (for idempotent requests). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

/**
 * Hub problem codes that waiting cannot fix (the hub's setup has to change first): never retried, whatever their
 * status. `livekit_not_configured` (503): the hub has no video server; only its operator can add one.
 */
export const PERMANENT_ERROR_CODES: ReadonlySet<string> = new Set(['livekit_not_configured']);
