import type { Kysely } from 'kysely';
import type { Dialect } from './index.js';

/**
 * `008_session_opening`: a facilitator may open a session's room before its join window, or start an unscheduled
 * session now. `opened_at` (ISO time) opens the room; `opened_by` is the JSON of who did it (audit, also in the
 * `session.opened` event); `ad_hoc` is 1 for sessions started without a schedule.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('opened_at', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('opened_by', 'text').execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('ad_hoc', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
