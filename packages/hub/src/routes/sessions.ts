import { Type, type Static } from '@sinclair/typebox';
import type { SessionStatus } from '@teleecho/sdk';
import type { FastifyInstance } from 'fastify';
import {
  AD_HOC_DEFAULT_MINUTES,
  createSession,
  listSessions,
  openSession,
  readSession,
  startSessionNow,
  updateSession,
} from '../domain/sessions.js';
import { principalOf } from '../http/auth.js';
import type { RouteContext } from './context.js';
import { Body, IdParams, PageQuery, SessionStatusSchema, Text, bearer } from './schemas.js';

const SessionBody = Body({
  title: Text(200),
  topic: Text(500),
  startsAt: Type.String({ minLength: 10, maxLength: 40 }),
  durationMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
  recurrence: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
});
const SessionPatch = Body({
  title: Type.Optional(Text(200)),
  topic: Type.Optional(Text(500)),
  startsAt: Type.Optional(Type.String({ minLength: 10, maxLength: 40 })),
  durationMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
  recurrence: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 500 }), Type.Null()])),
  status: Type.Optional(SessionStatusSchema),
});
const AdHocBody = Body({
  title: Text(200),
  topic: Type.Optional(Text(500, 0)),
  durationMinutes: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 1440, description: `default ${AD_HOC_DEFAULT_MINUTES}` }),
  ),
});
const SessionQuery = Type.Object({
  ...PageQuery,
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
  status: Type.Optional(SessionStatusSchema),
});
type Id = Static<typeof IdParams>;

/** Sessions of a programme. */
export async function sessionRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const tags = ['sessions'];
  app.get(
    '/v1/programs/:id/sessions',
    {
      schema: {
        tags,
        summary: 'List sessions by start time',
        params: IdParams,
        querystring: SessionQuery,
        security: bearer,
      },
    },
    async (request) => {
      const query = request.query as Static<typeof SessionQuery>;
      const filter: { from?: string; to?: string; status?: SessionStatus } = {};
      if (query.from) filter.from = query.from;
      if (query.to) filter.to = query.to;
      if (query.status) filter.status = query.status as SessionStatus;
      return listSessions(ctx.storage, principalOf(request), (request.params as Id).id, filter, query);
    },
  );
  app.post(
    '/v1/programs/:id/sessions',
    {
      schema: {
        tags,
        summary: 'Schedule a session (coordinator)',
        params: IdParams,
        body: SessionBody,
        security: bearer,
      },
    },
    async (request, reply) => {
      const body = request.body as Static<typeof SessionBody>;
      return reply
        .code(201)
        .send(await createSession(ctx.storage, principalOf(request), (request.params as Id).id, body));
    },
  );
  app.post(
    '/v1/programs/:id/sessions/ad-hoc',
    {
      schema: {
        tags,
        summary: 'Start an unscheduled session now, its room open at once (facilitator, coordinator)',
        description:
          'Creates a session that starts now (`adHoc: true`, `openedAt`, `openedBy`) and emits `session.updated` and ' +
          '`session.opened`.',
        params: IdParams,
        body: AdHocBody,
        security: bearer,
      },
    },
    async (request, reply) => {
      const body = request.body as Static<typeof AdHocBody>;
      return reply
        .code(201)
        .send(await startSessionNow(ctx.storage, principalOf(request), (request.params as Id).id, body));
    },
  );
  app.post(
    '/v1/sessions/:id/open',
    {
      schema: {
        tags,
        summary: 'Open the session’s room now, before its join window (facilitator, coordinator)',
        description:
          'Everyone allowed can join from then on. Idempotent: opening an open room changes nothing. Emits ' +
          '`session.updated` and `session.opened` (with `openedBy`) the first time; 409 `session_cancelled`, or ' +
          '`session_not_open` once the session has ended.',
        params: IdParams,
        security: bearer,
      },
    },
    async (request) => openSession(ctx.storage, principalOf(request), (request.params as Id).id),
  );
  app.get(
    '/v1/sessions/:id',
    { schema: { tags, summary: 'Read a session with its agenda', params: IdParams, security: bearer } },
    async (request) => readSession(ctx.storage, principalOf(request), (request.params as Id).id),
  );
  app.patch(
    '/v1/sessions/:id',
    {
      schema: {
        tags,
        summary: 'Update a session (coordinator)',
        params: IdParams,
        body: SessionPatch,
        security: bearer,
      },
    },
    async (request) => {
      const { status, ...rest } = request.body as Static<typeof SessionPatch>;
      return updateSession(ctx.storage, principalOf(request), (request.params as Id).id, {
        ...rest,
        ...(status && { status: status as SessionStatus }),
      });
    },
  );
}
