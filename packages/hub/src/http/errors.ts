import type { ErrorObject } from 'ajv';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { DomainError } from '../domain/errors.js';
import { problem, problemOf } from './problem.js';
import { MAX_FIELD_ERRORS, fieldErrors } from './validation.js';
import type { ProblemDetails } from '@teleecho/sdk';

type MaybeValidationError = FastifyError & { validation?: ErrorObject[]; validationContext?: string };

/** A validation problem: at most {@link MAX_FIELD_ERRORS} entries, and how many there were in all. */
export type ValidationProblem = ProblemDetails & { errorCount: number };

/** Maps any thrown error to problem details; unexpected errors become a 500 without internals. */
export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof DomainError) return problemOf(error);
  const e = error as MaybeValidationError;
  if (e && Array.isArray(e.validation)) {
    const context = e.validationContext ?? 'body';
    const total = e.validation.length;
    const errors = fieldErrors(e.validation.slice(0, MAX_FIELD_ERRORS), context);
    const first = errors[0];
    const more = total > errors.length ? ` (and ${total - 1} more; the first ${errors.length} are listed)` : '';
    const detail = first ? `${first.path} ${first.message}${more}` : 'invalid request';
    const body: ValidationProblem = {
      ...problem(400, 'validation_failed', `Invalid ${context}: ${detail}`, errors),
      errorCount: total,
    };
    return body;
  }
  switch (e?.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'unsupported_media_type', 'Send JSON with Content-Type: application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'payload_too_large', 'The request body is larger than the hub accepts');
    case 'FST_ERR_BAD_URL':
      return problem(400, 'bad_url', 'The URL is not validly percent-encoded UTF-8');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return problem(414, 'uri_too_long', 'A path segment (an id) is longer than 100 characters');
    case 'FST_ERR_HANDLER_TIMEOUT':
      return problem(503, 'handler_timeout', 'The hub took too long to answer; try again');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem(400, 'invalid_json', 'The request body is not valid JSON');
    default:
  }
  if (e instanceof SyntaxError || (e?.statusCode === 400 && /JSON/i.test(e.message ?? ''))) {
    return problem(400, 'invalid_json', 'The request body is not valid JSON');
  }
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    return problem(status, status === 404 ? 'not_found' : 'bad_request', e.message || 'Bad request');
  }
  return problem(500, 'internal_error', 'The hub failed to handle this request');
}

/** A problem document as sent: the request's id in `requestId`, to find its log lines. */
export type SentProblem = ProblemDetails & { requestId?: string };

function send(request: FastifyRequest, reply: FastifyReply, body: ProblemDetails): void {
  if (body.status === 503) void reply.header('retry-after', '1');
  const sent: SentProblem = { ...body, requestId: request.id };
  void reply.code(body.status).type('application/problem+json').send(JSON.stringify(sent));
}

/** What a route table needs to answer 405: each route's path as a pattern and its method. */
interface KnownRoute {
  pattern: RegExp;
  method: string;
}

/** `/v1/programs/:id/calendar.ics` → a pattern matching its concrete paths (trailing slash ignored). */
function routePattern(url: string): RegExp {
  const source = url
    .split(/(:[A-Za-z0-9_]+|\*)/)
    .map((part) => {
      if (part === '*') return '.*';
      if (part.startsWith(':')) return '[^/]+?';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}/?$`);
}

/**
 * Node's HTTP parser errors (malformed requests, headers over 16 KB, requests that never finish arriving) answered
 * as problem+json on the raw socket, then the connection is closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  let body: ProblemDetails;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    body = problem(408, 'request_timeout', 'The request did not arrive in time');
  } else if (error.code === 'HPE_HEADER_OVERFLOW') {
    body = problem(431, 'headers_too_large', 'The request headers are larger than 16 KB');
  } else {
    body = problem(400, 'bad_request', 'The request is not well-formed HTTP');
  }
  if (socket.writable) {
    const text = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${body.status} ${STATUS_CODES[body.status]}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
    setTimeout(() => socket.destroy(), 1000).unref();
  } else socket.destroy();
}

/** Fastify's router errors (bad percent-encoding, an id over the length limit) as problem+json. */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  send(request, reply, toProblem(error));
}

/**
 * Installs the problem+json error handler and the not-found handler, which answers 405 (with `Allow`) when the
 * path exists under other methods (HEAD included, so every route answers HEAD or 405) and 404 otherwise.
 */
export function installErrorHandling(app: FastifyInstance): void {
  const routes: KnownRoute[] = [];
  app.addHook('onRoute', (route) => {
    if (route.url === '*' || route.url === '/*') return; // the CORS preflight catch-all
    for (const method of [route.method].flat()) routes.push({ pattern: routePattern(route.url), method });
  });
  app.setErrorHandler((error, request, reply) => {
    const body = toProblem(error);
    if (body.status >= 500) {
      request.log.error({
        msg: 'unexpected error',
        error: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown',
        stack: error instanceof Error ? error.stack : undefined,
      });
    }
    send(request, reply, body);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))].sort();
    if (allowed.length) {
      void reply.header('allow', allowed.join(', '));
      send(
        request,
        reply,
        problem(405, 'method_not_allowed', `${request.method} is not allowed on ${path}; use ${allowed.join(', ')}`),
      );
      return;
    }
    send(request, reply, problem(404, 'not_found', `No route ${request.method} ${path}`));
  });
}
