import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
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
import { PageOf, SessionSchema, SessionWithAgendaSchema, answers } from './responses.js';
import { Body, IdParams, PageQuery, SessionStatusSchema, Text, bearerRoute } from './schemas.js';

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
const route = <S extends object>(summary: string, schema: S) => bearerRoute('sessions', summary, schema);

/** Sessions of a programme (under `/v1`). */
export const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const list = { params: IdParams, querystring: SessionQuery, response: answers(200, PageOf(SessionSchema)) };
  app.get('/programs/:id/sessions', { schema: route('List sessions by start time', list) }, (request) => {
    const { from, to, status, ...page } = request.query;
    const filter = { ...(from && { from }), ...(to && { to }), ...(status && { status }) };
    return listSessions(app.storage, principalOf(request), request.params.id, filter, page);
  });
  const create = { params: IdParams, body: SessionBody, response: answers(201, SessionSchema) };
  app.post('/programs/:id/sessions', { schema: route('Schedule a session (coordinator)', create) }, (request) =>
    createSession(app.storage, principalOf(request), request.params.id, request.body),
  );
  const adHoc = {
    description:
      'Creates a session that starts now (`adHoc: true`, `openedAt`, `openedBy`) and emits `session.updated` and ' +
      '`session.opened`.',
    params: IdParams,
    body: AdHocBody,
    response: answers(201, SessionWithAgendaSchema),
  };
  app.post(
    '/programs/:id/sessions/ad-hoc',
    { schema: route('Start an unscheduled session now, its room open at once (facilitator, coordinator)', adHoc) },
    (request) => startSessionNow(app.storage, principalOf(request), request.params.id, request.body),
  );
  const open = {
    description:
      'Everyone allowed can join from then on. Idempotent: opening an open room changes nothing. Emits ' +
      '`session.updated` and `session.opened` (with `openedBy`) the first time; 409 `session_cancelled`, or ' +
      '`session_not_open` once the session has ended.',
    params: IdParams,
    response: answers(200, SessionWithAgendaSchema),
  };
  app.post(
    '/sessions/:id/open',
    { schema: route('Open the session’s room now, before its join window (facilitator, coordinator)', open) },
    (request) => openSession(app.storage, principalOf(request), request.params.id),
  );
  const read = { params: IdParams, response: answers(200, SessionWithAgendaSchema) };
  app.get('/sessions/:id', { schema: route('Read a session with its agenda', read) }, (request) =>
    readSession(app.storage, principalOf(request), request.params.id),
  );
  const update = { params: IdParams, body: SessionPatch, response: answers(200, SessionWithAgendaSchema) };
  app.patch('/sessions/:id', { schema: route('Update a session (coordinator)', update) }, (request) =>
    updateSession(app.storage, principalOf(request), request.params.id, request.body),
  );
};
