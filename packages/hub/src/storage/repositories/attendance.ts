import type { AttendanceInterval } from '@teleecho/sdk';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.js';
import { changed, present } from './rows.js';

/** `attendance_intervals` (001_initial): one join-to-leave interval of a person in a session. */
export interface AttendanceIntervalTable {
  id: string;
  session_id: string;
  program_id: string;
  user_id: string;
  user_name: string;
  role: string;
  joined_at: string;
  left_at: string | null;
}

/** `livekit_webhook_events` (002_livekit_webhooks): ids of processed LiveKit webhooks, to drop replays. */
export interface LiveKitWebhookEventTable {
  id: string;
  received_at: string;
}

/** One join-to-leave interval of a person in a session (filled from LiveKit webhooks). */
export interface NewAttendanceInterval {
  id: string;
  sessionId: string;
  programId: string;
  userId: string;
  userName: string;
  role: string;
  joinedAt: string;
  leftAt?: string;
}

function toAttendance(row: Selectable<AttendanceIntervalTable>): AttendanceInterval {
  return {
    id: row.id,
    sessionId: row.session_id,
    userId: row.user_id,
    userName: row.user_name,
    role: row.role,
    joinedAt: row.joined_at,
    ...present({ leftAt: row.left_at }),
  };
}

function attendanceRow(interval: NewAttendanceInterval): AttendanceIntervalTable {
  return {
    id: interval.id,
    session_id: interval.sessionId,
    program_id: interval.programId,
    user_id: interval.userId,
    user_name: interval.userName,
    role: interval.role,
    joined_at: interval.joinedAt,
    left_at: interval.leftAt ?? null,
  };
}

/** Reading attendance. */
export interface AttendanceReads {
  get(id: string): Promise<AttendanceInterval | undefined>;
  /** Intervals of a session (only this user's when `userId` is set), oldest first. */
  list(sessionId: string, userId?: string): Promise<AttendanceInterval[]>;
  /** Every interval of a person in a programme, oldest first. */
  listForUser(programId: string, userId: string): Promise<AttendanceInterval[]>;
  /** Session ids this user has an interval in. */
  attendedSessionIds(programId: string, userId: string): Promise<Set<string>>;
}

/** Attendance inside a transaction. */
export interface Attendance extends AttendanceReads {
  insert(interval: NewAttendanceInterval): Promise<void>;
  /** Sets `leftAt` of an open interval; false when it is unknown or already closed. */
  close(id: string, leftAt: string): Promise<boolean>;
  /** Closes every open interval of a session; returns how many. */
  closeOpen(sessionId: string, leftAt: string): Promise<number>;
  /** Records a processed LiveKit webhook id; false when it was already recorded (a replay). */
  recordWebhook(id: string, receivedAt: string): Promise<boolean>;
}

export function attendanceReads(db: Kysely<Database>): AttendanceReads {
  return {
    async get(id) {
      const row = await db.selectFrom('attendance_intervals').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toAttendance(row);
    },
    async list(sessionId, userId) {
      let query = db
        .selectFrom('attendance_intervals')
        .selectAll()
        .where('session_id', '=', sessionId)
        .orderBy('joined_at')
        .orderBy('id');
      if (userId !== undefined) query = query.where('user_id', '=', userId);
      return (await query.execute()).map(toAttendance);
    },
    async listForUser(programId, userId) {
      const rows = await db
        .selectFrom('attendance_intervals')
        .selectAll()
        .where('program_id', '=', programId)
        .where('user_id', '=', userId)
        .orderBy('joined_at')
        .orderBy('id')
        .execute();
      return rows.map(toAttendance);
    },
    async attendedSessionIds(programId, userId) {
      const rows = await db
        .selectFrom('attendance_intervals')
        .select('session_id')
        .distinct()
        .where('program_id', '=', programId)
        .where('user_id', '=', userId)
        .execute();
      return new Set(rows.map((r) => r.session_id));
    },
  };
}

export function attendance(db: Kysely<Database>): Attendance {
  return {
    ...attendanceReads(db),
    async insert(interval) {
      await db.insertInto('attendance_intervals').values(attendanceRow(interval)).execute();
    },
    async close(id, leftAt) {
      const result = await db
        .updateTable('attendance_intervals')
        .set({ left_at: leftAt })
        .where('id', '=', id)
        .where('left_at', 'is', null)
        .executeTakeFirst();
      return changed(result) > 0;
    },
    async closeOpen(sessionId, leftAt) {
      const result = await db
        .updateTable('attendance_intervals')
        .set({ left_at: leftAt })
        .where('session_id', '=', sessionId)
        .where('left_at', 'is', null)
        .executeTakeFirst();
      return changed(result);
    },
    async recordWebhook(id, receivedAt) {
      const result = await db
        .insertInto('livekit_webhook_events')
        .values({ id, received_at: receivedAt })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      return changed(result) > 0;
    },
  };
}

/** Drops LiveKit webhook ids received before `before` (ISO). */
export async function pruneLiveKitWebhooks(db: Kysely<Database>, before: string): Promise<void> {
  await db.deleteFrom('livekit_webhook_events').where('received_at', '<', before).execute();
}
