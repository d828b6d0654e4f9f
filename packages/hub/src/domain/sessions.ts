import type { Page, Session, SessionStatus, SessionWithAgenda } from '@teleecho/sdk';
import rrulePackage from 'rrule';
import { HubError, fail } from '../http/problem.js';
import type { PageRequest, Storage } from '../storage/storage.js';
import { newId } from './ids.js';
import { authorize, requireProgram, requireSessionScope } from './permissions.js';
import type { Principal } from './principal.js';
import { readProgram } from './programs.js';

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
    throw new HubError(400, 'validation_failed', `${path.slice(1)} must be an ISO 8601 date-time`, [
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
    throw new HubError(400, 'validation_failed', `recurrence ${message}`, [{ path: '/recurrence', message }]);
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
    await tx.insertSession(session);
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
  return storage.listSessions(
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
  const session = await storage.getSession(id);
  if (!session) throw fail.notFound('session');
  requireProgram(principal, session.programId);
  requireSessionScope(principal, id);
  return session;
}

/** GET /v1/sessions/:id with its agenda. */
export async function readSession(storage: Storage, principal: Principal, id: string): Promise<SessionWithAgenda> {
  const session = await visibleSession(storage, principal, id);
  return { ...session, agenda: await storage.agenda(id) };
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
    const current = await tx.getSession(id);
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
    await tx.updateSession(next);
    const base = { programId: next.programId, sessionId: id, data: next };
    tx.emit({ type: 'session.updated', ...base });
    if (patch.status && patch.status !== current.status) {
      if (patch.status === 'live') tx.emit({ type: 'session.started', ...base });
      if (patch.status === 'ended') tx.emit({ type: 'session.ended', ...base });
    }
    return { ...next, agenda: await tx.agenda(id) };
  });
}
