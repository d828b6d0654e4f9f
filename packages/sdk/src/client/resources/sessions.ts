import type {
  AttendanceReport,
  CreateSessionInput,
  JoinSessionResult,
  ListSessionsOptions,
  ModerationInput,
  Page,
  Session,
  SessionWithAgenda,
  StartSessionNowInput,
  UpdateSessionInput,
} from '../../types.js';
import type { HttpClient, RequestOptions } from '../http.js';
import { enc } from './programs.js';

/** `client.sessions`: scheduled teleECHO sessions of a programme. */
export interface SessionsResource {
  /** Sessions of a programme (`GET /v1/programs/:id/sessions`). */
  list(programId: string, query?: ListSessionsOptions, options?: RequestOptions): Promise<Page<Session>>;
  /** One session with its agenda (`GET /v1/sessions/:id`). */
  get(sessionId: string, options?: RequestOptions): Promise<SessionWithAgenda>;
  /** Schedules a session (coordinator; `POST /v1/programs/:id/sessions`). */
  create(programId: string, input: CreateSessionInput, options?: RequestOptions): Promise<Session>;
  /**
   * Facilitators and coordinators: opens the session's room now, before its join window (`POST
   * /v1/sessions/:id/open`), so that everyone allowed can join. Idempotent; emits `session.opened` the first time.
   * Rejects with 409 `session_cancelled`, or `session_not_open` once the session has ended.
   */
  open(sessionId: string, options?: RequestOptions): Promise<SessionWithAgenda>;
  /**
   * Facilitators and coordinators: starts an unscheduled (ad-hoc) session now, its room open at once (`POST
   * /v1/programs/:id/sessions/ad-hoc`). Emits `session.opened`.
   */
  startNow(programId: string, input: StartSessionNowInput, options?: RequestOptions): Promise<SessionWithAgenda>;
  /** Changes a session (coordinator; `PATCH /v1/sessions/:id`). */
  update(sessionId: string, patch: UpdateSessionInput, options?: RequestOptions): Promise<Session>;
  /** A LiveKit token for the session room (`POST /v1/sessions/:id/join`); see `joinSession()` to connect. */
  join(sessionId: string, options?: RequestOptions): Promise<JoinSessionResult>;
  /** Attendance intervals and minutes (`GET /v1/sessions/:id/attendance`; coordinators see everyone). */
  attendance(sessionId: string, options?: RequestOptions): Promise<AttendanceReport>;
  /** Facilitators: mute someone or end the session (`POST /v1/sessions/:id/moderation`). */
  moderate(
    sessionId: string,
    input: ModerationInput,
    options?: RequestOptions,
  ): Promise<{ action: ModerationInput['action']; identity?: string; muted?: number }>;
}

/** @internal */
export function sessionsResource(http: HttpClient): SessionsResource {
  return {
    list: (programId, query = {}, options) =>
      http.request(
        {
          method: 'GET',
          path: `/v1/programs/${enc(programId)}/sessions`,
          query: { from: query.from, to: query.to, status: query.status, limit: query.limit, cursor: query.cursor },
        },
        options,
      ),
    get: (sessionId, options) => http.request({ method: 'GET', path: `/v1/sessions/${enc(sessionId)}` }, options),
    create: (programId, input, options) =>
      http.request({ method: 'POST', path: `/v1/programs/${enc(programId)}/sessions`, body: input }, options),
    open: (sessionId, options) =>
      http.request({ method: 'POST', path: `/v1/sessions/${enc(sessionId)}/open`, body: {} }, options),
    startNow: (programId, input, options) =>
      http.request({ method: 'POST', path: `/v1/programs/${enc(programId)}/sessions/ad-hoc`, body: input }, options),
    update: (sessionId, patch, options) =>
      http.request({ method: 'PATCH', path: `/v1/sessions/${enc(sessionId)}`, body: patch }, options),
    join: (sessionId, options) =>
      http.request({ method: 'POST', path: `/v1/sessions/${enc(sessionId)}/join`, body: {} }, options),
    attendance: (sessionId, options) =>
      http.request({ method: 'GET', path: `/v1/sessions/${enc(sessionId)}/attendance` }, options),
    moderate: (sessionId, input, options) =>
      http.request({ method: 'POST', path: `/v1/sessions/${enc(sessionId)}/moderation`, body: input }, options),
  };
}
