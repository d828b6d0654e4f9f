import type { EchoEvent, EchoEventType } from '@teleecho/sdk';
import type { Generated, Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.js';
import { fromJson, present, toJson } from './rows.js';

/** `event_log` (001_initial): the persisted event log behind `GET /v1/events` and `Last-Event-ID`. */
export interface EventLogTable {
  id: Generated<number>;
  type: string;
  program_id: string;
  case_id: string | null;
  session_id: string | null;
  presenter_id: string | null;
  data: string;
  at: string;
}

/** An event to append to the log. */
export interface NewEvent {
  type: EchoEventType;
  programId: string;
  caseId?: string;
  sessionId?: string;
  /** The presenter of the case the event is about (for visibility). */
  presenterId?: string;
  data: unknown;
}

/** An event as stored, with what visibility rules need. */
export interface StoredEvent extends EchoEvent {
  presenterId?: string;
}

function toEvent(row: Selectable<EventLogTable>): StoredEvent {
  return {
    id: String(row.id),
    type: row.type as EchoEventType,
    programId: row.program_id,
    at: row.at,
    data: fromJson<unknown>(row.data),
    ...present({ caseId: row.case_id, sessionId: row.session_id, presenterId: row.presenter_id }),
  };
}

/** Reading the event log. */
export interface EventReads {
  /** Events with id > afterId, oldest first. */
  after(afterId: number, limit: number, programId?: string): Promise<StoredEvent[]>;
  /** Id of the newest stored event (0 when none). */
  newestId(): Promise<number>;
}

/** The event log as the storage's commit writes it (domain code emits with `tx.emit()`). */
export interface EventLog extends EventReads {
  /** Appends an event at `at`; returns it as stored. */
  append(event: NewEvent, at: string): Promise<StoredEvent>;
  /** Drops events older than `before` (ISO). */
  prune(before: string): Promise<void>;
}

export function eventReads(db: Kysely<Database>): EventReads {
  return {
    async after(afterId, limit, programId) {
      let query = db.selectFrom('event_log').selectAll().where('id', '>', afterId).orderBy('id').limit(limit);
      if (programId) query = query.where('program_id', '=', programId);
      return (await query.execute()).map(toEvent);
    },
    async newestId() {
      const row = await db
        .selectFrom('event_log')
        .select((eb) => eb.fn.max('id').as('max'))
        .executeTakeFirst();
      return Number(row?.max ?? 0);
    },
  };
}

export function eventLog(db: Kysely<Database>): EventLog {
  return {
    ...eventReads(db),
    async append(event, at) {
      const row = await db
        .insertInto('event_log')
        .values({
          type: event.type,
          program_id: event.programId,
          case_id: event.caseId ?? null,
          session_id: event.sessionId ?? null,
          presenter_id: event.presenterId ?? null,
          data: toJson(event.data),
          at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return {
        id: String(row.id),
        type: event.type,
        programId: event.programId,
        at,
        data: event.data,
        ...present({ caseId: event.caseId, sessionId: event.sessionId, presenterId: event.presenterId }),
      };
    },
    async prune(before) {
      await db.deleteFrom('event_log').where('at', '<', before).execute();
    },
  };
}
