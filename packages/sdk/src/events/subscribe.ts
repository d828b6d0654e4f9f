import { EVENTS_DEFAULTS } from '../defaults.js';
import type { EchoError } from '../errors.js';
import type { HttpClient } from '../client/http.js';
import { decodeTokenClaims } from '../client/token.js';
import type { EchoEvent } from '../types.js';
import type { EventStream, StreamListener } from './stream.js';
import { compareEventIds, openStream, sharedStream, tokenScope } from './stream.js';

export { compareEventIds } from './stream.js';

/** Which events to receive. Both narrow; the hub adds the token's own limits. */
export interface EventFilter {
  /** Only events of this programme. */
  programId?: string;
  /** Only events about this case. */
  caseId?: string;
}

/**
 * State of a subscription: `connecting` (first connect), `open` (streaming), `reconnecting`
 * (lost the stream, waiting to connect again), `closed` (stopped for good: unsubscribed, or an
 * error a new token cannot fix).
 */
export type SubscriptionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Details passed with a status change. */
export interface SubscriptionStatusInfo {
  /** Reconnect attempt number (1 for the first reconnect), with `reconnecting`. */
  attempt?: number;
  /** How long until the next connect, with `reconnecting`. */
  delayMs?: number;
  /** Why the stream was lost (with `reconnecting`) or why it stopped (with `closed`). */
  error?: EchoError;
}

/** Receives each live event once, in order. */
export type EchoEventHandler = (event: EchoEvent) => void;

/** Reconnect tunables of a subscription, all required; {@link SubscribeOptions} makes them optional. */
export interface InternalSubscribeOptions {
  /** First reconnect wait in ms (doubled per failed attempt, with jitter); the hub's `retry:` wins. Default 500. */
  reconnectBaseMs: number;
  /** Longest reconnect wait in ms. Default 10 000. */
  reconnectMaxMs: number;
  /** Reconnect when nothing, not even a heartbeat, arrived for this many ms. Default 60 000. */
  idleTimeoutMs: number;
}

/** Options of {@link EventsResource.subscribe}; defaults in {@link EVENTS_DEFAULTS}. */
export interface SubscribeOptions extends Partial<InternalSubscribeOptions> {
  /**
   * Resume after this event id (e.g. one saved before a page reload): missed events are replayed first. Honoured by
   * the subscription that opens the page's stream for its hub and token scope; one that joins a stream already
   * opened by another (another live element of the page) receives events from then on — its `open` status, always
   * reported, is the moment to reload what it shows.
   */
  lastEventId?: string;
  /** Called on every status change. */
  onStatus?: (status: SubscriptionStatus, info?: SubscriptionStatusInfo) => void;
  /** Called once when the subscription stops because of an error a new token cannot fix (401, 403…). */
  onError?: (error: EchoError) => void;
  /** Aborting it is the same as `unsubscribe()`. */
  signal?: AbortSignal;
}

/** A live-events subscription. */
export interface Subscription {
  /** Stops for good: aborts the connection, cancels timers, delivers nothing more. */
  unsubscribe(): void;
  /** Id of the last event delivered (pass it as `lastEventId` to resume later). */
  readonly lastEventId: string | undefined;
  /** Current status. */
  readonly status: SubscriptionStatus;
}

/** `client.events`: live events over Server-Sent Events (`GET /v1/events`). */
export interface EventsResource {
  /**
   * Subscribes to live events. Connects with the current token (fresh from `getToken` on every
   * reconnect) and `Last-Event-ID`; reconnects with backoff after network drops, a closed stream
   * (hub restart, token expiry) and 5xx; refreshes the token after a 401 `token_expired`; stops
   * with status `closed` and `onError` on a 401/403 a new token cannot fix. Each event is delivered
   * once, in order.
   *
   * Subscriptions of a page to the same hub with tokens of the same scope (user, role, programme and narrowing
   * claims) share one connection: it opens with the first, applies each one's filter in the page, and closes when
   * the last one unsubscribes. So a page with several live elements holds one of the browser's six connections per
   * host, not one each.
   *
   * @example
   * ```ts
   * const sub = client.events.subscribe({ caseId }, (event) => {
   *   if (event.type === 'recommendation.issued') refresh();
   * });
   * // later
   * sub.unsubscribe();
   * ```
   */
  subscribe(filter: EventFilter, handler: EchoEventHandler, options?: SubscribeOptions): Subscription;
}

/** @internal */
export function eventsResource(http: HttpClient): EventsResource {
  return {
    subscribe: (filter, handler, options = {}) => new EventSubscription(http, filter, handler, options),
  };
}

