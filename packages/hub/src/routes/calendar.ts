import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { calendarFeed, calendarLink, type CalendarLinkOptions } from '../domain/calendar.js';
import { principalOf } from '../http/auth.js';
import type { RouteContext } from './context.js';
import { publicBaseUrl } from '../http/public-url.js';
import { Body, IdParams, bearer } from './schemas.js';

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
type Id = Static<typeof IdParams>;

function linkOptions(request: FastifyRequest, input: Static<typeof LinkQuery>, rotate: boolean): CalendarLinkOptions {
  return {
    baseUrl: publicBaseUrl(request),
    rotate,
    ...(input.scope && { scope: input.scope }),
    ...(input.joinUrl && { joinUrl: input.joinUrl }),
  };
}

/** iCalendar feeds: the subscribable link (authenticated) and the feed itself ("anyone with the link"). */
export async function calendarRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const tags = ['calendar'];
  app.get(
    '/v1/programs/:id/calendar-link',
    {
      schema: {
        tags,
        summary: 'The iCalendar feed link of the programme, or (scope=personal) of the caller',
        params: IdParams,
        querystring: LinkQuery,
        security: bearer,
      },
    },
    async (request) =>
      calendarLink(
        ctx.storage,
        principalOf(request),
        (request.params as Id).id,
        linkOptions(request, request.query as Static<typeof LinkQuery>, false),
      ),
  );
  app.post(
    '/v1/programs/:id/calendar-link',
    {
      schema: {
        tags,
        summary: 'Make a new feed link and revoke the old one (programme feed: coordinator)',
        params: IdParams,
        body: LinkBody,
        security: bearer,
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await calendarLink(
            ctx.storage,
            principalOf(request),
            (request.params as Id).id,
            linkOptions(request, request.body as Static<typeof LinkBody>, true),
          ),
        ),
  );
  app.get(
    '/v1/programs/:id/calendar.ics',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'iCalendar feed (anyone with the feed link; 401 without token, 404 for a wrong one)',
        params: IdParams,
        querystring: FeedQuery,
      },
    },
    async (request, reply) => {
      const { program, ics } = await calendarFeed(
        ctx.storage,
        (request.params as Id).id,
        request.query as Static<typeof FeedQuery>,
        ctx.version,
      );
      const filename = program.name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'teleecho';
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `inline; filename="${filename}.ics"`)
        .header('cache-control', 'private, max-age=300')
        .header('referrer-policy', 'no-referrer')
        .send(ics);
    },
  );
}
