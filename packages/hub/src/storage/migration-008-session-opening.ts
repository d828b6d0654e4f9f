import type { Kysely, Migration } from 'kysely';

/**
 * 008_session_opening: a facilitator may open a session's room before its join window, or start an unscheduled
 * session now. `opened_at` (ISO time) opens the room; `opened_by` is the JSON of who did it (audit, also in the
 * `session.opened` event); `ad_hoc` is 1 for sessions started without a schedule.
 */
export const sessionOpeningMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('sessions').addColumn('opened_at', 'text').execute();
    await db.schema.alterTable('sessions').addColumn('opened_by', 'text').execute();
    await db.schema
      .alterTable('sessions')
      .addColumn('ad_hoc', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
