/**
 * CME transcripts: per person, the sessions they attended with the credit each earned under the programme's
 * rule, as JSON or CSV. Also the shared pieces certificates and LTI grade passback use: whose record is asked
 * for ({@link resolveSubject}) and one session's credit ({@link creditForSession}).
 * @packageDocumentation
 */
import type { AttendanceInterval, CreditStatus, Program, Session, Transcript, TranscriptEntry } from '@teleecho/sdk';
import { DomainError } from './errors.js';
import type { Storage, StorageReader } from '../storage/storage.js';
import { evaluateCredit } from './credit.js';
import { authorize, can } from './permissions.js';
import type { Principal } from './principal.js';
import { readProgram } from './programs.js';
import { normaliseDateTime } from './sessions.js';

/** Whose CME record a request is about. */
export interface CmeSubject {
  program: Program;
  userId: string;
  userName: string;
}

/**
 * Resolves whose record is asked for: a person gets their own (`user` may only name themselves unless they are a
 * coordinator); coordinators and API keys may name anyone (API keys must). 403 `forbidden` otherwise.
 */
export async function resolveSubject(
  storage: Storage,
  principal: Principal,
  programId: string,
  user: string | undefined,
): Promise<CmeSubject> {
  const program = await readProgram(storage, principal, programId);
  authorize(principal, 'credit.read');
  if (principal.kind === 'apiKey' && !user) {
    throw new DomainError('validation_failed', 'an API key must name the person with ?user=', [
      { path: '/user', message: 'required with an API key' },
    ]);
  }
  const self = principal.kind === 'user' && (!user || user === principal.sub);
  if (!self && !can(principal, 'credit.manage')) {
    throw new DomainError('forbidden', "only coordinators may read another person's CME record");
  }
  if (self) return { program, userId: principal.sub, userName: principal.name };
  const userId = user!;
  const intervals = await storage.attendance.listForUser(programId, userId);
  return { program, userId, userName: intervals.at(-1)?.userName ?? userId };
}

/** One session of a person's record with its credit. */
export interface SessionCredit {
  session: Session;
  intervals: AttendanceInterval[];
  evaluationSubmitted: boolean;
  credit: CreditStatus;
}

/**
 * Credit of every session a person has attendance in (optionally only sessions starting in `[from, to)`),
 * ordered by start.
 */
export async function creditsOf(
  storage: StorageReader,
  program: Program,
  userId: string,
  options: { from?: string; to?: string; now?: number } = {},
): Promise<SessionCredit[]> {
  const intervals = await storage.attendance.listForUser(program.id, userId);
  const bySession = new Map<string, AttendanceInterval[]>();
  for (const interval of intervals) {
    const list = bySession.get(interval.sessionId) ?? [];
    list.push(interval);
    bySession.set(interval.sessionId, list);
  }
  const evaluated = await storage.cme.evaluatedSessionIds(program.id, userId);
  const rows: SessionCredit[] = [];
  for (const [sessionId, list] of bySession) {
    const session = await storage.sessions.get(sessionId);
    if (!session) continue;
    if (options.from && session.startsAt < options.from) continue;
    if (options.to && session.startsAt >= options.to) continue;
    const evaluationSubmitted = evaluated.has(sessionId);
    rows.push({
      session,
      intervals: list,
      evaluationSubmitted,
      credit: evaluateCredit({
        rule: program.creditRule,
        session,
        intervals: list,
        evaluationDone: evaluationSubmitted,
        ...(options.now !== undefined && { now: options.now }),
      }),
    });
  }
  return rows.sort(
    (a, b) => a.session.startsAt.localeCompare(b.session.startsAt) || a.session.id.localeCompare(b.session.id),
  );
}

/**
 * One person's credit for one session, evaluation included — what LTI grade passback and `<echo-evaluation>`
 * show. Reads storage; the rule itself is {@link evaluateCredit}.
 */
export async function creditForSession(
  storage: StorageReader,
  program: Program,
  session: Session,
  userId: string,
  now: number = Date.now(),
): Promise<CreditStatus> {
  const intervals = await storage.attendance.list(session.id, userId);
  const evaluation = program.creditRule.evaluationTemplateId
    ? await storage.cme.getEvaluation(session.id, userId)
    : undefined;
  return evaluateCredit({ rule: program.creditRule, session, intervals, evaluationDone: Boolean(evaluation), now });
}

