/**
 * The hub's schema migrations: one file per migration in this folder, `NNN_name.ts`, each exporting
 * `up(db, dialect)`, listed here in order. The names are what kysely records in its `kysely_migration` table, so an
 * applied migration is never renamed or edited: a change to the schema is a new file with the next number.
 * @packageDocumentation
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m001 from './001_initial.js';
import * as m002 from './002_livekit_webhooks.js';
import * as m003 from './003_program_deid_policy.js';
import * as m004 from './004_host_webhooks.js';
import * as m005 from './005_lti.js';
import * as m006 from './006_cme.js';
import * as m007 from './007_lti_platform_state.js';
import * as m008 from './008_session_opening.js';

/** Which SQL engine a migration runs on. */
export type Dialect = 'sqlite' | 'postgres';

/** One migration file. */
export interface MigrationFile {
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** Every migration by its recorded name, in the order they apply. */
export const MIGRATIONS: ReadonlyArray<readonly [name: string, file: MigrationFile]> = [
  ['001_initial', m001],
  ['002_livekit_webhooks', m002],
  ['003_program_deid_policy', m003],
  ['004_host_webhooks', m004],
  ['005_lti', m005],
  ['006_cme', m006],
  ['007_lti_platform_state', m007],
  ['008_session_opening', m008],
];

/** The migrations as kysely takes them. */
export function migrations(
  dialect: Dialect,
  list: ReadonlyArray<readonly [string, MigrationFile]> = MIGRATIONS,
): Record<string, Migration> {
  return Object.fromEntries(list.map(([name, file]) => [name, { up: (db: Kysely<unknown>) => file.up(db, dialect) }]));
}

/** A kysely migration provider over {@link migrations}. */
export function migrationProvider(
  dialect: Dialect,
  list: ReadonlyArray<readonly [string, MigrationFile]> = MIGRATIONS,
): MigrationProvider {
  return { getMigrations: async () => migrations(dialect, list) };
}

/**
 * Key of the PostgreSQL advisory lock held while the hub migrates (`hashtext('teleecho-hub:migrations')`, fixed so
 * every hub version takes the same lock).
 */
export const MIGRATION_LOCK_KEY = 'teleecho-hub:migrations';

/**
 * Applies pending migrations. On PostgreSQL the whole run, kysely's own bookkeeping tables included, happens under a
 * session advisory lock, so hub processes started together against one fresh database migrate it once: the first
 * applies every migration, the others wait for the lock and then find nothing to do.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  dialect: Dialect,
  list: ReadonlyArray<readonly [string, MigrationFile]> = MIGRATIONS,
): Promise<void> {
  const run = async (): Promise<void> => {
    const { error } = await new Migrator({ db, provider: migrationProvider(dialect, list) }).migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(`migration failed: ${String(error)}`);
  };
  if (dialect !== 'postgres') return run();
  // The lock is held by one pooled connection for the whole run; the migrator uses others from the pool.
  await db.connection().execute(async (lock) => {
    await sql`select pg_advisory_lock(hashtext(${MIGRATION_LOCK_KEY}))`.execute(lock);
    try {
      await run();
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${MIGRATION_LOCK_KEY}))`.execute(lock);
    }
  });
}
