import type { Page, Session, SessionOpener, SessionStatus, SessionWithAgenda } from '@teleecho/sdk';
import rrulePackage from 'rrule';
import { DomainError, fail } from './errors.js';
import type { PageRequest, Storage, StorageReader, StorageWriter } from '../storage/storage.js';
import { newId } from './ids.js';
import { authorize, requireProgram, requireSessionScope } from './permissions.js';
import type { Principal } from './principal.js';
import { readProgram } from './programs.js';
import { joinWindow } from './session-join.js';

const { rrulestr } = rrulePackage;

/** Input of {@link createSession}. */
export interface SessionInput {
  title: string;
  topic: string;
  startsAt: string;
  durationMinutes: number;
  recurrence?: string;
}

/** Input of {@link updateSession}. */
export interface SessionPatch {
  title?: string;
  topic?: string;
  startsAt?: string;
  durationMinutes?: number;
  recurrence?: string | null;
  status?: SessionStatus;
}

/** Normalises an ISO date-time to UTC `toISOString()` form (400 when it is not one). */
export function normaliseDateTime(value: string, path: string): string {
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time)) {
    throw new DomainError('validation_failed', `${path.slice(1)} must be an ISO 8601 date-time`, [
      { path, message: 'must be an ISO 8601 date-time, e.g. 2026-03-05T16:00:00Z' },
    ]);
  }
  return new Date(time).toISOString();
}

/** Checks an RFC 5545 RRULE with the `rrule` package (400 with its message when it does not parse). */
export function checkRecurrence(recurrence: string): void {
  const text = recurrence.replace(/^RRULE:/i, '');
  let message: string | undefined;
  if (!/^[A-Z]+=/i.test(text) || !/FREQ=/i.test(text)) message = 'must be an RRULE such as FREQ=WEEKLY;BYDAY=TH';
  else {
    try {
      rrulestr(`RRULE:${text}`); // throws when the rule does not parse
      const numeric = /(?:^|;)(COUNT|INTERVAL)=([^;]*)/gi;
      for (const [, name, value] of text.matchAll(numeric)) {
        if (!/^[1-9]\d*$/.test(value ?? '')) message = `not a valid RRULE: ${name} must be a positive integer`;
      }
    } catch (error) {
      const reason = error instanceof TypeError ? 'a value is not valid' : (error as Error).message;
      message = `not a valid RRULE: ${reason}`;
    }
  }
  if (message) {
    throw new DomainError('validation_failed', `recurrence ${message}`, [{ path: '/recurrence', message }]);
  }
}

/** POST /v1/programs/:id/sessions. */
export async function createSession(
  storage: Storage,
  principal: Principal,
  programId: string,
  input: SessionInput,
): Promise<Session> {
  await readProgram(storage, principal, programId);
  authorize(principal, 'session.write');
  const startsAt = normaliseDateTime(input.startsAt, '/startsAt');
  if (input.recurrence) checkRecurrence(input.recurrence);
  const now = new Date().toISOString();
  const session: Session = {
    id: newId('ses'),
    programId,
    title: input.title,
    topic: input.topic,
    startsAt,
    durationMinutes: input.durationMinutes,
    status: 'scheduled',
    createdAt: now,
    updatedAt: now,
  };
  if (input.recurrence) session.recurrence = input.recurrence.replace(/^RRULE:/i, '');
  await storage.write(async (tx) => {
    await tx.sessions.insert(session);
    tx.emit({ type: 'session.updated', programId, sessionId: session.id, data: session });
  });
  return session;
}

/** GET /v1/programs/:id/sessions. */
export async function listSessions(
  storage: Storage,
  principal: Principal,
  programId: string,
  query: { from?: string; to?: string; status?: SessionStatus },
  page: PageRequest,
): Promise<Page<Session>> {
  await readProgram(storage, principal, programId);
  authorize(principal, 'session.read');
  return storage.sessions.list(
    {
      programId,
      ...(query.from && { from: normaliseDateTime(query.from, '/from') }),
      ...(query.to && { to: normaliseDateTime(query.to, '/to') }),
      ...(query.status && { status: query.status }),
      ...(principal.kind === 'user' && principal.sessionId && { sessionId: principal.sessionId }),
    },
    page,
  );
}

async function visibleSession(storage: Storage, principal: Principal, id: string): Promise<Session> {
  authorize(principal, 'session.read');
  const session = await storage.sessions.get(id);
  if (!session) throw fail.notFound('session');
  requireProgram(principal, session.programId);
  requireSessionScope(principal, id);
  return session;
}

/** A session with its agenda and its join window as of `now`. */
async function withAgenda(
  reader: Pick<StorageReader, 'cases'>,
  session: Session,
  now = Date.now(),
): Promise<SessionWithAgenda> {
  return { ...session, agenda: await reader.cases.agenda(session.id), joinWindow: joinWindow(session, now) };
}

/** GET /v1/sessions/:id with its agenda and join window. */
export async function readSession(storage: Storage, principal: Principal, id: string): Promise<SessionWithAgenda> {
  const session = await visibleSession(storage, principal, id);
  return withAgenda(storage, session);
}