/** Period bounds from query strings (ISO date or date-time; a bare `to` date includes that whole day). */
export function periodBounds(from: string | undefined, to: string | undefined): { from?: string; to?: string } {
  const bound = (value: string, path: string, endOfDay: boolean): string => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const day = normaliseDateTime(`${value}T00:00:00Z`, path);
      return endOfDay ? new Date(Date.parse(day) + 86_400_000).toISOString() : day;
    }
    return normaliseDateTime(value, path);
  };
  const result = {
    ...(from && { from: bound(from, '/from', false) }),
    ...(to && { to: bound(to, '/to', true) }),
  };
  if (result.from && result.to && result.from >= result.to) {
    throw new DomainError('validation_failed', 'from must be before to', [
      { path: '/to', message: 'must be after from' },
    ]);
  }
  return result;
}

/** GET /v1/programs/:id/transcript. */
export async function buildTranscript(
  storage: Storage,
  principal: Principal,
  programId: string,
  query: { user?: string; from?: string; to?: string },
  now: number = Date.now(),
): Promise<Transcript> {
  const subject = await resolveSubject(storage, principal, programId, query.user);
  const period = periodBounds(query.from, query.to);
  const rows = await creditsOf(storage, subject.program, subject.userId, { ...period, now });
  const codes = new Map<string, string>();
  for (const cert of await storage.cme.listCertificates(programId, subject.userId)) {
    if (cert.scope.startsWith('session:')) codes.set(cert.scope.slice('session:'.length), cert.code);
  }
  const creditType = subject.program.creditRule.creditType;
  const entries: TranscriptEntry[] = rows.map(({ session, credit, evaluationSubmitted }) => {
    const code = codes.get(session.id);
    return {
      sessionId: session.id,
      date: session.startsAt,
      title: session.title,
      topic: session.topic,
      scheduledMinutes: credit.scheduledMinutes,
      attendedMinutes: credit.attendedMinutes,
      share: credit.share,
      credits: credit.credits,
      ...(creditType && { creditType }),
      eligible: credit.eligible,
      ...(credit.reason && { reason: credit.reason }),
      evaluationSubmitted,
      ...(code && { certificateCode: code }),
    };
  });
  const total = entries.reduce((sum, e) => sum + e.credits, 0);
  return {
    programId,
    programName: subject.program.name,
    userId: subject.userId,
    userName: subject.userName,
    ...(creditType && { creditType }),
    ...period,
    totalCredits: Math.round(total * 100) / 100,
    entries,
    generatedAt: new Date(now).toISOString(),
  };
}

/** Columns of the CSV transcript, in order. */
export const TRANSCRIPT_CSV_COLUMNS = [
  'Date (UTC)',
  'Session',
  'Topic',
  'Scheduled minutes',
  'Attended minutes',
  'Share',
  'Credits',
  'Credit type',
  'Certificate code',
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, or leading/trailing space; quotes doubled.
 * Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`.
 */
export function csvField(value: string | number | undefined, text = true): string {
  let out = value === undefined ? '' : String(value);
  if (text && /^[=+\-@\t\r]/.test(out)) out = `'${out}`;
  return /[",\r\n]|^\s|\s$/.test(out) ? `"${out.replace(/"/g, '""')}"` : out;
}

/** The transcript as CSV: UTF-8 with a BOM (Excel), CRLF line ends, a header row, one row per session. */
export function transcriptCsv(transcript: Transcript): string {
  const lines = [TRANSCRIPT_CSV_COLUMNS.map((c) => csvField(c)).join(',')];
  for (const e of transcript.entries) {
    lines.push(
      [
        csvField(e.date.slice(0, 16).replace('T', ' '), false),
        csvField(e.title),
        csvField(e.topic),
        csvField(e.scheduledMinutes, false),
        csvField(e.attendedMinutes, false),
        csvField(e.share, false),
        csvField(e.credits, false),
        csvField(e.creditType),
        csvField(e.certificateCode),
      ].join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
