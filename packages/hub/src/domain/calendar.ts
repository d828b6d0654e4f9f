/**
 * iCalendar (RFC 5545) feeds of a programme's sessions, subscribable from Outlook, Google Calendar and Apple
 * Calendar: "anyone with the link" reads them, the link carries an unguessable feed token.
 *
 * - Programme feed: every session of the programme.
 * - Personal feed (`?user=`): the sessions a person is linked to — the session their token was narrowed to when
 *   the link was made (LTI links), the sessions where they present a case, and the sessions they attended.
 *
 * One VEVENT per session with a stable UID; recurring sessions carry their RRULE; SEQUENCE is the session's
 * revision (bumped on every change of title, topic, time, recurrence or cancellation); cancelled sessions stay
 * in the feed with STATUS:CANCELLED so calendars remove them.
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import type { CalendarLink, Program, Session } from '@teleecho/sdk';
import { DomainError, fail } from './errors.js';
import type { CalendarFeedRecord, Storage } from '../storage/storage.js';
import { scheduledWindow } from './attendance.js';
import { authorize } from './permissions.js';
import type { Principal } from './principal.js';
import { readProgram } from './programs.js';

/** How often subscribers are asked to refresh (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
export const CALENDAR_REFRESH = 'PT1H';

/** A session as the feed shows it. */
export interface CalendarSession extends Session {
  /** iCalendar SEQUENCE. */
  revision: number;
  /** Extra line for the description (e.g. "You present a case in this session."). */
  note?: string;
}

/** Input of {@link renderCalendar}. */
export interface CalendarInput {
  name: string;
  description?: string;
  sessions: CalendarSession[];
  /** Join link template; `{sessionId}` is replaced. */
  joinUrl?: string;
  /** Version of the hub, for PRODID. */
  version: string;
}

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n|\r/g, '\\n');
}

