import { CLIENT_DEFAULTS } from '../defaults.js';
import { EchoError } from '../errors.js';
import { eventsResource } from '../events/subscribe.js';
import type { EventsResource } from '../events/subscribe.js';
import type { EmbedTokenClaims, HealthStatus } from '../types.js';
import type { FetchLike, RequestOptions } from './http.js';
import { HttpClient, httpSettings } from './http.js';
import { paginate } from './paginate.js';
import type { PageFetcher, PageIterable } from './paginate.js';
import { casesResource } from './resources/cases.js';
import { cmeResource } from './resources/cme.js';
import type { CmeResource } from './resources/cme.js';
import type { CasesResource } from './resources/cases.js';
import { embedTokensResource } from './resources/embed-tokens.js';
import type { EmbedTokensResource } from './resources/embed-tokens.js';
import { programsResource } from './resources/programs.js';
import type { ProgramsResource } from './resources/programs.js';
import { recommendationsResource } from './resources/recommendations.js';
import type { RecommendationsResource } from './resources/recommendations.js';
import { sessionsResource } from './resources/sessions.js';
import type { SessionsResource } from './resources/sessions.js';
import { templatesResource } from './resources/templates.js';
import type { TemplatesResource } from './resources/templates.js';
import type { TokenProvider } from './token.js';
import { TokenSource, decodeTokenClaims } from './token.js';

/** Every tunable of the client, all required; {@link EchoClientOptions} makes them optional. */
export interface InternalEchoClientOptions {
  /** Per-attempt request timeout in ms. Default 15 000. */
  timeoutMs: number;
  /** Retries of an idempotent request after the first attempt. Default 3. */
  retries: number;
  /** First backoff wait in ms (doubled per retry, with jitter). Default 250. */
  backoffBaseMs: number;
  /** Backoff growth factor. Default 2. */
  backoffFactor: number;
  /** Longest backoff wait in ms. Default 5 000. */
  backoffMaxMs: number;
  /** A `Retry-After` longer than this (ms) is not waited for. Default 30 000. */
  maxRetryAfterMs: number;
  /** Refresh a token this many seconds before it expires (at most a quarter of its lifetime). Default 30. */
  tokenRefreshMarginSeconds: number;
}

/** Options of {@link createEchoClient}. Defaults are in {@link CLIENT_DEFAULTS}. */
export interface EchoClientOptions extends Partial<InternalEchoClientOptions> {
  /** Base URL of the hub, e.g. `https://hub.example.org` (a path prefix is kept). */
  hubUrl: string;
  /**
   * A bearer token: an embed token in the browser, or (server side only) a secret API key.
   * With `getToken` too, it is used until it is about to expire.
   */
  token?: string;
  /**
   * Returns a fresh embed token. Called when there is no token yet, when the current one is about
   * to expire (its `exp`, read without verification), and once after the hub answers 401
   * `token_expired`. Calls are shared: concurrent requests wait for one refresh.
   */
  getToken?: TokenProvider;
  /** The `fetch` to use; default `globalThis.fetch`. */
  fetch?: FetchLike;
}

/** A typed client of one hub. Create it with {@link createEchoClient}. */
export interface EchoClient {
  /** The hub's base URL, without a trailing slash. */
  readonly hubUrl: string;
  /** Claims of the current token, decoded without verification; `undefined` for none or an API key. */
  getClaims(): EmbedTokenClaims | undefined;
  /** Replaces the current token (e.g. when the host hands a new one over). */
  setToken(token: string | undefined): void;
  /** Hub liveness and storage check (`GET /healthz`; sends no token). */
  health(options?: RequestOptions): Promise<HealthStatus>;
  /** Embed tokens (secret API key only). */
  readonly embedTokens: EmbedTokensResource;
  /** Programmes. */
  readonly programs: ProgramsResource;
  /** Sessions and their agendas. */
  readonly sessions: SessionsResource;
  /** Case templates (FHIR Questionnaires). */
  readonly templates: TemplatesResource;
  /** Cases and their lifecycle. */
  readonly cases: CasesResource;
  /** Recommendations: drafts, issue, amend, acknowledge. */
  readonly recommendations: RecommendationsResource;
  /** Live events (SSE). */
  readonly events: EventsResource;
  /** CME: credit rule, transcripts, certificates, evaluations, calendar links. */
  readonly cme: CmeResource;
  /**
   * Walks every page of a list: `client.paginate((cursor) => client.cases.list({ cursor }))`.
   * See {@link paginate}.
   */
  paginate<T>(fetchPage: PageFetcher<T>): PageIterable<T>;
}

/**
 * Creates a client of a teleECHO hub.
 *
 * @example
 * ```ts
 * const client = createEchoClient({
 *   hubUrl: 'https://hub.example.org',
 *   getToken: () => fetch('/my-backend/echo-token').then((r) => r.text()),
 * });
 * const { items } = await client.cases.list({ status: 'submitted' });
 * ```
 * @throws {@link EchoError} `invalid_options` when `hubUrl` is not an absolute http(s) URL.
 */
export function createEchoClient(options: EchoClientOptions): EchoClient {
  const hubUrl = normalizeHubUrl(options?.hubUrl);
  const tokens = new TokenSource({
    token: options.token,
    getToken: options.getToken,
    refreshMarginSeconds: options.tokenRefreshMarginSeconds ?? CLIENT_DEFAULTS.tokenRefreshMarginSeconds,
  });
  const http = new HttpClient(httpSettings({ ...options, hubUrl }), tokens);
  return {
    hubUrl,
    getClaims: () => decodeTokenClaims(tokens.current),
    setToken: (token) => tokens.set(token),
    health: (requestOptions) => http.request({ method: 'GET', path: '/healthz', anonymous: true }, requestOptions),
    embedTokens: embedTokensResource(http),
    programs: programsResource(http),
    sessions: sessionsResource(http),
    templates: templatesResource(http),
    cases: casesResource(http),
    recommendations: recommendationsResource(http),
    events: eventsResource(http),
    cme: cmeResource(http),
    paginate,
  };
}

function normalizeHubUrl(hubUrl: unknown): string {
  if (typeof hubUrl !== 'string' || hubUrl === '') {
    throw new EchoError('invalid_options', 'hubUrl is required');
  }
  let url: URL;
  try {
    url = new URL(hubUrl);
  } catch (error) {
    throw new EchoError('invalid_options', `hubUrl is not a URL: "${hubUrl}"`, { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EchoError('invalid_options', `hubUrl must be http(s): "${hubUrl}"`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
