import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { KyselyStorage } from './kysely-storage.js';
import { migrateToLatest, type Dialect } from './migrations/index.js';
import type { Database } from './schema.js';
import type { Storage } from './storage.js';

/** Where {@link openStorage} keeps state: a SQLite file in `dataDir`, or PostgreSQL at `databaseUrl`. */
export interface StorageLocation {
  /** Directory of the SQLite file `hub.db` (used when no databaseUrl). */
  dataDir?: string;
  /** PostgreSQL connection string. */
  databaseUrl?: string;
}

/** Opens storage and applies pending migrations (once, when several hub processes open one PostgreSQL database). */
export async function openStorage(location: StorageLocation): Promise<Storage> {
  let db: Kysely<Database>;
  let dialect: Dialect;
  if (location.databaseUrl) {
    dialect = 'postgres';
    const pool = new pg.Pool({ connectionString: location.databaseUrl, max: 10 });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    dialect = 'sqlite';
    const dataDir = location.dataDir ?? '.teleecho';
    mkdirSync(dataDir, { recursive: true });
    const database = new BetterSqlite3(join(dataDir, 'hub.db'));
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  }
  try {
    await migrateToLatest(db as Kysely<unknown>, dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyStorage(db, dialect);
}
