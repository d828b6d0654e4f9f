import { CLIENT_DEFAULTS, PERMANENT_ERROR_CODES, RETRYABLE_STATUSES } from '../defaults.js';
import { EchoError, NetworkError, ServerError } from '../errors.js';
import { abortedError, sleep } from '../internal/abort.js';
import { backoffDelay, parseRetryAfter } from '../internal/backoff.js';
import { randomId } from '../internal/random-id.js';
import { errorFromResponse } from './problem.js';
import type { TokenSource } from './token.js';

/** The `fetch` signature the client needs; pass your own to add tracing, proxies or test hooks. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Per-call options accepted by every client method (as the last argument). */
export interface RequestOptions {
  /** Cancels the call (including waits between retries); it then rejects with code `aborted`. */
  signal?: AbortSignal;
  /** Idempotency key of a POST; default a fresh random UUID per call, reused across its retries. */
  idempotencyKey?: string;
  /** Per-attempt timeout for this call; default the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Retries for this call; default the client's `retries`. */
  retries?: number;
}

/** Query-string values; `undefined` entries are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** One request to the hub. @internal */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the hub URL, e.g. `/v1/cases`. */
  path: string;
  query?: Query;
  body?: unknown;
  /** Send no Authorization header (e.g. `/healthz`). */
  anonymous?: boolean;
}

/** Settings of the request core, already merged with defaults. @internal */
export interface HttpSettings {
  hubUrl: string;
  fetch: FetchLike;
  timeoutMs: number;
  retries: number;
  backoffBaseMs: number;
  backoffFactor: number;
  backoffMaxMs: number;
  maxRetryAfterMs: number;
}

/** A response whose body has been read. @internal */
interface BufferedResponse {
  ok: boolean;
  status: number;
  statusText: string;
  headers: Headers;
  text(): Promise<string>;
}

/** Methods that are safe to retry. POST is, because every POST carries an `Idempotency-Key`. */
const RETRYABLE_METHODS: ReadonlySet<string> = new Set(['GET', 'PUT', 'DELETE', 'POST']);

/** Joins the hub URL (which may carry a path prefix) with an API path and a query. @internal */
export function buildUrl(hubUrl: string, path: string, query?: Query): string {
  const base = hubUrl.replace(/\/+$/, '');
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) search.set(key, String(value));
  }
  const qs = search.toString();
  return `${base}${path.startsWith('/') ? path : `/${path}`}${qs ? `?${qs}` : ''}`;
}

/**
 * The request core: base URL, bearer token (refreshed through `getToken`), timeouts, retries with
 * exponential backoff and jitter for idempotent requests (never for {@link PERMANENT_ERROR_CODES}),
 * `Idempotency-Key` on every POST, and
 * problem+json → typed {@link EchoError}.
 * @internal
 */
export class HttpClient {
  readonly settings: HttpSettings;
  readonly tokens: TokenSource;

  constructor(settings: HttpSettings, tokens: TokenSource) {
    this.settings = settings;
    this.tokens = tokens;
  }