/** A subscriber of an {@link EventStream}: its filter, handler, status and resume point. */
class EventSubscription implements Subscription, StreamListener {
  readonly http: HttpClient;
  readonly filter: EventFilter;
  readonly #handler: EchoEventHandler;
  readonly #options: SubscribeOptions;
  #stream: EventStream | undefined;
  #stopped = false;
  #status: SubscriptionStatus = 'connecting';
  #lastEventId: string | undefined;
  /** Stops listening to `options.signal`. */
  #cleanup: () => void = () => {};

  constructor(http: HttpClient, filter: EventFilter, handler: EchoEventHandler, options: SubscribeOptions) {
    this.http = http;
    this.filter = {
      ...(filter.programId && { programId: filter.programId }),
      ...(filter.caseId && { caseId: filter.caseId }),
    };
    this.#handler = handler;
    this.#options = options;
    this.#lastEventId = options.lastEventId || undefined;
    const external = options.signal;
    if (external?.aborted) {
      this.#stopped = true;
      this.#close();
      return;
    }
    if (external) {
      const onAbort = (): void => this.unsubscribe();
      external.addEventListener('abort', onAbort, { once: true });
      this.#cleanup = () => external.removeEventListener('abort', onAbort);
    }
    this.#emitStatus('connecting');
    // The token's scope decides which stream to share: known now from a token at hand, else after `getToken`.
    const token = http.tokens.current;
    if (token !== undefined || !http.tokens.canRefresh) this.#attach(tokenScope(token));
    else {
      http.tokens.get().then(
        (fresh) => this.#attach(tokenScope(fresh)),
        () => this.#attach(undefined), // a stream of its own retries getToken with backoff
      );
    }
  }

  get lastEventId(): string | undefined {
    return this.#lastEventId;
  }

  get status(): SubscriptionStatus {
    return this.#status;
  }

  unsubscribe(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#cleanup();
    this.#stream?.remove(this);
    this.#stream = undefined;
    this.#close();
  }

  /** Joins the page's stream for this hub and scope, or opens one (its own when `scope` is `undefined`). */
  #attach(scope: string | undefined): void {
    if (this.#stopped) return;
    const settings = {
      reconnectBaseMs: this.#options.reconnectBaseMs ?? EVENTS_DEFAULTS.reconnectBaseMs,
      reconnectMaxMs: this.#options.reconnectMaxMs ?? EVENTS_DEFAULTS.reconnectMaxMs,
      idleTimeoutMs: this.#options.idleTimeoutMs ?? EVENTS_DEFAULTS.idleTimeoutMs,
    };
    // A programme filter other than the token's gets the hub's answer (403) on a stream of its own.
    const prg = decodeTokenClaims(this.http.tokens.current)?.prg;
    const shareable = scope !== undefined && (!this.filter.programId || !prg || this.filter.programId === prg);
    const existing = shareable ? sharedStream(this.http, scope) : undefined;
    // Joining a stream of the page: events from its current position on (it cannot replay for one subscriber).
    const stream = existing ?? openStream(this.http, shareable ? scope : undefined, settings, this.#lastEventId);
    if (existing?.lastEventId !== undefined) this.advance(existing.lastEventId);
    this.#stream = stream;
    stream.add(this);
  }

  deliver(event: EchoEvent): void {
    if (this.#stopped) return;
    if (event.id && this.#lastEventId !== undefined && compareEventIds(event.id, this.#lastEventId) <= 0) return;
    try {
      this.#handler(event);
    } catch (error) {
      reportHandlerError(error);
    }
  }

  advance(id: string): void {
    if (this.#lastEventId === undefined || compareEventIds(id, this.#lastEventId) > 0) this.#lastEventId = id;
  }

  setStatus(status: SubscriptionStatus, info?: SubscriptionStatusInfo): void {
    if (!this.#stopped) this.#emitStatus(status, info);
  }

  fail(error: EchoError): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#cleanup();
    this.#stream = undefined;
    this.#close(error);
    this.#options.onError?.(error);
  }

  #close(error?: EchoError): void {
    if (this.#status === 'closed') return;
    this.#emitStatus('closed', error ? { error } : undefined);
  }

  #emitStatus(status: SubscriptionStatus, info?: SubscriptionStatusInfo): void {
    this.#status = status;
    try {
      this.#options.onStatus?.(status, info);
    } catch (error) {
      reportHandlerError(error);
    }
  }
}

/** A throwing handler must not kill the stream; surface the error the way the platform does. */
function reportHandlerError(error: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else console.error('[teleecho] event handler threw:', error);
}
