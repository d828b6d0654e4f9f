import { Type, type Static } from '@sinclair/typebox';
import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import { attendanceOf, handleWebhook, joinSession, moderate } from '../domain/live-sessions.js';
import { principalOf } from '../http/auth.js';
import { jsonTextError } from '../http/edge.js';
import { HubError } from '../http/problem.js';
import { checkJsonText } from '../http/text.js';
import { LiveKitGateway } from '../livekit/gateway.js';
import type { RouteContext } from './context.js';
import { Body, IdParams, bearer } from './schemas.js';

const ModerationBody = Body({
  action: Type.Union([Type.Literal('mute'), Type.Literal('end')]),
  identity: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});
type Id = Static<typeof IdParams>;

/** Content type of LiveKit webhooks (a JSON body, signed over its exact bytes). */
const WEBHOOK_CONTENT_TYPE = 'application/webhook+json';

/** Live sessions over LiveKit: join, moderation, attendance, and LiveKit's webhooks. */
export async function liveKitRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const tags = ['live sessions'];
  const gateway = ctx.options.livekit ? new LiveKitGateway(ctx.options.livekit) : undefined;
  const requireGateway = (): LiveKitGateway => {
    if (gateway) return gateway;
    throw new HubError(503, 'livekit_not_configured', 'this hub has no LiveKit server configured');
  };

  app.post(
    '/v1/sessions/:id/join',
    {
      schema: {
        tags,
        summary: 'A LiveKit access token for the session room, with grants by role',
        params: IdParams,
        security: bearer,
      },
    },
    async (request) => joinSession(ctx.storage, requireGateway, principalOf(request), (request.params as Id).id),
  );

  app.post(
    '/v1/sessions/:id/moderation',
    {
      schema: {
        tags,
        summary: 'Mute a participant or end the session (facilitator, coordinator)',
        params: IdParams,
        body: ModerationBody,
        security: bearer,
      },
    },
    async (request) =>
      moderate(
        ctx.storage,
        requireGateway,
        principalOf(request),
        (request.params as Id).id,
        request.body as Static<typeof ModerationBody>,
      ),
  );

  app.get(
    '/v1/sessions/:id/attendance',
    {
      schema: {
        tags,
        summary: 'Attendance intervals and minutes (coordinator and API key: everyone; others: themselves)',
        params: IdParams,
        security: bearer,
      },
    },
    async (request) => attendanceOf(ctx.storage, principalOf(request), (request.params as Id).id),
  );

  await app.register(async (scope) => {
    // The signature covers the exact bytes: keep the body a string for this route only, after the same depth and
    // character check as every JSON body.
    const keepText: FastifyBodyParser<string> = (_request, body, done) => {
      const problem = checkJsonText(body, ctx.options.maxJsonDepth);
      if (problem) done(jsonTextError(problem, ctx.options.maxJsonDepth, 'webhook body'), undefined);
      else done(null, body);
    };
    scope.addContentTypeParser(WEBHOOK_CONTENT_TYPE, { parseAs: 'string' }, keepText);
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, keepText);
    scope.post(
      '/v1/livekit/webhook',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'LiveKit webhooks (signed): participant joined / left, room finished',
          hide: false,
        },
      },
      async (request) => {
        const body = typeof request.body === 'string' ? request.body : '';
        return handleWebhook(ctx.storage, requireGateway(), body, request.headers.authorization);
      },
    );
  });
}
