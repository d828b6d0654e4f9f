import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { statusOf } from '../http/problem.js';
import { publicBaseUrl } from '../http/public-url.js';
import { asset } from '../lti/assets.js';
import { errorPage, pageCsp } from '../lti/pages.js';
import { pickLanguage } from '../lti/texts.js';
import type { LtiResponse } from '../lti/tool.js';
import { ProblemSchema, answers, binary } from './responses.js';

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
 * The LTI 1.3 tool (under `/lti`): OIDC login, launch, tool keys, Deep Linking, dynamic registration and the page assets. Platforms
 * and browsers call these without bearer tokens (the id_token, the login state and signed tickets are the proof);
 * a bearer token sent along is ignored.
 */
/** What an LTI page route answers: a page, a redirect, or an error (a page, or problem details when JSON is asked). */
const PAGE_RESPONSES = {
  200: binary('text/html', 'An HTML page (launch, picker, registration step)'),
  302: { description: 'Redirect (the OIDC authentication request, or the next step)', type: 'null' },
  '4xx': {
    description: 'An error page, or problem details when the client asks for JSON',
    content: {
      'text/html': binary('text/html', 'Error page').content['text/html'],
      'application/problem+json': { schema: ProblemSchema },
    },
  },
} as const;

const JwksSchema = Type.Object({
  keys: Type.Array(
    Type.Object(
      { kid: Type.Optional(Type.String()), kty: Type.Optional(Type.String()) },
      { additionalProperties: true },
    ),
  ),
});

export const ltiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tool = app.lti;
  const config = { public: true };
  const page = (summary: string) => ({ tags: ['lti'], summary, response: PAGE_RESPONSES });

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
    scope.get('/login', { config, schema: page('LTI 1.3 OIDC login initiation') }, login);
    scope.post('/login', { config, schema: page('LTI 1.3 OIDC login initiation (form)') }, login);
    scope.post('/launch', { config, schema: page('LTI 1.3 launch (id_token + state, form_post)') }, (request, reply) =>
      answer(request, reply, () =>
        tool.launch(params(request.body), publicBaseUrl(request), request.headers['accept-language']),
      ),
    );
    scope.post(
      '/launch/continue',
      { config, schema: page('LTI launch after the client-side (postMessage) state check') },
      (request, reply) =>
        answer(request, reply, () => tool.continueLaunch(params(request.body), publicBaseUrl(request))),
    );
    scope.post(
      '/deep-link',
      { config, schema: page('Deep Linking: the picker’s choice → signed LtiDeepLinkingResponse') },
      (request, reply) => answer(request, reply, () => tool.deepLink(params(request.body), publicBaseUrl(request))),
    );
    scope.get(
      '/window',
      {
        config,
        schema: page(
          'The session page of a launch in a window of its own (screen sharing where the LMS frame forbids it)',
        ),
      },
      (request, reply) => answer(request, reply, () => tool.openWindow(params(request.query), publicBaseUrl(request))),
    );
    scope.get(
      '/register',
      { config, schema: page('LTI Dynamic Registration (openid_configuration, registration_token)') },
      (request, reply) =>
        answer(request, reply, () =>
          tool.register(params(request.query), publicBaseUrl(request), request.headers['accept-language']),
        ),
    );
  });

  app.get(
    '/jwks',
    {
      config,
      schema: { tags: ['lti'], summary: 'The tool’s public keys (JWKS)', response: answers(200, JwksSchema) },
    },
    async (_request, reply) => {
      void reply.header('cache-control', 'public, max-age=300');
      return tool.keys.jwks();
    },
  );

  app.get(
    '/assets/*',
    {
      config,
      schema: {
        tags: ['lti'],
        summary: 'Scripts and styles of the LTI pages, and the elements CDN bundle',
        params: Type.Object({ '*': Type.String() }),
        hide: true,
      },
    },
    async (request, reply) => {
      const path = request.params['*'];
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
};