  /** Sends a request and returns the parsed JSON body (`undefined` for an empty body). */
  async request<T>(req: HttpRequest, options: RequestOptions = {}): Promise<T> {
    const s = this.settings;
    const url = buildUrl(s.hubUrl, req.path, req.query);
    const retries = options.retries ?? s.retries;
    const timeoutMs = options.timeoutMs ?? s.timeoutMs;
    const retryable = RETRYABLE_METHODS.has(req.method);
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    if (req.method === 'POST') headers['idempotency-key'] = options.idempotencyKey ?? randomId();
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    let refreshedAfter401 = false;

    for (let attempt = 0; ; attempt++) {
      const token = req.anonymous ? undefined : await this.tokens.get();
      if (token) headers.authorization = `Bearer ${token}`;
      else delete headers.authorization;

      let response: BufferedResponse;
      try {
        response = await this.#fetchOnce(url, { method: req.method, headers, body }, timeoutMs, options.signal);
      } catch (error) {
        const mapped = error as EchoError;
        if (mapped.code === 'aborted' || !retryable || attempt >= retries) throw mapped;
        await sleep(this.#backoff(attempt), options.signal);
        continue;
      }

      if (response.ok) return (await readJson(response)) as T;

      const error = await errorFromResponse(response);
      if (
        response.status === 401 &&
        error.code === 'token_expired' &&
        !refreshedAfter401 &&
        !req.anonymous &&
        this.tokens.canRefresh
      ) {
        refreshedAfter401 = true;
        await this.tokens.refresh(token);
        attempt--; // a refresh is not a retry
        continue;
      }
      if (
        retryable &&
        RETRYABLE_STATUSES.has(response.status) &&
        !PERMANENT_ERROR_CODES.has(error.code) &&
        attempt < retries
      ) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        if (retryAfter !== undefined && retryAfter > s.maxRetryAfterMs) throw error;
        await sleep(retryAfter ?? this.#backoff(attempt), options.signal);
        continue;
      }
      throw error;
    }
  }

  /** One attempt with its own timeout; network failures become {@link NetworkError}. */
  async #fetchOnce(url: string, init: RequestInit, timeoutMs: number, signal?: AbortSignal): Promise<BufferedResponse> {
    if (signal?.aborted) throw abortedError(signal);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await this.settings.fetch(url, { ...init, signal: controller.signal });
      // Read the body within the same timeout, so a stalled body is a timeout too.
      const text = await response.text();
      return {
        ok: response.ok,
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        text: () => Promise.resolve(text),
      };
    } catch (error) {
      if (signal?.aborted) throw abortedError(signal);
      if (timedOut)
        throw new NetworkError('timeout', `No answer from the hub within ${timeoutMs} ms`, { cause: error });
      throw new NetworkError('network_error', 'Could not reach the hub', { cause: error });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  #backoff(attempt: number): number {
    const s = this.settings;
    return backoffDelay(attempt, { baseMs: s.backoffBaseMs, factor: s.backoffFactor, maxMs: s.backoffMaxMs });
  }
}

async function readJson(response: BufferedResponse): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ServerError('invalid_response', 'The hub answered with something that is not JSON', {
      status: response.status,
      cause: error,
    });
  }
}

const globalFetch: FetchLike = (input, init) => globalThis.fetch(input, init);
const wrappedFetches = new WeakMap<FetchLike, FetchLike>();

function wrapFetch(custom: FetchLike): FetchLike {
  let wrapped = wrappedFetches.get(custom);
  if (!wrapped) {
    wrapped = (input, init) => custom(input, init);
    wrappedFetches.set(custom, wrapped);
  }
  return wrapped;
}

/** Merges HTTP settings over {@link CLIENT_DEFAULTS}. @internal */
export function httpSettings(
  options: { hubUrl: string; fetch?: FetchLike | undefined } & Partial<Omit<HttpSettings, 'hubUrl' | 'fetch'>>,
): HttpSettings {
  const custom = options.fetch;
  if (custom === undefined && typeof globalThis.fetch !== 'function') {
    throw new EchoError('invalid_options', 'No fetch implementation available: pass options.fetch');
  }
  // Always call fetch as a plain function: `window.fetch` called as a method of another object
  // throws "Illegal invocation" in browsers.
  // One wrapper per fetch implementation, so that clients of the same page share their event stream (see events/).
  const fetchImpl: FetchLike = custom ? wrapFetch(custom) : globalFetch;
  return {
    timeoutMs: options.timeoutMs ?? CLIENT_DEFAULTS.timeoutMs,
    retries: options.retries ?? CLIENT_DEFAULTS.retries,
    backoffBaseMs: options.backoffBaseMs ?? CLIENT_DEFAULTS.backoffBaseMs,
    backoffFactor: options.backoffFactor ?? CLIENT_DEFAULTS.backoffFactor,
    backoffMaxMs: options.backoffMaxMs ?? CLIENT_DEFAULTS.backoffMaxMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? CLIENT_DEFAULTS.maxRetryAfterMs,
    hubUrl: options.hubUrl,
    fetch: fetchImpl,
  };
}
