import type { AttendanceInterval } from '@teleecho/sdk';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { CalendarFeedTable, CmeCertificateTable, CmeEvaluationTable, Database } from './schema.js';
import type { CalendarFeedRecord, StoredCertificate, StoredEvaluation } from './storage.js';

/** CME queries (006_cme): certificates, evaluations, calendar feeds; `KyselyStorage` delegates to these. */

type Db = Kysely<Database>;

function toCertificate(row: Selectable<CmeCertificateTable>): StoredCertificate {
  return {
    code: row.code,
    programId: row.program_id,
    userId: row.user_id,
    scope: row.scope,
    certificate: JSON.parse(row.data) as StoredCertificate['certificate'],
    issuedAt: row.issued_at,
  };
}

function toEvaluation(row: Selectable<CmeEvaluationTable>): StoredEvaluation {
  return {
    id: row.id,
    sessionId: row.session_id,
    programId: row.program_id,
    userId: row.user_id,
    userName: row.user_name,
    templateId: row.template_id,
    templateVersion: Number(row.template_version),
    response: JSON.parse(row.response) as StoredEvaluation['response'],
    submittedAt: row.submitted_at,
  };
}

function toCalendarFeed(row: Selectable<CalendarFeedTable>): CalendarFeedRecord {
  return {
    token: row.token,
    programId: row.program_id,
    ...(row.user_id !== null && { userId: row.user_id }),
    ...(row.user_name !== null && { userName: row.user_name }),
    ...(row.session_id !== null && { sessionId: row.session_id }),
    ...(row.join_url !== null && { joinUrl: row.join_url }),
    createdAt: row.created_at,
    ...(row.revoked_at !== null && { revokedAt: row.revoked_at }),
  };
}

/** Session id → calendar revision (bumped by the 006_cme trigger) for a programme. */
export async function sessionRevisions(db: Db, programId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', sql<number>`revision`.as('revision')])
    .where('program_id', '=', programId)
    .execute();
  return new Map(rows.map((r) => [r.id, Number(r.revision)]));
}

/** Every attendance interval of a person in a programme, oldest first. */
export async function listUserAttendance(db: Db, programId: string, userId: string): Promise<AttendanceInterval[]> {
  const rows = await db
    .selectFrom('attendance_intervals')
    .selectAll()
    .where('program_id', '=', programId)
    .where('user_id', '=', userId)
    .orderBy('joined_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    sessionId: row.session_id,
    userId: row.user_id,
    userName: row.user_name,
    role: row.role,
    joinedAt: row.joined_at,
    ...(row.left_at !== null && { leftAt: row.left_at }),
  }));
}

export async function getCertificate(db: Db, code: string): Promise<StoredCertificate | undefined> {
  const row = await db.selectFrom('cme_certificates').selectAll().where('code', '=', code).executeTakeFirst();
  return row && toCertificate(row);
}

export async function listCertificates(db: Db, programId: string, userId: string): Promise<StoredCertificate[]> {
  const rows = await db
    .selectFrom('cme_certificates')
    .selectAll()
    .where('program_id', '=', programId)
    .where('user_id', '=', userId)
    .orderBy('issued_at')
    .orderBy('code')
    .execute();
  return rows.map(toCertificate);
}

export async function insertCertificate(db: Db, value: StoredCertificate): Promise<boolean> {
  const result = await db
    .insertInto('cme_certificates')
    .values({
      code: value.code,
      program_id: value.programId,
      user_id: value.userId,
      scope: value.scope,
      data: JSON.stringify(value.certificate),
      issued_at: value.issuedAt,
    })
    .onConflict((oc) => oc.columns(['program_id', 'user_id', 'scope']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function getEvaluation(db: Db, sessionId: string, userId: string): Promise<StoredEvaluation | undefined> {
  const row = await db
    .selectFrom('cme_evaluations')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && toEvaluation(row);
}

export async function evaluatedSessionIds(db: Db, programId: string, userId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('cme_evaluations')
    .select('session_id')
    .where('program_id', '=', programId)
    .where('user_id', '=', userId)
    .execute();
  return new Set(rows.map((r) => r.session_id));
}

export async function insertEvaluation(db: Db, value: StoredEvaluation): Promise<boolean> {
  const result = await db
    .insertInto('cme_evaluations')
    .values({
      id: value.id,
      session_id: value.sessionId,
      program_id: value.programId,
      user_id: value.userId,
      user_name: value.userName,
      template_id: value.templateId,
      template_version: value.templateVersion,
      response: JSON.stringify(value.response),
      submitted_at: value.submittedAt,
    })
    .onConflict((oc) => oc.columns(['session_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function getCalendarFeed(db: Db, token: string): Promise<CalendarFeedRecord | undefined> {
  const row = await db.selectFrom('calendar_feeds').selectAll().where('token', '=', token).executeTakeFirst();
  return row && toCalendarFeed(row);
}

export async function findCalendarFeed(
  db: Db,
  programId: string,
  userId: string | null,
): Promise<CalendarFeedRecord | undefined> {
  const row = await db
    .selectFrom('calendar_feeds')
    .selectAll()
    .where('program_id', '=', programId)
    .where((eb) => (userId === null ? eb('user_id', 'is', null) : eb('user_id', '=', userId)))
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row && toCalendarFeed(row);
}

export async function insertCalendarFeed(db: Db, feed: CalendarFeedRecord): Promise<void> {
  await db
    .insertInto('calendar_feeds')
    .values({
      token: feed.token,
      program_id: feed.programId,
      user_id: feed.userId ?? null,
      user_name: feed.userName ?? null,
      session_id: feed.sessionId ?? null,
      join_url: feed.joinUrl ?? null,
      created_at: feed.createdAt,
      revoked_at: feed.revokedAt ?? null,
    })
    .execute();
}

export async function revokeCalendarFeeds(db: Db, programId: string, userId: string | null, at: string): Promise<void> {
  await db
    .updateTable('calendar_feeds')
    .set({ revoked_at: at })
    .where('program_id', '=', programId)
    .where((eb) => (userId === null ? eb('user_id', 'is', null) : eb('user_id', '=', userId)))
    .where('revoked_at', 'is', null)
    .execute();
}
