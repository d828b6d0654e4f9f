import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyBodyParser } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { attendanceOf, handleWebhook, joinSession, moderate } from '../domain/live-sessions.js';
import { principalOf } from '../http/auth.js';
import { jsonTextError } from '../http/edge.js';
import { checkJsonText } from '../http/text.js';
import { LiveKitGateway } from '../livekit/gateway.js';
import {
  AttendanceReportSchema,
  JoinSessionResultSchema,
  ModerationResultSchema,
  WebhookOutcomeSchema,
  answers,
} from './responses.js';
import { Body, IdParams, bearerRoute } from './schemas.js';

const ModerationBody = Body({
  action: Type.Union([Type.Literal('mute'), Type.Literal('end')]),
  identity: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});
const route = <S extends object>(summary: string, schema: S) => bearerRoute('live sessions', summary, schema);

/** Content type of LiveKit webhooks (a JSON body, signed over its exact bytes). */
const WEBHOOK_CONTENT_TYPE = 'application/webhook+json';

/** Live sessions over LiveKit: join, moderation, attendance, and LiveKit's webhooks (under `/v1`). */
export const liveKitRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { livekit, maxJsonDepth } = app.config;
  const gateway = livekit ? new LiveKitGateway(livekit) : undefined;
  const requireGateway = (): LiveKitGateway => {
    if (gateway) return gateway;
    throw new DomainError('livekit_not_configured', 'this hub has no LiveKit server configured');
  };

  const join = { params: IdParams, response: answers(200, JoinSessionResultSchema) };
  app.post(
    '/sessions/:id/join',
    { schema: route('A LiveKit access token for the session room, with grants by role', join) },
    (request) => joinSession(app.storage, requireGateway, principalOf(request), request.params.id),
  );
  const moderation = { params: IdParams, body: ModerationBody, response: answers(200, ModerationResultSchema) };
  app.post(
    '/sessions/:id/moderation',
    { schema: route('Mute a participant or end the session (facilitator, coordinator)', moderation) },
    (request) => moderate(app.storage, requireGateway, principalOf(request), request.params.id, request.body),
  );
  const attendance = { params: IdParams, response: answers(200, AttendanceReportSchema) };
  app.get(
    '/sessions/:id/attendance',
    {
      schema: route(
        'Attendance intervals and minutes (coordinator and API key: everyone; others: themselves)',
        attendance,
      ),
    },
    (request) => attendanceOf(app.storage, principalOf(request), request.params.id),
  );

  await app.register(async (scope) => {
    // The signature covers the exact bytes: keep the body a string for this route only, after the same depth and
    // character check as every JSON body.
    const keepText: FastifyBodyParser<string> = (_request, body, done) => {
      const problem = checkJsonText(body, maxJsonDepth);
      if (problem) done(jsonTextError(problem, maxJsonDepth, 'webhook body'), undefined);
      else done(null, body);
    };
    scope.addContentTypeParser(WEBHOOK_CONTENT_TYPE, { parseAs: 'string' }, keepText);
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, keepText);
    scope.post(
      '/livekit/webhook',
      {
        config: { public: true },
        schema: {
          tags: ['live sessions'],
          summary: 'LiveKit webhooks (signed): participant joined / left, room finished',
          response: answers(200, WebhookOutcomeSchema),
        },
      },
      async (request) => {
        const body = typeof request.body === 'string' ? request.body : '';
        return handleWebhook(app.storage, requireGateway(), body, request.headers.authorization);
      },
    );
  });
};
