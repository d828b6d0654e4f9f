import { EVENTS_DEFAULTS } from '../defaults.js';
import { EchoError, NetworkError, ServerError } from '../errors.js';
import { sleep } from '../internal/abort.js';
import { backoffDelay } from '../internal/backoff.js';
import type { HttpClient } from '../client/http.js';
import { buildUrl } from '../client/http.js';
import { errorFromResponse } from '../client/problem.js';
import type { EchoEvent } from '../types.js';
import type { SseMessage } from './sse-parse.js';
import { readEventStream } from './sse-parse.js';

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
  /** Resume after this event id (e.g. one saved before a page reload): missed events are replayed first. */
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

/**
 * Compares two event ids: numerically when both are integers (the hub's ids are), otherwise as
 * strings. Negative when `a` comes first.
 * @internal
 */
export function compareEventIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What to do after a connection ended. */
type Outcome = { kind: 'retry'; error: EchoError } | { kind: 'refresh'; stale: string | undefined } | { kind: 'stop' };

class EventSubscription implements Subscription {
  readonly #http: HttpClient;
  readonly #url: string;
  readonly #handler: EchoEventHandler;
  readonly #options: SubscribeOptions;
  readonly #settings: InternalSubscribeOptions;
  readonly #stop = new AbortController();
  #status: SubscriptionStatus = 'connecting';
  #lastEventId: string | undefined;
  #serverRetryMs: number | undefined;
  /** Whether the current connection got as far as an open stream. */
  #opened = false;

