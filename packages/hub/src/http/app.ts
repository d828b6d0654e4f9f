import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ResolvedHubOptions } from '../config.js';
import { calendarRoutes } from '../routes/calendar.js';
import { caseTemplateRoutes } from '../routes/case-templates.js';
import { caseRoutes } from '../routes/cases.js';
import { cmeRoutes } from '../routes/cme.js';
import { embedTokenRoutes } from '../routes/embed-tokens.js';
import { eventRoutes } from '../routes/events.js';
import { faviconRoutes } from '../routes/favicon.js';
import { healthRoutes } from '../routes/health.js';
import { liveKitRoutes } from '../routes/livekit.js';
import { ltiRoutes } from '../routes/lti.js';
import { openApiRoutes } from '../routes/openapi.js';
import { programRoutes } from '../routes/programs.js';
import { recommendationRoutes } from '../routes/recommendations.js';
import { sessionRoutes } from '../routes/sessions.js';
import type { Storage } from '../storage/storage.js';
import { installAuth } from './auth.js';
import { installCors } from './cors.js';
import { installEdge } from './edge.js';
import { installCreatedStatus } from './created.js';
import { clientErrorHandler, frameworkErrorHandler, installErrorHandling } from './errors.js';
import { installHandlerTimeout } from './handler-timeout.js';
import { installIdempotency } from './idempotency.js';
import { createLogger, installRequestLog, newRequestId } from './logging.js';
import { installMetrics } from './metrics.js';
import { installRateLimit } from './rate-limit.js';
import { installPublicUrl } from './public-url.js';
import { services } from './services.js';
import { installValidators } from './validation.js';

/** Inputs of {@link buildApp}. */
export interface AppDeps {
  storage: Storage;
  options: ResolvedHubOptions;
  hubKey: Uint8Array;
  version: string;
  /** The hub's logger (default: one made from `options.logger` and `options.logLevel`). */
  logger?: FastifyBaseLogger;
}

/** The route plugins: `/v1` resources, then what lives outside `/v1` (health, LTI, favicon). */
const V1_ROUTES = [
  openApiRoutes,
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
];

/**
 * Builds the fastify app: logger, timeouts, validators, problem+json errors (Fastify's and Node's own included), CORS,
 * the edge checks (Host, URL, token and body text), the shared services as decorators, auth, idempotency, request
 * logs, OpenAPI, and each resource's routes as a plugin under `/v1`.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { options } = deps;
  const app = Fastify({
    loggerInstance: deps.logger ?? createLogger(options.logger, options.logLevel),
    // one line per request, written by installRequestLog (Fastify's own two per request are off)
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: newRequestId,
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
  }).withTypeProvider<TypeBoxTypeProvider>();
  await app.register(services, deps);
  await installRateLimit(app, options);
  installHandlerTimeout(app, options.handlerTimeoutMs);
  app.removeContentTypeParser('text/plain'); // JSON only: anything else is 415
  installValidators(app);
  installErrorHandling(app);
  installPublicUrl(app, options);
  await installCors(app, app.auth);
  installEdge(app, options);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'teleECHO hub API',
        version: deps.version,
        description:
          'Reference hub of teleECHO Embed. Errors are application/problem+json (RFC 9457) with a stable `code` and ' +
          'the `requestId` of the request (also in the `X-Request-Id` header and every log line of the request); ' +
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
  installAuth(app, app.auth);
  installIdempotency(app, app.storage);
  installRequestLog(app);
  installCreatedStatus(app);
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && ['POST', 'PATCH', 'PUT'].includes(request.method)) request.body = {};
  });

  // Not awaited: the route plugins load when the app starts (listen, ready, inject), so hooks an embedder adds to the
  // returned app before then (a test hub's fault injection, say) apply to every route, as hooks of the root should.
  for (const routes of V1_ROUTES) void app.register(routes, { prefix: '/v1' });
  void app.register(healthRoutes);
  if (options.metrics) installMetrics(app);
  void app.register(ltiRoutes, { prefix: '/lti' });
  void app.register(faviconRoutes);
  return app;
}
