import type { Kysely } from 'kysely';
import type { Dialect } from './index.js';

/**
 * `002_livekit_webhooks`: ids of processed LiveKit webhooks (replays are dropped) and an index of attendance by
 * session.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('livekit_webhook_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('attendance_session')
    .on('attendance_intervals')
    .columns(['session_id', 'joined_at'])
    .execute();
}