  constructor(http: HttpClient, filter: EventFilter, handler: EchoEventHandler, options: SubscribeOptions) {
    this.#http = http;
    this.#url = buildUrl(http.settings.hubUrl, '/v1/events', { programId: filter.programId, caseId: filter.caseId });
    this.#handler = handler;
    this.#options = options;
    this.#settings = {
      reconnectBaseMs: options.reconnectBaseMs ?? EVENTS_DEFAULTS.reconnectBaseMs,
      reconnectMaxMs: options.reconnectMaxMs ?? EVENTS_DEFAULTS.reconnectMaxMs,
      idleTimeoutMs: options.idleTimeoutMs ?? EVENTS_DEFAULTS.idleTimeoutMs,
    };
    this.#lastEventId = options.lastEventId || undefined;
    const external = options.signal;
    if (external?.aborted) {
      this.#stop.abort();
      this.#close();
      return;
    }
    if (external) {
      const onAbort = (): void => this.unsubscribe();
      external.addEventListener('abort', onAbort, { once: true });
      this.#stop.signal.addEventListener('abort', () => external.removeEventListener('abort', onAbort), {
        once: true,
      });
    }
    this.#emitStatus('connecting');
    void this.#run();
  }

  get lastEventId(): string | undefined {
    return this.#lastEventId;
  }

  get status(): SubscriptionStatus {
    return this.#status;
  }

  unsubscribe(): void {
    if (this.#stop.signal.aborted) return;
    this.#stop.abort();
    this.#close();
  }

  async #run(): Promise<void> {
    let attempt = 0;
    let stale: string | undefined;
    let refresh = false;
    while (!this.#stopped) {
      this.#opened = false;
      const outcome = await this.#connect(refresh, stale);
      refresh = false;
      if (this.#stopped || outcome.kind === 'stop') return;
      if (outcome.kind === 'refresh') {
        refresh = true;
        stale = outcome.stale;
        continue;
      }
      // Back off more after each failed connect; start over once a connection had opened.
      attempt = this.#opened ? 1 : attempt + 1;
      const baseMs = this.#serverRetryMs ?? this.#settings.reconnectBaseMs;
      const delayMs = backoffDelay(attempt - 1, {
        baseMs,
        factor: 2,
        maxMs: Math.max(this.#settings.reconnectMaxMs, baseMs),
      });
      this.#emitStatus('reconnecting', { attempt, delayMs, error: outcome.error });
      try {
        await sleep(delayMs, this.#stop.signal);
      } catch {
        return;
      }
    }
  }

  /** One connection, from fetch to end of stream. */
  async #connect(forceRefresh: boolean, stale: string | undefined): Promise<Outcome> {
    const tokens = this.#http.tokens;
    let token: string | undefined;
    try {
      token = forceRefresh ? await tokens.refresh(stale) : await tokens.get();
    } catch (error) {
      return { kind: 'retry', error: asEchoError(error) };
    }
    if (this.#stopped) return { kind: 'stop' };

    const connection = new AbortController();
    const onStop = (): void => connection.abort();
    this.#stop.signal.addEventListener('abort', onStop, { once: true });
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    let idle = false;
    const arm = (ms: number): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        idle = true;
        connection.abort();
      }, ms);
    };
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (token) headers.authorization = `Bearer ${token}`;
      if (this.#lastEventId !== undefined) headers['last-event-id'] = this.#lastEventId;
      arm(this.#http.settings.timeoutMs);
      const response = await this.#http.settings.fetch(this.#url, {
        method: 'GET',
        headers,
        signal: connection.signal,
      });
      if (!response.ok) {
        clearTimeout(watchdog);
        const error = await errorFromResponse(response);
        if (response.status === 401 && error.code === 'token_expired' && tokens.canRefresh && !forceRefresh) {
          return { kind: 'refresh', stale: token };
        }
        if (response.status >= 500 || response.status === 408 || response.status === 429) {
          return { kind: 'retry', error };
        }
        return this.#fail(error);
      }
      const type = response.headers.get('content-type') ?? '';
      if (!type.startsWith('text/event-stream') || !response.body) {
        void response.body?.cancel().catch(() => {});
        return this.#fail(
          new ServerError('invalid_response', `Expected text/event-stream from /v1/events, got "${type}"`, {
            status: response.status,
          }),
        );
      }
      this.#opened = true;
      this.#emitStatus('open');
      arm(this.#settings.idleTimeoutMs);
      await readEventStream(
        response.body,
        (message) => this.#deliver(message),
        (retryMs) => {
          this.#serverRetryMs = retryMs;
        },
        () => arm(this.#settings.idleTimeoutMs),
      );
      return { kind: 'retry', error: new NetworkError('stream_closed', 'The hub closed the event stream') };
    } catch (error) {
      if (this.#stopped) return { kind: 'stop' };
      if (idle) {
        return { kind: 'retry', error: new NetworkError('timeout', 'The event stream went silent', { cause: error }) };
      }
      return { kind: 'retry', error: asEchoError(error) };
    } finally {
      clearTimeout(watchdog);
      this.#stop.signal.removeEventListener('abort', onStop);
      connection.abort();
    }
  }

  #deliver(message: SseMessage): void {
    if (this.#stopped) return;
    if (!message.data) {
      // An id-only message moves the resume point without an event (SSE spec), e.g. a hub telling a
      // fresh subscriber where "now" is, so events during a later reconnect gap are replayed too.
      if (message.id && (this.#lastEventId === undefined || compareEventIds(message.id, this.#lastEventId) > 0)) {
        this.#lastEventId = message.id;
      }
      return;
    }
    let parsed: EchoEvent;
    try {
      parsed = JSON.parse(message.data) as EchoEvent;
    } catch {
      return; // Not one of ours; nothing a handler could use.
    }
    const id = message.id || (parsed.id === undefined ? '' : String(parsed.id));
    if (id) {
      if (this.#lastEventId !== undefined && compareEventIds(id, this.#lastEventId) <= 0) return;
      this.#lastEventId = id;
    }
    const event: EchoEvent = { ...parsed, id: id || parsed.id };
    if (!event.type && message.event) event.type = message.event as EchoEvent['type'];
    try {
      this.#handler(event);
    } catch (error) {
      reportHandlerError(error);
    }
  }

  #fail(error: EchoError): Outcome {
    if (this.#stopped) return { kind: 'stop' };
    this.#stop.abort();
    this.#close(error);
    this.#options.onError?.(error);
    return { kind: 'stop' };
  }

  get #stopped(): boolean {
    return this.#stop.signal.aborted;
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

function asEchoError(error: unknown): EchoError {
  if (error instanceof EchoError) return error;
  return new NetworkError('network_error', 'The event stream could not connect or was cut off', { cause: error });
}

/** A throwing handler must not kill the stream; surface the error the way the platform does. */
function reportHandlerError(error: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else console.error('[teleecho] event handler threw:', error);
}
