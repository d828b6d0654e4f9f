import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ResolvedHubOptions } from '../config.js';
import { calendarRoutes } from '../routes/calendar.js';
import { caseTemplateRoutes } from '../routes/case-templates.js';
import { caseRoutes } from '../routes/cases.js';
import { cmeRoutes } from '../routes/cme.js';
import type { RouteContext } from '../routes/context.js';
import { embedTokenRoutes } from '../routes/embed-tokens.js';
import { eventRoutes } from '../routes/events.js';
import { healthRoutes } from '../routes/health.js';
import { faviconRoutes } from '../routes/favicon.js';
import { liveKitRoutes } from '../routes/livekit.js';
import { programRoutes } from '../routes/programs.js';
import { recommendationRoutes } from '../routes/recommendations.js';
import { sessionRoutes } from '../routes/sessions.js';
import { ltiRoutes } from '../routes/lti.js';
import type { Storage } from '../storage/storage.js';
import { Authenticator, installAuth } from './auth.js';
import { installCors } from './cors.js';
import { installEdge } from './edge.js';
import { clientErrorHandler, frameworkErrorHandler, installErrorHandling } from './errors.js';
import { installHandlerTimeout } from './handler-timeout.js';
import { installIdempotency } from './idempotency.js';
import { createLogger, installRequestLog } from './logging.js';
import { installPublicUrl } from './public-url.js';
import { installValidators } from './validation.js';

/** Inputs of {@link buildApp}. */
export interface AppDeps {
  storage: Storage;
  options: ResolvedHubOptions;
  hubKey: Uint8Array;
  version: string;
}

/**
 * Builds the fastify app: timeouts, validators, problem+json errors (Fastify's and Node's own included), CORS, the
 * edge checks (Host, URL, token and body text), auth, idempotency, logs, OpenAPI, routes.
 */
export async function buildApp(deps: AppDeps): Promise<{ app: FastifyInstance; context: RouteContext }> {
  const { options } = deps;
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit,
    forceCloseConnections: true,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
    trustProxy: options.trustProxy,
    requestTimeout: options.requestTimeoutMs,
    connectionTimeout: options.connectionTimeoutMs,
    // the handler timeout is installHandlerTimeout's (Fastify's own misses requests with a body)
    http: {
      // a missing Host is answered by the edge check, as problem+json
      requireHostHeader: false,
      headersTimeout: Math.min(options.requestTimeoutMs, 60_000),
      requestTimeout: options.requestTimeoutMs,
      // how often Node looks for requests past their timeout
      connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(options.requestTimeoutMs / 4))),
    },
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
  });
  const logger = createLogger(deps.options.logger);
  const auth = new Authenticator(deps.storage, deps.hubKey);
  const context: RouteContext = {
    storage: deps.storage,
    auth,
    options,
    version: deps.version,
    streams: new Set(),
    hubKey: deps.hubKey,
  };
  installHandlerTimeout(app, options.handlerTimeoutMs);
  app.removeContentTypeParser('text/plain'); // JSON only: anything else is 415
  installValidators(app);
  installErrorHandling(app, logger);
  installPublicUrl(app, options);
  await installCors(app, auth);
  installEdge(app, options);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'teleECHO hub API',
        version: deps.version,
        description:
          'Reference hub of teleECHO Embed. Errors are application/problem+json (RFC 9457) with a stable `code`; ' +
          'validation problems list at most 10 `errors` and give the total in `errorCount`. Every route may also ' +
          'answer 400 `invalid_host`, `invalid_characters` (NUL or unpaired surrogates), `json_too_deep`, `bad_url` ' +
          'or `bad_request`; 405 `method_not_allowed` (with `Allow`); 408 `request_timeout`; 413 ' +
          '`payload_too_large`; 414 `uri_too_long`; 431 `headers_too_large`; 503 `handler_timeout`.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'Embed token (JWT) or secret API key' },
        },
      },
    },
  });
  installAuth(app, auth);
  installIdempotency(app, deps.storage);
  installRequestLog(app, logger);
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && ['POST', 'PATCH', 'PUT'].includes(request.method)) request.body = {};
  });

  app.get('/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  for (const routes of [
    healthRoutes,
    embedTokenRoutes,
    programRoutes,
    sessionRoutes,
    liveKitRoutes,
    caseTemplateRoutes,
    caseRoutes,
    recommendationRoutes,
    eventRoutes,
    cmeRoutes,
    calendarRoutes,
    ltiRoutes,
    faviconRoutes,
  ]) {
    await routes(app, context);
  }
  app.addHook('onClose', async () => {
    for (const end of [...context.streams]) end();
  });
  return { app, context };
}
