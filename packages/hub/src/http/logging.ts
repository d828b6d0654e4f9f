import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { pino, type Logger as PinoLogger } from 'pino';
import type { LogLevel, LogSink } from '../config.js';

export type { Logger } from '../config.js';

/** Query parameters whose values are credentials (calendar feed tokens, LTI tokens, OAuth tokens). */
const SECRET_QUERY = /([?&](?:token|access_token|id_token|registration_token|client_assertion|code|state)=)[^&#]*/gi;

/** `url` with the values of credential query parameters replaced by `[Redacted]`. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[Redacted]');
}

/** A request in a log line: method and URL (credential query values censored), never headers or body. */
function serializeRequest(value: unknown): unknown {
  const request = value as Partial<Pick<FastifyRequest, 'method' | 'url'>> | undefined;
  if (typeof request?.method !== 'string' || typeof request.url !== 'string') return value;
  return { method: request.method, url: redactUrl(request.url) };
}

/**
 * Paths pino censors in every line: credentials in headers, tokens and secrets anywhere one level down, and bodies
 * (request or response), which may carry clinical text.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'cookie',
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'secret',
  '*.secret',
  'password',
  '*.password',
  'body',
  '*.body',
  'payload',
  '*.payload',
];

/**
 * The hub's pino logger: JSON lines with an ISO `time` and a `level` label, written to `sink` (`true`: stdout;
 * `false`: nowhere, level `silent`), at `level` (`--log-level`, `TELEECHO_LOG_LEVEL`). Credentials and bodies are
 * censored ({@link REDACT_PATHS}); request lines carry the path only.
 */
export function createLogger(sink: boolean | LogSink, level: LogLevel = 'info'): PinoLogger {
  const options = {
    level: sink === false ? 'silent' : level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    serializers: {
      req: serializeRequest,
      err: pino.stdSerializers.err,
    },
  };
  if (typeof sink === 'function') {
    return pino(options, { write: (line: string) => sink(line.endsWith('\n') ? line.slice(0, -1) : line) });
  }
  return pino(options, process.stdout);
}

/** A fresh request id (Fastify's `request.id`): a UUID, so ids from several hub processes do not collide. */
export function newRequestId(): string {
  return randomUUID();
}

/**
 * Logs one line per request through the request's own logger (so it carries `reqId`): method, path (never the query
 * string, which may carry tokens), status, duration, and who called (key id or role, never the token). Never bodies.
 * Every response names its request id in `X-Request-Id`, as problem documents do in `requestId`.
 */
export function installRequestLog(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-request-id', request.id);
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    const principal = request.principal;
    request.log.info({
      method: request.method,
      url: request.url.split('?')[0],
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      ...(principal && {
        principal: principal.kind === 'apiKey' ? `key:${principal.keyId}` : `${principal.role}@${principal.programId}`,
      }),
    });
  });
}