/** Folds a content line at 75 octets (RFC 5545 §3.1) without splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** `20300307T160000Z`. */
export function icsDateTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function eventLines(session: CalendarSession, input: CalendarInput): string[] {
  const window = scheduledWindow(session);
  const join = input.joinUrl?.replaceAll('{sessionId}', encodeURIComponent(session.id));
  const description = [
    session.topic,
    session.note,
    session.status === 'cancelled' ? 'This session was cancelled.' : undefined,
    join ? `Join: ${join}` : undefined,
  ]
    .filter(Boolean)
    .join('\n');
  const lines = [
    'BEGIN:VEVENT',
    `UID:${session.id}@teleecho-hub`,
    `DTSTAMP:${icsDateTime(Date.parse(session.updatedAt))}`,
    `CREATED:${icsDateTime(Date.parse(session.createdAt))}`,
    `LAST-MODIFIED:${icsDateTime(Date.parse(session.updatedAt))}`,
    `SEQUENCE:${session.revision}`,
    `DTSTART:${icsDateTime(window.start)}`,
    `DTEND:${icsDateTime(window.end)}`,
  ];
  if (session.recurrence) lines.push(`RRULE:${session.recurrence.replace(/^RRULE:/i, '')}`);
  lines.push(
    `SUMMARY:${escapeText(session.status === 'cancelled' ? `Cancelled: ${session.title}` : session.title)}`,
    `DESCRIPTION:${escapeText(description)}`,
    `STATUS:${session.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
  );
  if (join) lines.push(`URL:${join}`);
  lines.push('END:VEVENT');
  return lines;
}

/** Renders an iCalendar (VCALENDAR) of sessions: CRLF line ends, folded lines, UTC times. */
export function renderCalendar(input: CalendarInput): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//teleECHO Embed//teleECHO hub ${escapeText(input.version)}//EN`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${escapeText(input.name)}`,
    `X-WR-CALNAME:${escapeText(input.name)}`,
    ...(input.description
      ? [`DESCRIPTION:${escapeText(input.description)}`, `X-WR-CALDESC:${escapeText(input.description)}`]
      : []),
    `REFRESH-INTERVAL;VALUE=DURATION:${CALENDAR_REFRESH}`,
    `X-PUBLISHED-TTL:${CALENDAR_REFRESH}`,
    ...input.sessions.flatMap((s) => eventLines(s, input)),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

/** A new feed token: 160 random bits, URL-safe. */
export function newFeedToken(): string {
  return `cal_${randomBytes(20).toString('base64url')}`;
}

function checkJoinUrl(joinUrl: string | undefined): void {
  if (joinUrl === undefined) return;
  let url: URL | undefined;
  try {
    url = new URL(joinUrl.replaceAll('{sessionId}', 'x'));
  } catch {
    url = undefined;
  }
  if (!url || !['https:', 'http:'].includes(url.protocol)) {
    throw fail.badRequest('joinUrl must be an http(s) URL (it may contain {sessionId})', [
      { path: '/joinUrl', message: 'must be an http(s) URL' },
    ]);
  }
}

/** Options of {@link calendarLink}. */
export interface CalendarLinkOptions {
  /** `program` (default) or `personal` (the caller's own feed; people only). */
  scope?: 'program' | 'personal';
  /** Join link template (`{sessionId}` is replaced) shown in every event; kept with the feed. */
  joinUrl?: string;
  /** Revoke the current link and make a new one. */
  rotate?: boolean;
  /** Public base URL of the hub, e.g. `https://hub.example.org`. */
  baseUrl: string;
}

function linkOf(feed: CalendarFeedRecord, baseUrl: string): CalendarLink {
  const url = new URL(`/v1/programs/${encodeURIComponent(feed.programId)}/calendar.ics`, baseUrl);
  if (feed.userId) url.searchParams.set('user', feed.userId);
  url.searchParams.set('token', feed.token);
  return {
    url: url.toString(),
    webcalUrl: url.toString().replace(/^https?:/, 'webcal:'),
    scope: feed.userId ? 'personal' : 'program',
    createdAt: feed.createdAt,
  };
}

/**
 * GET (or, with `rotate`, POST) /v1/programs/:id/calendar-link: the feed URL for the programme or for the caller,
 * made on first request and reused after; rotating revokes the old link. Programme links: any member or an API
 * key; rotating a programme link (or changing its join link): coordinators and API keys.
 */
export async function calendarLink(
  storage: Storage,
  principal: Principal,
  programId: string,
  options: CalendarLinkOptions,
): Promise<CalendarLink> {
  await readProgram(storage, principal, programId);
  authorize(principal, 'calendar.link');
  checkJoinUrl(options.joinUrl);
  const personal = options.scope === 'personal';
  if (personal && principal.kind !== 'user') {
    throw new DomainError('validation_failed', 'a personal feed needs the embed token of that person', [
      { path: '/scope', message: 'personal needs a person' },
    ]);
  }
  const changes = options.rotate || options.joinUrl !== undefined;
  if (!personal && changes) authorize(principal, 'program.update');
  const userId = personal && principal.kind === 'user' ? principal.sub : null;
  return storage.write(async (tx) => {
    const current = await tx.cme.findCalendarFeed(programId, userId);
    if (current && !options.rotate && (options.joinUrl === undefined || options.joinUrl === current.joinUrl)) {
      return linkOf(current, options.baseUrl);
    }
    const now = new Date().toISOString();
    if (current) await tx.cme.revokeCalendarFeeds(programId, userId, now);
    const joinUrl = options.joinUrl ?? current?.joinUrl;
    const feed: CalendarFeedRecord = {
      token: newFeedToken(),
      programId,
      ...(principal.kind === 'user' && personal && { userId: principal.sub, userName: principal.name }),
      ...(principal.kind === 'user' && personal && principal.sessionId && { sessionId: principal.sessionId }),
      ...(joinUrl && { joinUrl }),
      createdAt: now,
    };
    await tx.cme.insertCalendarFeed(feed);
    return linkOf(feed, options.baseUrl);
  });
}

async function personalSessions(
  storage: Storage,
  feed: CalendarFeedRecord,
  sessions: CalendarSession[],
): Promise<CalendarSession[]> {
  const userId = feed.userId!;
  const attended = await storage.attendance.attendedSessionIds(feed.programId, userId);
  const presenting = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await storage.cases.list(
      { programId: feed.programId, presenterId: userId },
      { limit: 100, ...(cursor && { cursor }) },
    );
    for (const c of page.items) if (c.sessionId) presenting.add(c.sessionId);
    cursor = page.nextCursor;
  } while (cursor);
  return sessions
    .filter((s) => s.id === feed.sessionId || presenting.has(s.id) || attended.has(s.id))
    .map((s) => (presenting.has(s.id) ? { ...s, note: 'You present a case in this session.' } : s));
}

/**
 * GET /v1/programs/:id/calendar.ics?token=…[&user=…] (public): 401 `feed_token_required` without a token; 404
 * `not_found` for a wrong, revoked or other programme's token, or a `user` that is not the token's.
 */
export async function calendarFeed(
  storage: Storage,
  programId: string,
  query: { token?: string; user?: string },
  version: string,
): Promise<{ program: Program; ics: string; personal: boolean }> {
  if (!query.token) {
    throw new DomainError('feed_token_required', 'Use the feed link from GET /v1/programs/:id/calendar-link');
  }
  const feed = await storage.cme.getCalendarFeed(query.token);
  const wrongUser = query.user !== undefined && query.user !== (feed?.userId ?? undefined);
  if (!feed || feed.revokedAt || feed.programId !== programId || wrongUser) throw fail.notFound('calendar feed');
  const program = await storage.programs.get(programId);
  if (!program) throw fail.notFound('calendar feed');
  const revisions = await storage.sessions.revisions(programId);
  const all: CalendarSession[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.sessions.list({ programId }, { limit: 100, ...(cursor && { cursor }) });
    for (const s of page.items) all.push({ ...s, revision: revisions.get(s.id) ?? 0 });
    cursor = page.nextCursor;
  } while (cursor);
  const sessions = feed.userId ? await personalSessions(storage, feed, all) : all;
  const name = feed.userId ? `${program.name} — ${feed.userName ?? feed.userId}` : program.name;
  const ics = renderCalendar({
    name,
    description: `teleECHO sessions of ${program.name} (${program.specialty})`,
    sessions,
    ...(feed.joinUrl && { joinUrl: feed.joinUrl }),
    version,
  });
  return { program, ics, personal: Boolean(feed.userId) };
}