/** PATCH /v1/sessions/:id; emits session.updated (+ session.started / session.ended). */
export async function updateSession(
  storage: Storage,
  principal: Principal,
  id: string,
  patch: SessionPatch,
): Promise<SessionWithAgenda> {
  await visibleSession(storage, principal, id);
  authorize(principal, 'session.write');
  const startsAt = patch.startsAt === undefined ? undefined : normaliseDateTime(patch.startsAt, '/startsAt');
  if (patch.recurrence) checkRecurrence(patch.recurrence);
  return storage.write(async (tx) => {
    const current = await tx.sessions.get(id);
    if (!current) throw fail.notFound('session');
    const next: Session = {
      ...current,
      ...(patch.title !== undefined && { title: patch.title }),
      ...(patch.topic !== undefined && { topic: patch.topic }),
      ...(startsAt !== undefined && { startsAt }),
      ...(patch.durationMinutes !== undefined && { durationMinutes: patch.durationMinutes }),
      ...(patch.status !== undefined && { status: patch.status }),
      updatedAt: new Date().toISOString(),
    };
    if (patch.recurrence === null) delete next.recurrence;
    else if (patch.recurrence !== undefined) next.recurrence = patch.recurrence.replace(/^RRULE:/i, '');
    await tx.sessions.update(next);
    const base = { programId: next.programId, sessionId: id, data: next };
    tx.emit({ type: 'session.updated', ...base });
    if (patch.status && patch.status !== current.status) {
      if (patch.status === 'live') tx.emit({ type: 'session.started', ...base });
      if (patch.status === 'ended') tx.emit({ type: 'session.ended', ...base });
    }
    return withAgenda(tx, next);
  });
}

/** Default length of an ad-hoc session. */
export const AD_HOC_DEFAULT_MINUTES = 60;

/** Input of {@link startSessionNow}. */
export interface AdHocSessionInput {
  title: string;
  topic?: string;
  durationMinutes?: number;
}

/** Who is opening a room, for the audit trail (the event and the session's `openedBy`). */
export function openerOf(principal: Principal): SessionOpener {
  return principal.kind === 'apiKey'
    ? { via: 'api_key', id: principal.keyId, name: `API key ${principal.keyId}` }
    : { via: 'token', id: principal.sub, name: principal.name, role: principal.role };
}

function emitOpened(tx: StorageWriter, session: Session): void {
  const base = { programId: session.programId, sessionId: session.id, data: session };
  tx.emit({ type: 'session.updated', ...base });
  tx.emit({ type: 'session.opened', ...base });
}

/**
 * POST /v1/sessions/:id/open: facilitators and coordinators (and API keys) open the room before its join window.
 * See {@link openSessionAs}.
 */
export async function openSession(
  storage: Storage,
  principal: Principal,
  id: string,
  now: number = Date.now(),
): Promise<SessionWithAgenda> {
  await visibleSession(storage, principal, id);
  authorize(principal, 'session.open');
  return openSessionAs(storage, openerOf(principal), id, now);
}

/**
 * Opens a session's room now, so everyone allowed can join: records `openedAt`/`openedBy` and emits
 * `session.updated` + `session.opened` (the audit entry; waiting pages join on it). Idempotent: a room that is
 * already open and was opened by someone changes nothing and emits nothing. A session over by time is opened
 * again for its duration. 409 `session_cancelled`, or `session_not_open` for an ended session.
 * No permission check: {@link openSession} does it; the CLI calls this as the hub's operator.
 */
export async function openSessionAs(
  storage: Storage,
  opener: SessionOpener,
  id: string,
  now: number = Date.now(),
): Promise<SessionWithAgenda> {
  return storage.write(async (tx) => {
    const current = await tx.sessions.get(id);
    if (!current) throw fail.notFound('session');
    if (current.status === 'cancelled') throw fail.conflict('session_cancelled', 'the session was cancelled');
    if (current.status === 'ended') {
      throw fail.conflict('session_not_open', 'the session has ended; it cannot be opened again');
    }
    if (current.openedAt && joinWindow(current, now).open) return withAgenda(tx, current, now);
    const at = new Date(now).toISOString();
    const next: Session = { ...current, openedAt: at, openedBy: opener, updatedAt: at };
    await tx.sessions.update(next);
    emitOpened(tx, next);
    return withAgenda(tx, next, now);
  });
}

/**
 * POST /v1/programs/:id/sessions/ad-hoc: facilitators and coordinators (and API keys) start an unscheduled session
 * now, its room open at once. See {@link startSessionNowAs}.
 */
export async function startSessionNow(
  storage: Storage,
  principal: Principal,
  programId: string,
  input: AdHocSessionInput,
  now: number = Date.now(),
): Promise<SessionWithAgenda> {
  await readProgram(storage, principal, programId);
  authorize(principal, 'session.open');
  return startSessionNowAs(storage, openerOf(principal), programId, input, now);
}

/**
 * Creates a session of the programme that starts now (`adHoc`, opened by `opener`) and emits `session.updated` +
 * `session.opened`. No permission check (see {@link startSessionNow}); 404 for an unknown programme.
 */
export async function startSessionNowAs(
  storage: Storage,
  opener: SessionOpener,
  programId: string,
  input: AdHocSessionInput,
  now: number = Date.now(),
): Promise<SessionWithAgenda> {
  if (!(await storage.programs.get(programId))) throw fail.notFound('programme');
  const at = new Date(now).toISOString();
  const session: Session = {
    id: newId('ses'),
    programId,
    title: input.title,
    topic: input.topic ?? '',
    startsAt: at,
    durationMinutes: input.durationMinutes ?? AD_HOC_DEFAULT_MINUTES,
    status: 'scheduled',
    openedAt: at,
    openedBy: opener,
    adHoc: true,
    createdAt: at,
    updatedAt: at,
  };
  return storage.write(async (tx) => {
    await tx.sessions.insert(session);
    emitOpened(tx, session);
    return withAgenda(tx, session, now);
  });
}
