/**
 * One live connection to `GET /v1/events`, shared by every subscription of a page to the same hub with the same
 * token scope. Browsers allow six HTTP/1.1 connections per host: a page whose elements each held their own stream
 * (the hub console has four or five) left a second tab of the same hub nothing to load with. Here the first
 * subscription opens the stream, later ones join it, filters are applied in the page, and the last one to leave
 * closes it. Reconnects (backoff, a fresh token, `Last-Event-ID` so nothing is missed) serve all of them at once.
 * @internal
 * @packageDocumentation
 */
import { EchoError, NetworkError, ServerError } from '../errors.js';
import { sleep } from '../internal/abort.js';
import { backoffDelay } from '../internal/backoff.js';
import type { FetchLike, HttpClient } from '../client/http.js';
import { buildUrl } from '../client/http.js';
import { errorFromResponse } from '../client/problem.js';
import { decodeTokenClaims } from '../client/token.js';
import type { EchoEvent } from '../types.js';
import type { SseMessage } from './sse-parse.js';
import { readEventStream } from './sse-parse.js';
import type { EventFilter, InternalSubscribeOptions, SubscriptionStatus, SubscriptionStatusInfo } from './subscribe.js';

/** A subscription as the shared stream sees it. @internal */
export interface StreamListener {
  /** What this subscriber wants; applied in the page (the connection may carry a wider filter). */
  readonly filter: EventFilter;
  /** Its client's transport: fetch, timeouts, and the token source the stream may borrow. */
  readonly http: HttpClient;
  /** An event (already de-duplicated and filtered for this listener). */
  deliver(event: EchoEvent): void;
  /** The stream's resume point moved (an event or an id-only message). */
  advance(id: string): void;
  /** The subscriber's status now. */
  readonly status: SubscriptionStatus;
  /** The stream's status changed (`open` or `reconnecting`). */
  setStatus(status: SubscriptionStatus, info?: SubscriptionStatusInfo): void;
  /** The stream stopped for good with an error a new token cannot fix. */
  fail(error: EchoError): void;
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

/** Whether an event passes a filter, exactly as the hub applies `?programId&caseId`. @internal */
export function matchesFilter(filter: EventFilter, event: EchoEvent): boolean {
  return (
    (!filter.programId || event.programId === filter.programId) && (!filter.caseId || event.caseId === filter.caseId)
  );
}

/** Whether a connection opened with filter `wide` carries every event that `narrow` lets through. */
function covers(wide: EventFilter, narrow: EventFilter): boolean {
  return (!wide.programId || wide.programId === narrow.programId) && (!wide.caseId || wide.caseId === narrow.caseId);
}

/**
 * What the hub lets a token see on the stream: its hub, issuer, user, role and narrowing claims (not its expiry, so
 * a refreshed token keeps its stream). A token that is not a JWT (a secret API key) is its own scope.
 * @internal
 */
export function tokenScope(token: string | undefined): string {
  const claims = decodeTokenClaims(token);
  if (claims && typeof claims.sub === 'string' && typeof claims.role === 'string') {
    return JSON.stringify([claims.iss, claims.aud, claims.sub, claims.role, claims.prg, claims.ses, claims.case]);
  }
  return token === undefined ? 'anonymous' : `token:${token}`;
}

/** The shared streams of this page, per fetch implementation and then per hub URL and token scope. */
const streams = new Map<FetchLike, Map<string, EventStream>>();

/** The page's open stream for `http`'s hub and a token of `scope`, or `undefined`. @internal */
export function sharedStream(http: HttpClient, scope: string): EventStream | undefined {
  return streams.get(http.settings.fetch)?.get(`${http.settings.hubUrl}\n${scope}`);
}

/**
 * Opens a stream; with `scope`, other subscriptions of the page with the same hub and scope join it (see
 * {@link sharedStream}), without it the stream is the subscriber's alone.
 * @internal
 */
export function openStream(
  http: HttpClient,
  scope: string | undefined,
  settings: InternalSubscribeOptions,
  lastEventId: string | undefined,
): EventStream {
  if (scope === undefined) return new EventStream(settings, lastEventId, () => {});
  const byHub = streams.get(http.settings.fetch) ?? new Map<string, EventStream>();
  streams.set(http.settings.fetch, byHub);
  const key = `${http.settings.hubUrl}\n${scope}`;
  const stream: EventStream = new EventStream(settings, lastEventId, () => {
    if (byHub.get(key) === stream) byHub.delete(key);
    if (byHub.size === 0 && streams.get(http.settings.fetch) === byHub) streams.delete(http.settings.fetch);
  });
  byHub.set(key, stream);
  return stream;
}

/** What to do after a connection ended. */
type Outcome =
  | { kind: 'retry'; error: EchoError }
  | { kind: 'refresh'; stale: string | undefined; http: HttpClient }
  | { kind: 'restart' }
  | { kind: 'stop' };

/** One connection to `/v1/events` (reconnected as needed) and the subscriptions it serves. @internal */
export class EventStream {
  readonly #listeners = new Set<StreamListener>();
  readonly #settings: InternalSubscribeOptions;
  readonly #stop = new AbortController();
  readonly #forget: () => void;
  #status: SubscriptionStatus = 'connecting';
  #lastEventId: string | undefined;
  #serverRetryMs: number | undefined;
  /** Whether the current connection got as far as an open stream. */
  #opened = false;
  /** The filter the current connection was opened with (`undefined` before the first request). */
  #connectedFilter: EventFilter | undefined;
  /** Aborts the current connection. */
  #connection: AbortController | undefined;
  /** The current connection is being replaced by one with a wider filter (not a failure). */
  #restarting = false;
  #started = false;

