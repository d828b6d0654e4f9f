import type { AgendaItem, Case, CaseStatus, Page } from '@teleecho/sdk';
import type { ColumnType, Insertable, Kysely, Selectable } from 'kysely';
import { decodeCursor, page, type PageRequest } from '../pagination.js';
import type { Database } from '../schema.js';
import { fromJson, present, toJson } from './rows.js';

/** `cases` (001_initial; `token_issuer` 004_host_webhooks). */
export interface CaseTable {
  id: string;
  program_id: string;
  template_id: string;
  presenter_id: string;
  presenter_name: string;
  title: string;
  status: string;
  response: string;
  deidentification: string;
  session_id: string | null;
  agenda_position: number | null;
  return_reason: string | null;
  follow_up_of: string | null;
  created_at: string;
  updated_at: string;
  /** `iss` of the presenter's token at submit; written only by {@link Cases.setTokenIssuer}. */
  token_issuer: ColumnType<string | null, never, string | null>;
}

const PRESENTED: CaseStatus[] = ['presented', 'recommendations_issued', 'closed'];

function toCase(row: Selectable<CaseTable>): Case {
  return {
    id: row.id,
    programId: row.program_id,
    templateId: row.template_id,
    presenterId: row.presenter_id,
    presenterName: row.presenter_name,
    title: row.title,
    status: row.status as CaseStatus,
    response: fromJson<Case['response']>(row.response),
    deidentification: fromJson<Case['deidentification']>(row.deidentification),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...present({ sessionId: row.session_id, returnReason: row.return_reason, followUpOf: row.follow_up_of }),
  };
}

function caseRow(value: Case, agendaPosition: number | null): Insertable<CaseTable> {
  return {
    id: value.id,
    program_id: value.programId,
    template_id: value.templateId,
    presenter_id: value.presenterId,
    presenter_name: value.presenterName,
    title: value.title,
    status: value.status,
    response: toJson(value.response),
    deidentification: toJson(value.deidentification),
    session_id: value.sessionId ?? null,
    agenda_position: agendaPosition,
    return_reason: value.returnReason ?? null,
    follow_up_of: value.followUpOf ?? null,
    created_at: value.createdAt,
    updated_at: value.updatedAt,
  };
}

/** Filters of {@link CaseReads.list}. Every set field narrows the result. */
export interface CaseFilter {
  programId?: string;
  status?: CaseStatus;
  sessionId?: string;
  presenterId?: string;
  caseId?: string;
  /** Only cases presented in sessions this user attended (participants). */
  attendedBy?: string;
}

/** Reading cases. */
export interface CaseReads {
  get(id: string): Promise<Case | undefined>;
  list(filter: CaseFilter, request: PageRequest): Promise<Page<Case>>;
  /** The cases on a session's agenda, in agenda order. */
  agenda(sessionId: string): Promise<AgendaItem[]>;
  /** `iss` of the token that submitted the case (an API key id or "teleecho-hub"), when recorded. */
  tokenIssuer(caseId: string): Promise<string | undefined>;
}

/** Cases inside a transaction. */
export interface Cases extends CaseReads {
  insert(value: Case, agendaPosition?: number): Promise<void>;
  update(value: Case, agendaPosition: number | null): Promise<void>;
  /** The position after the last case on a session's agenda. */
  nextAgendaPosition(sessionId: string): Promise<number>;
  /** Records the `iss` of the token that submitted a case. */
  setTokenIssuer(caseId: string, issuer: string): Promise<void>;
}

export function caseReads(db: Kysely<Database>): CaseReads {
  return {
    async get(id) {
      const row = await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toCase(row);
    },
    async list(filter, request) {
      let query = db
        .selectFrom('cases')
        .selectAll()
        .orderBy('id')
        .limit(request.limit + 1);
      if (filter.programId) query = query.where('program_id', '=', filter.programId);
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.sessionId) query = query.where('session_id', '=', filter.sessionId);
      if (filter.presenterId) query = query.where('presenter_id', '=', filter.presenterId);
      if (filter.caseId) query = query.where('id', '=', filter.caseId);
      if (filter.attendedBy) {
        const userId = filter.attendedBy;
        query = query
          .where('status', 'in', PRESENTED)
          .where('session_id', 'in', (eb) =>
            eb.selectFrom('attendance_intervals').select('session_id').where('user_id', '=', userId),
          );
      }
      if (request.cursor) query = query.where('id', '>', decodeCursor(request.cursor, 1)[0]!);
      return page((await query.execute()).map(toCase), request.limit, (c) => [c.id]);
    },
    async agenda(sessionId) {
      const rows = await db
        .selectFrom('cases')
        .select(['id', 'title', 'status', 'agenda_position'])
        .where('session_id', '=', sessionId)
        .orderBy('agenda_position')
        .orderBy('id')
        .execute();
      return rows.map((row) => ({
        caseId: row.id,
        title: row.title,
        status: row.status as CaseStatus,
        position: Number(row.agenda_position ?? 0),
      }));
    },
    async tokenIssuer(caseId) {
      const row = await db.selectFrom('cases').select('token_issuer').where('id', '=', caseId).executeTakeFirst();
      return row?.token_issuer ?? undefined;
    },
  };
}

export function cases(db: Kysely<Database>): Cases {
  return {
    ...caseReads(db),
    async insert(value, agendaPosition) {
      await db
        .insertInto('cases')
        .values(caseRow(value, agendaPosition ?? null))
        .execute();
    },
    async update(value, agendaPosition) {
      const { id: _id, created_at: _c, ...rest } = caseRow(value, agendaPosition);
      await db.updateTable('cases').set(rest).where('id', '=', value.id).execute();
    },
    async nextAgendaPosition(sessionId) {
      const row = await db
        .selectFrom('cases')
        .select((eb) => eb.fn.max('agenda_position').as('max'))
        .where('session_id', '=', sessionId)
        .executeTakeFirst();
      return Number(row?.max ?? 0) + 1;
    },
    async setTokenIssuer(caseId, issuer) {
      await db.updateTable('cases').set({ token_issuer: issuer }).where('id', '=', caseId).execute();
    },
  };
}
