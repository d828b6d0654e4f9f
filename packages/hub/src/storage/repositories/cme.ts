import type { Certificate, FhirResource } from '@teleecho/sdk';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.js';
import { changed, fromJson, present, toJson } from './rows.js';

/** `cme_certificates` (006_cme); `data` is the JSON of the certificate as issued. */
export interface CmeCertificateTable {
  code: string;
  program_id: string;
  user_id: string;
  /** `session:<id>` or `period:<from>/<to>`: one certificate per person and scope. */
  scope: string;
  data: string;
  issued_at: string;
}

/** `cme_evaluations` (006_cme): submitted post-session evaluations. */
export interface CmeEvaluationTable {
  id: string;
  session_id: string;
  program_id: string;
  user_id: string;
  user_name: string;
  template_id: string;
  template_version: number;
  response: string;
  submitted_at: string;
}

/** `calendar_feeds` (006_cme): programme feed when `user_id` is null, else a personal feed. */
export interface CalendarFeedTable {
  token: string;
  program_id: string;
  user_id: string | null;
  user_name: string | null;
  session_id: string | null;
  join_url: string | null;
  created_at: string;
  revoked_at: string | null;
}

/** A CME certificate as stored: the certificate as issued, without its URL (derived per request). */
export interface StoredCertificate {
  code: string;
  programId: string;
  userId: string;
  /** `session:<id>` or `period:<from>/<to>`. */
  scope: string;
  certificate: Omit<Certificate, 'verificationUrl'>;
  issuedAt: string;
}

/** A submitted post-session evaluation. */
export interface StoredEvaluation {
  id: string;
  sessionId: string;
  programId: string;
  userId: string;
  userName: string;
  templateId: string;
  templateVersion: number;
  /** The FHIR `QuestionnaireResponse`. */
  response: FhirResource;
  submittedAt: string;
}

/** A calendar feed token: a programme feed when `userId` is absent, else a personal feed. */
export interface CalendarFeedRecord {
  token: string;
  programId: string;
  userId?: string;
  userName?: string;
  /** The session the person's token was narrowed to when the feed was made (LTI links). */
  sessionId?: string;
  /** Join link template of the feed's events; `{sessionId}` is replaced by the session id. */
  joinUrl?: string;
  createdAt: string;
  revokedAt?: string;
}

function toCertificate(row: Selectable<CmeCertificateTable>): StoredCertificate {
  return {
    code: row.code,
    programId: row.program_id,
    userId: row.user_id,
    scope: row.scope,
    certificate: fromJson<StoredCertificate['certificate']>(row.data),
    issuedAt: row.issued_at,
  };
}

function certificateRow(value: StoredCertificate): CmeCertificateTable {
  return {
    code: value.code,
    program_id: value.programId,
    user_id: value.userId,
    scope: value.scope,
    data: toJson(value.certificate),
    issued_at: value.issuedAt,
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
    response: fromJson<StoredEvaluation['response']>(row.response),
    submittedAt: row.submitted_at,
  };
}

function evaluationRow(value: StoredEvaluation): CmeEvaluationTable {
  return {
    id: value.id,
    session_id: value.sessionId,
    program_id: value.programId,
    user_id: value.userId,
    user_name: value.userName,
    template_id: value.templateId,
    template_version: value.templateVersion,
    response: toJson(value.response),
    submitted_at: value.submittedAt,
  };
}

function toCalendarFeed(row: Selectable<CalendarFeedTable>): CalendarFeedRecord {
  return {
    token: row.token,
    programId: row.program_id,
    createdAt: row.created_at,
    ...present({
      userId: row.user_id,
      userName: row.user_name,
      sessionId: row.session_id,
      joinUrl: row.join_url,
      revokedAt: row.revoked_at,
    }),
  };
}

function calendarFeedRow(feed: CalendarFeedRecord): CalendarFeedTable {
  return {
    token: feed.token,
    program_id: feed.programId,
    user_id: feed.userId ?? null,
    user_name: feed.userName ?? null,
    session_id: feed.sessionId ?? null,
    join_url: feed.joinUrl ?? null,
    created_at: feed.createdAt,
    revoked_at: feed.revokedAt ?? null,
  };
}