  constructor(settings: InternalSubscribeOptions, lastEventId: string | undefined, forget: () => void) {
    this.#settings = settings;
    this.#lastEventId = lastEventId;
    this.#forget = forget;
  }

  /** Id of the last event (or id-only message) the stream got: where a reconnect resumes. */
  get lastEventId(): string | undefined {
    return this.#lastEventId;
  }

  /** Whether the stream stopped for good (no new subscriber may join it). */
  get closed(): boolean {
    return this.#stop.signal.aborted;
  }

  /**
   * Adds a subscriber: it hears the stream's status from now on (`open` right away if it is open) and every event
   * after the stream's current position. A subscriber whose filter the open connection does not carry makes the
   * stream reconnect with a wider one, resuming with `Last-Event-ID` so no other subscriber misses anything.
   */
  add(listener: StreamListener): void {
    this.#listeners.add(listener);
    // Told after `subscribe()` has returned, as a subscriber that opens the stream is.
    queueMicrotask(() => {
      const status = this.#status;
      const told = listener.status !== 'connecting';
      if (!told && this.#listeners.has(listener) && (status === 'open' || status === 'reconnecting')) {
        listener.setStatus(status);
      }
    });
    if (this.#connectedFilter && !covers(this.#connectedFilter, listener.filter)) this.#restart();
    if (!this.#started) {
      this.#started = true;
      void this.#run();
    }
  }

  /** Removes a subscriber; the stream closes when none is left at the end of this task's synchronous work. */
  remove(listener: StreamListener): void {
    if (!this.#listeners.delete(listener) || this.#listeners.size > 0) return;
    // A subscriber that leaves and another that joins in the same turn (an element moved, a filter changed)
    // keep the connection.
    queueMicrotask(() => {
      if (this.#listeners.size === 0) this.#close();
    });
  }

  #close(): void {
    if (this.closed) return;
    this.#stop.abort();
    this.#forget();
  }

  /** The filter the connection carries: a value all subscribers share, none where they differ. */
  #serverFilter(): EventFilter {
    const filters = [...this.#listeners].map((l) => l.filter);
    const common = (pick: (f: EventFilter) => string | undefined): string | undefined => {
      const values = new Set(filters.map((f) => pick(f) || undefined));
      return values.size === 1 ? [...values][0] : undefined;
    };
    const programId = common((f) => f.programId);
    const caseId = common((f) => f.caseId);
    return { ...(programId && { programId }), ...(caseId && { caseId }) };
  }

  /** The client whose token the connection uses: one that can refresh its token, else the first subscriber's. */
  #owner(): HttpClient | undefined {
    const listeners = [...this.#listeners];
    return (listeners.find((l) => l.http.tokens.canRefresh) ?? listeners[0])?.http;
  }

  #restart(): void {
    if (!this.#connection) return; // the next connect computes its filter afresh
    this.#restarting = true;
    this.#connection.abort();
  }

  async #run(): Promise<void> {
    // Subscribers created in the same task (the elements of a page, upgraded together) share the first request.
    try {
      await sleep(0, this.#stop.signal);
    } catch {
      return;
    }
    let attempt = 0;
    let refresh: { stale: string | undefined; http: HttpClient } | undefined;
    while (!this.closed) {
      this.#opened = false;
      const outcome = await this.#connect(refresh);
      refresh = undefined;
      if (this.closed || outcome.kind === 'stop') return;
      if (outcome.kind === 'restart') continue;
      if (outcome.kind === 'refresh') {
        refresh = outcome;
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
  async #connect(refresh: { stale: string | undefined; http: HttpClient } | undefined): Promise<Outcome> {
    this.#restarting = false;
    const http = refresh?.http ?? this.#owner();
    if (!http) return { kind: 'stop' };
    const tokens = http.tokens;
    let token: string | undefined;
    try {
      token = refresh ? await tokens.refresh(refresh.stale) : await tokens.get();
    } catch (error) {
      return { kind: 'retry', error: asEchoError(error) };
    }
    if (this.closed) return { kind: 'stop' };

    const connection = new AbortController();
    this.#connection = connection;
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
      const filter = this.#serverFilter();
      this.#connectedFilter = filter;
      const url = buildUrl(http.settings.hubUrl, '/v1/events', { programId: filter.programId, caseId: filter.caseId });
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (token) headers.authorization = `Bearer ${token}`;
      if (this.#lastEventId !== undefined) headers['last-event-id'] = this.#lastEventId;
      arm(http.settings.timeoutMs);
      const response = await http.settings.fetch(url, { method: 'GET', headers, signal: connection.signal });
      if (!response.ok) {
        clearTimeout(watchdog);
        const error = await errorFromResponse(response);
        if (response.status === 401 && error.code === 'token_expired' && tokens.canRefresh && !refresh) {
          return { kind: 'refresh', stale: token, http };
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
      if (this.closed) return { kind: 'stop' };
      if (this.#restarting) return { kind: 'restart' };
      if (idle) {
        return { kind: 'retry', error: new NetworkError('timeout', 'The event stream went silent', { cause: error }) };
      }
      return { kind: 'retry', error: asEchoError(error) };
    } finally {
      clearTimeout(watchdog);
      this.#stop.signal.removeEventListener('abort', onStop);
      if (this.#connection === connection) this.#connection = undefined;
      connection.abort();
    }
  }

  #deliver(message: SseMessage): void {
    if (this.closed) return;
    if (!message.data) {
      // An id-only message moves the resume point without an event (SSE spec), e.g. a hub telling a
      // fresh subscriber where "now" is, so events during a later reconnect gap are replayed too.
      if (message.id && (this.#lastEventId === undefined || compareEventIds(message.id, this.#lastEventId) > 0)) {
        this.#lastEventId = message.id;
        for (const listener of [...this.#listeners]) listener.advance(message.id);
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
    for (const listener of [...this.#listeners]) {
      if (!this.#listeners.has(listener)) continue; // left during an earlier handler
      if (matchesFilter(listener.filter, event)) listener.deliver(event);
      if (id) listener.advance(id);
    }
  }

  #fail(error: EchoError): Outcome {
    if (this.closed) return { kind: 'stop' };
    this.#close();
    this.#status = 'closed';
    for (const listener of [...this.#listeners]) listener.fail(error);
    this.#listeners.clear();
    return { kind: 'stop' };
  }

  #emitStatus(status: SubscriptionStatus, info?: SubscriptionStatusInfo): void {
    // A connection replaced by a wider one opens again without the subscribers having seen it go.
    if (status === 'open' && this.#status === 'open') return;
    this.#status = status;
    for (const listener of [...this.#listeners]) listener.setStatus(status, info);
  }
}

function asEchoError(error: unknown): EchoError {
  if (error instanceof EchoError) return error;
  return new NetworkError('network_error', 'The event stream could not connect or was cut off', { cause: error });
}
