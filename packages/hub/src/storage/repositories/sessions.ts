import type { Page, Session, SessionStatus } from '@teleecho/sdk';
import type { ColumnType, Insertable, Kysely, Selectable } from 'kysely';
import { decodeCursor, page, type PageRequest } from '../pagination.js';
import type { Database } from '../schema.js';
import { fromJson, present, toJsonOrNull } from './rows.js';

/** `sessions` (001_initial; `revision` 006_cme; opening columns 008_session_opening). */
export interface SessionTable {
  id: string;
  program_id: string;
  title: string;
  topic: string;
  starts_at: string;
  duration_minutes: number;
  recurrence: string | null;
  status: string;
  created_at: string;
  updated_at: string;
  /** Calendar revision (iCalendar SEQUENCE), bumped by a trigger only when a calendar-relevant field changes. */
  revision: ColumnType<number, never, never>;
  /** When the room was opened early or the ad-hoc session started. */
  opened_at: string | null;
  /** JSON of the `SessionOpener`. */
  opened_by: string | null;
  /** 1 for a session started without a schedule. */
  ad_hoc: number;
}

function toSession(row: Selectable<SessionTable>): Session {
  return {
    id: row.id,
    programId: row.program_id,
    title: row.title,
    topic: row.topic,
    startsAt: row.starts_at,
    durationMinutes: Number(row.duration_minutes),
    status: row.status as SessionStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...present({
      openedAt: row.opened_at,
      openedBy: fromJson<Session['openedBy']>(row.opened_by),
      adHoc: Number(row.ad_hoc) === 1 ? true : null,
      recurrence: row.recurrence,
    }),
  };
}

function sessionRow(value: Session): Insertable<SessionTable> {
  return {
    id: value.id,
    program_id: value.programId,
    title: value.title,
    topic: value.topic,
    starts_at: value.startsAt,
    duration_minutes: value.durationMinutes,
    recurrence: value.recurrence ?? null,
    status: value.status,
    created_at: value.createdAt,
    updated_at: value.updatedAt,
    opened_at: value.openedAt ?? null,
    opened_by: toJsonOrNull(value.openedBy),
    ad_hoc: value.adHoc ? 1 : 0,
  };
}

/** Filters of {@link SessionReads.list}. */
export interface SessionFilter {
  programId: string;
  from?: string;
  to?: string;
  status?: SessionStatus;
  /** Only this session (token narrowed by `ses`). */
  sessionId?: string;
}

/** Reading sessions. */
export interface SessionReads {
  get(id: string): Promise<Session | undefined>;
  /** Sessions by start time. */
  list(filter: SessionFilter, request: PageRequest): Promise<Page<Session>>;
  /** Session id → calendar revision (iCalendar SEQUENCE) of a programme's sessions. */
  revisions(programId: string): Promise<Map<string, number>>;
}

/** Sessions inside a transaction. */
export interface Sessions extends SessionReads {
  insert(session: Session): Promise<void>;
  update(session: Session): Promise<void>;
}

export function sessionReads(db: Kysely<Database>): SessionReads {
  return {
    async get(id) {
      const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toSession(row);
    },
    async list(filter, request) {
      let query = db
        .selectFrom('sessions')
        .selectAll()
        .where('program_id', '=', filter.programId)
        .orderBy('starts_at')
        .orderBy('id')
        .limit(request.limit + 1);
      if (filter.from) query = query.where('starts_at', '>=', filter.from);
      if (filter.to) query = query.where('starts_at', '<', filter.to);
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.sessionId) query = query.where('id', '=', filter.sessionId);
      if (request.cursor) {
        const [startsAt, id] = decodeCursor(request.cursor, 2) as [string, string];
        query = query.where((eb) =>
          eb.or([eb('starts_at', '>', startsAt), eb.and([eb('starts_at', '=', startsAt), eb('id', '>', id)])]),
        );
      }
      return page((await query.execute()).map(toSession), request.limit, (s) => [s.startsAt, s.id]);
    },
    async revisions(programId) {
      const rows = await db
        .selectFrom('sessions')
        .select(['id', 'revision'])
        .where('program_id', '=', programId)
        .execute();
      return new Map(rows.map((r) => [r.id, Number(r.revision)]));
    },
  };
}

export function sessions(db: Kysely<Database>): Sessions {
  return {
    ...sessionReads(db),
    async insert(session) {
      await db.insertInto('sessions').values(sessionRow(session)).execute();
    },
    async update(session) {
      const { id: _id, created_at: _c, ...rest } = sessionRow(session);
      await db.updateTable('sessions').set(rest).where('id', '=', session.id).execute();
    },
  };
}
