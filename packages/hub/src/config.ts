/**
 * Hub options and their defaults, in one place.
 * @packageDocumentation
 */

/** A sink for the hub's JSON log lines (one line per call, no trailing newline). */
export type LogSink = (line: string) => void;

/** Levels of the hub's log, most to least severe; `silent` writes nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A level of the hub's log. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where the hub's LiveKit server is and the API key/secret it shares with it. */
export interface LiveKitConfig {
  /** WebSocket URL browsers connect to, e.g. "ws://127.0.0.1:7880" or "wss://video.example.org". */
  url: string;
  /** LiveKit API key (signs access tokens; LiveKit signs webhooks with it). */
  apiKey: string;
  /** LiveKit API secret. */
  apiSecret: string;
}

/** How the hub sends host webhooks (see `docs/guides/host-webhooks.md`). */
export interface WebhookOptions {
  /** Delays before retries 1, 2, 3…; after the last one a delivery ends as `failed`. Default 5 s … 12 h (≈ 22 h in all). */
  retryDelaysMs: readonly number[];
  /** Spread of each delay, ± this share (0.2 = ±20 %), so many failing deliveries do not retry in step. */
  jitter: number;
  /** Timeout of one attempt in ms. Default 10000. */
  timeoutMs: number;
  /** Longest idle wait between checks of the outbox (picks up deliveries of other hub processes). Default 5000. */
  pollMs: number;
}

/** Options of {@link createHub}. Every field is optional; see {@link HUB_DEFAULTS}. */
export interface HubOptions {
  /** TCP port for {@link Hub.listen}. Default 8787; 0 picks a free port. */
  port?: number;
  /** Interface to listen on. Default "127.0.0.1". */
  host?: string;
  /** Data directory: SQLite file `hub.db` and the hub signing secret. Default "./.teleecho". */
  dataDir?: string;
  /** PostgreSQL connection string; when set, state lives in PostgreSQL instead of SQLite. */
  databaseUrl?: string;
  /**
   * Redis URL (`redis://…`), for several hub processes on one PostgreSQL database: live events reach every
   * process's subscribers through it (docs/operations/scaling.md). Needs `databaseUrl` and a shared `hubSecret`.
   */
  redisUrl?: string;
  /** Largest accepted request body in bytes. Default 1 MiB. */
  bodyLimit?: number;
  /** Interval of SSE heartbeat comments in ms. Default 15000. */
  heartbeatMs?: number;
  /** Log one JSON line per request. `true` writes to stdout; a function receives each line. Default true. */
  logger?: boolean | LogSink;
  /**
   * Least severe level logged. Default: env TELEECHO_LOG_LEVEL, else "info" ("silent" under `node --test` when the
   * log goes to stdout, so test output stays quiet).
   */
  logLevel?: LogLevel;
  /** Hub signing secret for tokens with `iss: "teleecho-hub"`; default: env TELEECHO_HUB_SECRET or a file. */
  hubSecret?: string;
  /** Days of event log kept for `Last-Event-ID` replay. Default 7. */
  eventRetentionDays?: number;
  /**
   * LiveKit server for `POST /v1/sessions/:id/join`, webhooks and moderation. Default: env
   * TELEECHO_LIVEKIT_URL / TELEECHO_LIVEKIT_KEY / TELEECHO_LIVEKIT_SECRET when all three are set;
   * without it, join answers 503 `livekit_not_configured`.
   */
  livekit?: LiveKitConfig;
  /** Host webhook delivery: retry schedule, timeouts. Default {@link HUB_DEFAULTS}.webhooks. */
  webhooks?: Partial<WebhookOptions>;
  /**
   * The hub's origin as browsers and platforms reach it, e.g. "https://hub.example.org": every link the hub
   * hands out (calendar feeds, certificate verification, LTI redirects) starts with it. Default: env
   * TELEECHO_PUBLIC_URL; without either, the address the request came in on (never the `Host` header, unless
   * {@link HubOptions.trustProxy} says the proxy in front may set it).
   */
  publicUrl?: string;
  /**
   * Trust `X-Forwarded-Host` / `X-Forwarded-Proto` / `X-Forwarded-For` from the proxy in front: `true` (any peer),
   * or the proxies' addresses / CIDR ranges ("127.0.0.1,10.0.0.0/8"). Default: env TELEECHO_TRUST_PROXY, else off.
   * Both headers are checked like `Host` (a garbage value is a 400).
   */
  trustProxy?: boolean | string;
  /** Time to receive a whole request (headers and body) before a 408; default 30000 ms. */
  requestTimeoutMs?: number;
  /** Time a route may take to answer before a 503 `handler_timeout`; default 30000 ms (event streams excepted). */
  handlerTimeoutMs?: number;
  /** An idle connection (no bytes either way) is closed after this; default 120000 ms (event streams excepted). */
  connectionTimeoutMs?: number;
  /** Deepest nesting of objects and arrays a JSON body may have (a 400 `json_too_deep` beyond). Default 64. */
  maxJsonDepth?: number;
  /**
   * Serve Prometheus metrics at `GET /metrics` (open streams, event relay lag, request latency by route). Off by
   * default: expose it on a private network only (it needs no token). Default false.
   */
  metrics?: boolean;
  /**
   * Most requests one client may make per minute (0: no limit, the default). A client is its bearer token when it
   * sends one, else its IP address (behind a proxy, set `trustProxy`). Over the limit: 429 `too_many_requests` with
   * `Retry-After`. With `redisUrl` the counts are shared by every hub process.
   */
  rateLimitPerMinute?: number;
}