/** Reading CME state: certificates, evaluations, calendar feeds. */
export interface CmeReads {
  /** A certificate by verification code. */
  getCertificate(code: string): Promise<StoredCertificate | undefined>;
  /** A person's certificates in a programme (all scopes), oldest first. */
  listCertificates(programId: string, userId: string): Promise<StoredCertificate[]>;
  /** A person's evaluation of a session. */
  getEvaluation(sessionId: string, userId: string): Promise<StoredEvaluation | undefined>;
  /** Sessions of a programme a person submitted the evaluation of. */
  evaluatedSessionIds(programId: string, userId: string): Promise<Set<string>>;
  /** A calendar feed by token (revoked ones included: check `revokedAt`). */
  getCalendarFeed(token: string): Promise<CalendarFeedRecord | undefined>;
  /** The live (not revoked) feed of a programme (`userId` null) or of a person. */
  findCalendarFeed(programId: string, userId: string | null): Promise<CalendarFeedRecord | undefined>;
}

/** CME state inside a transaction. */
export interface Cme extends CmeReads {
  /** Stores a certificate; false when (program, user, scope) already has one. */
  insertCertificate(certificate: StoredCertificate): Promise<boolean>;
  /** Stores an evaluation; false when the person already evaluated the session. */
  insertEvaluation(evaluation: StoredEvaluation): Promise<boolean>;
  insertCalendarFeed(feed: CalendarFeedRecord): Promise<void>;
  /** Revokes the live feed(s) of a programme (`userId` null) or of a person. */
  revokeCalendarFeeds(programId: string, userId: string | null, at: string): Promise<void>;
}

export function cmeReads(db: Kysely<Database>): CmeReads {
  return {
    async getCertificate(code) {
      const row = await db.selectFrom('cme_certificates').selectAll().where('code', '=', code).executeTakeFirst();
      return row && toCertificate(row);
    },
    async listCertificates(programId, userId) {
      const rows = await db
        .selectFrom('cme_certificates')
        .selectAll()
        .where('program_id', '=', programId)
        .where('user_id', '=', userId)
        .orderBy('issued_at')
        .orderBy('code')
        .execute();
      return rows.map(toCertificate);
    },
    async getEvaluation(sessionId, userId) {
      const row = await db
        .selectFrom('cme_evaluations')
        .selectAll()
        .where('session_id', '=', sessionId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row && toEvaluation(row);
    },
    async evaluatedSessionIds(programId, userId) {
      const rows = await db
        .selectFrom('cme_evaluations')
        .select('session_id')
        .where('program_id', '=', programId)
        .where('user_id', '=', userId)
        .execute();
      return new Set(rows.map((r) => r.session_id));
    },
    async getCalendarFeed(token) {
      const row = await db.selectFrom('calendar_feeds').selectAll().where('token', '=', token).executeTakeFirst();
      return row && toCalendarFeed(row);
    },
    async findCalendarFeed(programId, userId) {
      const row = await db
        .selectFrom('calendar_feeds')
        .selectAll()
        .where('program_id', '=', programId)
        .where((eb) => (userId === null ? eb('user_id', 'is', null) : eb('user_id', '=', userId)))
        .where('revoked_at', 'is', null)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      return row && toCalendarFeed(row);
    },
  };
}

export function cme(db: Kysely<Database>): Cme {
  return {
    ...cmeReads(db),
    async insertCertificate(value) {
      const result = await db
        .insertInto('cme_certificates')
        .values(certificateRow(value))
        .onConflict((oc) => oc.columns(['program_id', 'user_id', 'scope']).doNothing())
        .executeTakeFirst();
      return changed(result) > 0;
    },
    async insertEvaluation(value) {
      const result = await db
        .insertInto('cme_evaluations')
        .values(evaluationRow(value))
        .onConflict((oc) => oc.columns(['session_id', 'user_id']).doNothing())
        .executeTakeFirst();
      return changed(result) > 0;
    },
    async insertCalendarFeed(feed) {
      await db.insertInto('calendar_feeds').values(calendarFeedRow(feed)).execute();
    },
    async revokeCalendarFeeds(programId, userId, at) {
      await db
        .updateTable('calendar_feeds')
        .set({ revoked_at: at })
        .where('program_id', '=', programId)
        .where((eb) => (userId === null ? eb('user_id', 'is', null) : eb('user_id', '=', userId)))
        .where('revoked_at', 'is', null)
        .execute();
    },
  };
}
