import type { ErrorObject } from 'ajv';
import type { FastifyError, FastifyInstance } from 'fastify';
import { HubError, problem } from './problem.js';
import type { Logger } from './logging.js';
import { fieldErrors } from './validation.js';
import type { ProblemDetails } from '@teleecho/sdk';

type MaybeValidationError = FastifyError & { validation?: ErrorObject[]; validationContext?: string };

/** Maps any thrown error to problem details; unexpected errors become a 500 without internals. */
export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof HubError) return error.toProblem();
  const e = error as MaybeValidationError;
  if (e && Array.isArray(e.validation)) {
    const context = e.validationContext ?? 'body';
    const errors = fieldErrors(e.validation, context);
    const first = errors[0];
    const detail = first ? `${first.path} ${first.message}` : 'invalid request';
    return problem(400, 'validation_failed', `Invalid ${context}: ${detail}`, errors);
  }
  switch (e?.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'unsupported_media_type', 'Send JSON with Content-Type: application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'payload_too_large', 'The request body is larger than the hub accepts');
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

/** Installs the problem+json error handler and the 404 handler. */
export function installErrorHandling(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((error, request, reply) => {
    const body = toProblem(error);
    if (body.status >= 500) {
      logger.error({
        reqId: request.id,
        msg: 'unexpected error',
        error: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown',
        stack: error instanceof Error ? error.stack : undefined,
      });
    }
    void reply.code(body.status).type('application/problem+json').send(JSON.stringify(body));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const body = problem(404, 'not_found', `No route ${request.method} ${path}`);
    void reply.code(404).type('application/problem+json').send(JSON.stringify(body));
  });
}
