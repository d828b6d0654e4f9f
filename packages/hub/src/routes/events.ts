import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { canSeeEvent, type EventFilter, type EventViewer } from '../domain/events.js';
import { requireProgram, requireUser } from '../domain/permissions.js';
import { principalOf } from '../http/auth.js';
import type { StoredEvent } from '../storage/storage.js';
import { ProblemSchema, binary } from './responses.js';
import { bearerRoute } from './schemas.js';

const EventsQuery = Type.Object({
  programId: Type.Optional(Type.String({ maxLength: 100 })),
  caseId: Type.Optional(Type.String({ maxLength: 100 })),
  lastEventId: Type.Optional(Type.String({ maxLength: 30 })),
});

const REPLAY_BATCH = 500;
const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};
const frames = new WeakMap<StoredEvent, string>();

/** The SSE frame of an event, serialised once however many streams send it. */
function frame(event: StoredEvent): string {
  let text = frames.get(event);
  if (text === undefined) {
    const { presenterId: _p, ...wire } = event;
    text = `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(wire)}\n\n`;
    frames.set(event, text);
  }
  return text;
}

function parseLastId(value: string | undefined): number {
  if (!value) return 0;
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/**
 * GET /v1/events: Server-Sent Events of what the token may see. Replays everything after
 * `Last-Event-ID` (header, or `lastEventId` query), in order and once, then streams live;
 * a heartbeat comment every heartbeatMs; the stream ends when the token expires. `HEAD` answers the stream's
 * headers after the same checks, without opening a stream.
 */
export const eventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const stream = {
    querystring: EventsQuery,
    response: {
      200: binary('text/event-stream', 'The event stream: `id`, `event` (the type) and `data` (the event as JSON)'),
      '4xx': ProblemSchema,
      '5xx': ProblemSchema,
    },
  };
  app.get(
    '/events',
    { schema: bearerRoute('events', 'Server-Sent Events (text/event-stream)', stream) },
    async (request, reply) => {
      const user = requireUser(principalOf(request), 'events.read');
      const query = request.query;
      if (query.programId) requireProgram(user, query.programId);
      // HEAD: the stream's headers, no stream (a HEAD response has no body to write events into)
      if (request.method === 'HEAD') return reply.headers(STREAM_HEADERS).send('');
      const filter: EventFilter = {};
      if (query.programId) filter.programId = query.programId;
      if (query.caseId) filter.caseId = query.caseId;
      const header = request.headers['last-event-id'];
      const resumeFrom = (Array.isArray(header) ? header[0] : header) ?? query.lastEventId;
      // A client that sends Last-Event-ID (even "0") resumes; one that sends none starts live.
      const resume = resumeFrom !== undefined && resumeFrom !== '';
      let last = parseLastId(resumeFrom);
      const viewer: EventViewer = {
        principal: user,
        attendedSessions:
          user.role === 'participant'
            ? await app.storage.attendance.attendedSessionIds(user.programId, user.sub)
            : new Set(),
      };

      reply.hijack();
      const raw = reply.raw;
      // the stream stays open for the token's lifetime: no idle timeout (heartbeats keep proxies awake)
      raw.socket?.setTimeout(0);
      raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        ...STREAM_HEADERS,
        connection: 'keep-alive',
      });
      raw.write('retry: 2000\n\n');

      let live = false;
      let closed = false;
      const buffered: StoredEvent[] = [];
      const send = (event: StoredEvent): void => {
        if (closed || Number(event.id) <= last) return;
        last = Number(event.id);
        if (canSeeEvent(viewer, event, filter)) raw.write(frame(event));
      };
      const unsubscribe = app.storage.onEvent((event) => {
        if (live) send(event);
        else buffered.push(event);
      });
      const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), app.config.heartbeatMs);
      const expiry = setTimeout(() => end(), Math.max(0, user.exp * 1000 - Date.now()));
      const end = (): void => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(expiry);
        app.streams.delete(end);
        raw.end();
      };
      app.streams.add(end);
      raw.on('close', end);
      raw.on('error', end);

      try {
        if (resume) {
          for (;;) {
            const batch = await app.storage.events.after(last, REPLAY_BATCH, user.programId);
            for (const event of batch) send(event);
            if (batch.length < REPLAY_BATCH || closed) break;
          }
        } else {
          // no Last-Event-ID: live only, starting after the newest stored event
          const newest = await app.storage.events.newestId();
          last = buffered[0] ? Math.min(newest, Number(buffered[0].id) - 1) : newest;
          // Give the client its resume point now, so that a drop before its first event loses nothing.
          raw.write(`id: ${last}\n\n`);
        }
        for (const event of buffered) send(event);
        buffered.length = 0;
        live = true;
      } catch {
        end();
      }
    },
  );
};