/** Fully resolved options. */
export interface ResolvedHubOptions {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  bodyLimit: number;
  heartbeatMs: number;
  logger: boolean | LogSink;
  logLevel: LogLevel;
  hubSecret: string | undefined;
  eventRetentionDays: number;
  livekit: LiveKitConfig | undefined;
  webhooks: WebhookOptions;
  /** An origin: scheme, host and port, no trailing slash. */
  publicUrl: string | undefined;
  trustProxy: boolean | string;
  requestTimeoutMs: number;
  handlerTimeoutMs: number;
  connectionTimeoutMs: number;
  maxJsonDepth: number;
  metrics: boolean;
  rateLimitPerMinute: number;
}

/** Defaults of every {@link HubOptions} field. */
export const HUB_DEFAULTS = {
  port: 8787,
  host: '127.0.0.1',
  dataDir: './.teleecho',
  bodyLimit: 1_048_576,
  heartbeatMs: 15_000,
  logger: true,
  eventRetentionDays: 7,
  webhooks: {
    retryDelaysMs: [5_000, 30_000, 120_000, 600_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000],
    jitter: 0.2,
    timeoutMs: 10_000,
    pollMs: 5_000,
  },
  trustProxy: false,
  requestTimeoutMs: 30_000,
  handlerTimeoutMs: 30_000,
  connectionTimeoutMs: 120_000,
  maxJsonDepth: 64,
} as const;

/** Merges options with {@link HUB_DEFAULTS} once. */
export function resolveHubOptions(options: HubOptions = {}): ResolvedHubOptions {
  return {
    port: options.port ?? HUB_DEFAULTS.port,
    host: options.host ?? HUB_DEFAULTS.host,
    dataDir: options.dataDir ?? HUB_DEFAULTS.dataDir,
    databaseUrl: options.databaseUrl,
    redisUrl: options.redisUrl,
    bodyLimit: options.bodyLimit ?? HUB_DEFAULTS.bodyLimit,
    heartbeatMs: options.heartbeatMs ?? HUB_DEFAULTS.heartbeatMs,
    logger: options.logger ?? HUB_DEFAULTS.logger,
    logLevel: options.logLevel ?? logLevelFromEnv(options.logger ?? HUB_DEFAULTS.logger),
    hubSecret: options.hubSecret ?? process.env.TELEECHO_HUB_SECRET,
    eventRetentionDays: options.eventRetentionDays ?? HUB_DEFAULTS.eventRetentionDays,
    livekit: options.livekit ?? liveKitFromEnv(),
    webhooks: { ...HUB_DEFAULTS.webhooks, ...options.webhooks },
    publicUrl: normalisePublicUrl(options.publicUrl ?? (process.env.TELEECHO_PUBLIC_URL || undefined)),
    trustProxy: options.trustProxy ?? trustProxyFromEnv() ?? HUB_DEFAULTS.trustProxy,
    requestTimeoutMs: options.requestTimeoutMs ?? HUB_DEFAULTS.requestTimeoutMs,
    handlerTimeoutMs: options.handlerTimeoutMs ?? HUB_DEFAULTS.handlerTimeoutMs,
    connectionTimeoutMs: options.connectionTimeoutMs ?? HUB_DEFAULTS.connectionTimeoutMs,
    maxJsonDepth: options.maxJsonDepth ?? HUB_DEFAULTS.maxJsonDepth,
    metrics: options.metrics ?? false,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 0,
  };
}

/** Checks a public URL ("https://hub.example.org", a trailing slash allowed) and returns its origin; else a `TypeError`. */
export function normalisePublicUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`public URL "${value}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`public URL "${value}" must start with http:// or https://`);
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new TypeError(
      `public URL "${value}" must be a scheme and host only (the hub's routes start at /), e.g. https://hub.example.org`,
    );
  }
  return url.origin;
}

/** Parses a trust-proxy setting: "true"/"false", or a comma-separated list of addresses and CIDR ranges. */
export function parseTrustProxy(value: string): boolean | string {
  const trimmed = value.trim();
  if (/^(true|1|yes)$/i.test(trimmed)) return true;
  if (/^(false|0|no|)$/i.test(trimmed)) return false;
  return trimmed
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .join(',');
}

/** Parses a log level name (case-insensitive); a `TypeError` names the levels otherwise. */
export function parseLogLevel(value: string): LogLevel {
  const level = value.trim().toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  throw new TypeError(`log level "${value}" is not one of ${LOG_LEVELS.join(', ')}`);
}

function logLevelFromEnv(logger: boolean | LogSink): LogLevel {
  const value = process.env.TELEECHO_LOG_LEVEL;
  if (value) return parseLogLevel(value);
  // under `node --test`, a hub logging to stdout stays quiet unless asked (a sink function still gets lines)
  return logger === true && process.env.NODE_TEST_CONTEXT ? 'silent' : 'info';
}

function trustProxyFromEnv(): boolean | string | undefined {
  const value = process.env.TELEECHO_TRUST_PROXY;
  return value === undefined ? undefined : parseTrustProxy(value);
}

function liveKitFromEnv(): LiveKitConfig | undefined {
  const { TELEECHO_LIVEKIT_URL: url, TELEECHO_LIVEKIT_KEY: apiKey, TELEECHO_LIVEKIT_SECRET: apiSecret } = process.env;
  return url && apiKey && apiSecret ? { url, apiKey, apiSecret } : undefined;
}

/** The hub's minimal structured logger: one JSON object per line. */
export interface Logger {
  info(fields: Record<string, unknown>): void;
  error(fields: Record<string, unknown>): void;
}
