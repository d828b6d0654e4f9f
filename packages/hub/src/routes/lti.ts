import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { statusOf } from '../http/problem.js';
import { publicBaseUrl } from '../http/public-url.js';
import { asset } from '../lti/assets.js';
import { errorPage, pageCsp } from '../lti/pages.js';
import { pickLanguage } from '../lti/texts.js';
import { LtiTool, type LtiResponse } from '../lti/tool.js';
import type { RouteContext } from './context.js';

type Params = Record<string, string | undefined>;

/** Browsers get an HTML page; clients that ask for JSON get problem details. */
function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  if (accept.includes('text/html')) return false;
  return /application\/(problem\+)?json/.test(accept) || /json/.test(request.headers['content-type'] ?? '');
}

function params(value: unknown): Params {
  const out: Params = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

async function answer(request: FastifyRequest, reply: FastifyReply, run: () => Promise<LtiResponse>): Promise<void> {
  void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
  try {
    const result = await run();
    if ('redirect' in result) return void (await reply.redirect(result.redirect, 302));
    await reply
      .header('content-security-policy', pageCsp(result.connect))
      .type('text/html; charset=utf-8')
      .send(result.html);
  } catch (error) {
    if (!(error instanceof DomainError) || wantsJson(request)) throw error;
    const lang = pickLanguage(request.headers['accept-language']);
    const status = statusOf(error);
    await reply
      .code(status)
      .header('content-security-policy', pageCsp())
      .type('text/html; charset=utf-8')
      .send(errorPage(lang, status, error.code, error.message));
  }
}

/**
 * The LTI 1.3 tool: OIDC login, launch, tool keys, Deep Linking, dynamic registration and the page assets. Platforms
 * and browsers call these without bearer tokens (the id_token, the login state and signed tickets are the proof);
 * a bearer token sent along is ignored.
 */
export async function ltiRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const tool = new LtiTool(ctx.storage, ctx.hubKey, ctx.options.livekit?.url);
  const tags = ['lti'];
  const config = { public: true };
  app.addHook('onReady', async () => tool.ags.start());
  app.addHook('onClose', async () => tool.ags.stop());
  app.decorate('lti', tool);

  await app.register(async (scope) => {
    // Platforms post forms (OIDC form_post, Deep Linking picker): parse them in this scope only.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 256 * 1024 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    const login = (request: FastifyRequest, reply: FastifyReply): Promise<void> =>
      answer(request, reply, () =>
        tool.login(
          { ...params(request.query), ...params(request.body) },
          publicBaseUrl(request),
          request.headers['accept-language'],
        ),
      );
    scope.get('/lti/login', { config, schema: { tags, summary: 'LTI 1.3 OIDC login initiation' } }, login);
    scope.post('/lti/login', { config, schema: { tags, summary: 'LTI 1.3 OIDC login initiation (form)' } }, login);
    scope.post(
      '/lti/launch',
      { config, schema: { tags, summary: 'LTI 1.3 launch (id_token + state, form_post)' } },
      (request, reply) =>
        answer(request, reply, () =>
          tool.launch(params(request.body), publicBaseUrl(request), request.headers['accept-language']),
        ),
    );
    scope.post(
      '/lti/launch/continue',
      { config, schema: { tags, summary: 'LTI launch after the client-side (postMessage) state check' } },
      (request, reply) =>
        answer(request, reply, () => tool.continueLaunch(params(request.body), publicBaseUrl(request))),
    );
    scope.post(
      '/lti/deep-link',
      { config, schema: { tags, summary: 'Deep Linking: the picker’s choice → signed LtiDeepLinkingResponse' } },
      (request, reply) => answer(request, reply, () => tool.deepLink(params(request.body), publicBaseUrl(request))),
    );
    scope.get(
      '/lti/window',
      {
        config,
        schema: {
          tags,
          summary:
            'The session page of a launch in a window of its own (screen sharing where the LMS frame forbids it)',
        },
      },
      (request, reply) => answer(request, reply, () => tool.openWindow(params(request.query), publicBaseUrl(request))),
    );
    scope.get(
      '/lti/register',
      { config, schema: { tags, summary: 'LTI Dynamic Registration (openid_configuration, registration_token)' } },
      (request, reply) =>
        answer(request, reply, () =>
          tool.register(params(request.query), publicBaseUrl(request), request.headers['accept-language']),
        ),
    );
  });

  app.get(
    '/lti/jwks',
    { config, schema: { tags, summary: 'The tool’s public keys (JWKS)' } },
    async (_request, reply) => {
      void reply.header('cache-control', 'public, max-age=300');
      return tool.keys.jwks();
    },
  );

  app.get(
    '/lti/assets/*',
    {
      config,
      schema: { tags, summary: 'Scripts and styles of the LTI pages, and the elements CDN bundle', hide: true },
    },
    async (request, reply) => {
      const path = (request.params as { '*': string })['*'];
      const found = await asset(path);
      if (!found) throw new DomainError('not_found', `No asset ${path}`);
      void reply
        .type(found.type)
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('access-control-allow-origin', '*');
      return found.body;
    },
  );
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The hub's LTI tool (AGS worker, keys); for tests and embedding. */
    lti: LtiTool;
  }
}
