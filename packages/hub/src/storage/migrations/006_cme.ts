import { sql, type Kysely } from 'kysely';
import type { Dialect } from './index.js';

/**
 * `006_cme`: CME certificates (verification codes), post-session evaluations, calendar feed tokens, and a `revision`
 * counter on sessions for iCalendar `SEQUENCE`.
 *
 * The revision is bumped by a trigger whenever a calendar-relevant field changes (title, topic, start, duration,
 * recurrence, or cancellation), so every write path — routes, CLI, seeds — keeps it right without knowing about
 * calendars; status changes such as `live`/`ended` do not bump it.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('cme_certificates')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('cme_certificates_scope')
    .on('cme_certificates')
    .columns(['program_id', 'user_id', 'scope'])
    .unique()
    .execute();
  await db.schema
    .createTable('cme_evaluations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id'))
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('template_version', 'integer', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('cme_evaluations_user')
    .on('cme_evaluations')
    .columns(['session_id', 'user_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('cme_evaluations_program_user')
    .on('cme_evaluations')
    .columns(['program_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('calendar_feeds')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
    .addColumn('user_id', 'text')
    .addColumn('user_name', 'text')
    .addColumn('session_id', 'text')
    .addColumn('join_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('calendar_feeds_owner').on('calendar_feeds').columns(['program_id', 'user_id']).execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  if (dialect === 'postgres') {
    await sql`
      create function sessions_bump_revision() returns trigger language plpgsql as $$
      begin
        if new.title is distinct from old.title
          or new.topic is distinct from old.topic
          or new.starts_at is distinct from old.starts_at
          or new.duration_minutes is distinct from old.duration_minutes
          or new.recurrence is distinct from old.recurrence
          or (new.status = 'cancelled') is distinct from (old.status = 'cancelled') then
          new.revision := old.revision + 1;
        end if;
        return new;
      end $$`.execute(db);
    await sql`
      create trigger sessions_revision before update on sessions
      for each row execute function sessions_bump_revision()`.execute(db);
  } else {
    await sql`
      create trigger sessions_revision after update of title, topic, starts_at, duration_minutes, recurrence, status
      on sessions
      when new.title is not old.title
        or new.topic is not old.topic
        or new.starts_at is not old.starts_at
        or new.duration_minutes is not old.duration_minutes
        or new.recurrence is not old.recurrence
        or (new.status = 'cancelled') is not (old.status = 'cancelled')
      begin
        update sessions set revision = old.revision + 1 where id = new.id;
      end`.execute(db);
  }
}
