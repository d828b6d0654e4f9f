/** Parameters of {@link backoffDelay}. */
export interface BackoffPolicy {
  /** Delay of the first retry, before jitter. */
  baseMs: number;
  /** Growth per attempt. */
  factor: number;
  /** Upper bound, before jitter. */
  maxMs: number;
}

/**
 * Exponential backoff with "equal jitter": the delay for `attempt` (0-based) is drawn uniformly
 * from [d/2, d] where d = min(maxMs, baseMs × factor^attempt). Jitter keeps many clients that lost
 * the hub at the same moment from reconnecting in lock-step.
 * @internal
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * policy.factor ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Parses a `Retry-After` header (delta-seconds or an HTTP date) into milliseconds from `now`.
 * Returns `undefined` when absent or unparsable.
 * @internal
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
