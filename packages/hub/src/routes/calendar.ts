import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { calendarFeed, calendarLink, type CalendarLinkOptions } from '../domain/calendar.js';
import { principalOf } from '../http/auth.js';
import { publicBaseUrl } from '../http/public-url.js';
import { CalendarLinkSchema, ProblemSchema, answers, binary } from './responses.js';
import { Body, IdParams, bearerRoute } from './schemas.js';

const Scope = Type.Union([Type.Literal('program'), Type.Literal('personal')]);
const JoinUrl = Type.String({
  minLength: 1,
  maxLength: 500,
  description: 'Join link template; {sessionId} is replaced',
});
const LinkQuery = Type.Object({ scope: Type.Optional(Scope), joinUrl: Type.Optional(JoinUrl) });
const LinkBody = Body({ scope: Type.Optional(Scope), joinUrl: Type.Optional(JoinUrl) });
const FeedQuery = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 200 })),
  user: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});

function linkOptions(request: FastifyRequest, input: Static<typeof LinkQuery>, rotate: boolean): CalendarLinkOptions {
  return {
    baseUrl: publicBaseUrl(request),
    rotate,
    ...(input.scope && { scope: input.scope }),
    ...(input.joinUrl && { joinUrl: input.joinUrl }),
  };
}

/** iCalendar feeds: the subscribable link (authenticated) and the feed itself ("anyone with the link"). */
export const calendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const link = '/programs/:id/calendar-link';
  const read = { params: IdParams, querystring: LinkQuery, response: answers(200, CalendarLinkSchema) };
  app.get(
    link,
    {
      schema: bearerRoute(
        'calendar',
        'The iCalendar feed link of the programme, or (scope=personal) of the caller',
        read,
      ),
    },
    (request) =>
      calendarLink(app.storage, principalOf(request), request.params.id, linkOptions(request, request.query, false)),
  );
  const rotate = { params: IdParams, body: LinkBody, response: answers(201, CalendarLinkSchema) };
  app.post(
    link,
    {
      schema: bearerRoute(
        'calendar',
        'Make a new feed link and revoke the old one (programme feed: coordinator)',
        rotate,
      ),
    },
    (request) =>
      calendarLink(app.storage, principalOf(request), request.params.id, linkOptions(request, request.body, true)),
  );
  app.get(
    '/programs/:id/calendar.ics',
    {
      config: { public: true },
      schema: {
        tags: ['calendar'],
        summary: 'iCalendar feed (anyone with the feed link; 401 without token, 404 for a wrong one)',
        params: IdParams,
        querystring: FeedQuery,
        response: {
          200: binary('text/calendar', 'The iCalendar (RFC 5545) feed'),
          '4xx': ProblemSchema,
          '5xx': ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { program, ics } = await calendarFeed(app.storage, request.params.id, request.query, app.hubVersion);
      const filename = program.name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'teleecho';
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `inline; filename="${filename}.ics"`)
        .header('cache-control', 'private, max-age=300')
        .header('referrer-policy', 'no-referrer')
        .send(ics);
    },
  );
};
