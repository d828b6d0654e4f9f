import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, dropTestDatabase, storageTiers } from '@teleecho/test-kit';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { MIGRATION_LOCK_KEY, MIGRATIONS, migrateToLatest, type MigrationFile } from './migrations/index.js';
import { openStorage, type StorageLocation } from './open.js';
import type { Storage } from './storage.js';

const here = new URL('.', import.meta.url).pathname;

/** SQL dump of a database made by the storage layout before `migrations/` (commit e461597, 001–008 applied). */
function fixture(tier: 'sqlite' | 'postgres'): string {
  return readFileSync(join(here, 'fixtures', `layout-008.${tier}.sql`), 'utf8');
}

function postgres(url: string): Kysely<unknown> {
  return new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 4 }) }),
  });
}

async function appliedMigrations(db: Kysely<unknown>): Promise<{ name: string; timestamp: string }[]> {
  const { rows } = await sql<{ name: string; timestamp: string }>`
    select name, timestamp from kysely_migration order by name`.execute(db);
  return rows;
}

test('the migrations folder holds one NNN_name.ts file per migration, numbered without gaps, listed in order', () => {
  const files = readdirSync(join(here, 'migrations'))
    .filter((f) => f !== 'index.ts')
    .sort();
  assert.ok(
    files.every((f) => /^\d{3}_[a-z0-9_]+\.ts$/.test(f)),
    `every file is NNN_name.ts: ${files.join(', ')}`,
  );
  assert.deepEqual(
    MIGRATIONS.map(([name]) => `${name}.ts`),
    files,
    'index.ts lists every file, in order',
  );
  assert.deepEqual(
    files.map((f) => Number(f.slice(0, 3))),
    files.map((_, i) => i + 1),
  );
});

for (const { tier, skip } of await storageTiers()) {
  describe(`a database made by the previous storage layout [${tier}]`, { skip }, () => {
    let location: StorageLocation;
    let dir: string;
    let storage: Storage;
    let before008: { name: string; timestamp: string }[];

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'teleecho-old-layout-'));
      if (tier === 'postgres') {
        location = { databaseUrl: await createTestDatabase() };
        const client = new pg.Client({ connectionString: location.databaseUrl });
        await client.connect();
        try {
          await client.query(fixture('postgres'));
        } finally {
          await client.end();
        }
        const db = postgres(location.databaseUrl!);
        before008 = await appliedMigrations(db);
        await db.destroy();
      } else {
        location = { dataDir: dir };
        const database = new BetterSqlite3(join(dir, 'hub.db'));
        database.exec(fixture('sqlite'));
        before008 = database.prepare('select name, timestamp from kysely_migration order by name').all() as {
          name: string;
          timestamp: string;
        }[];
        database.close();
      }
      storage = await openStorage(location);
    });

    after(async () => {
      await storage?.close();
      rmSync(dir, { recursive: true, force: true });
      if (location?.databaseUrl) await dropTestDatabase(location.databaseUrl);
    });

    test('opens with its migrations recorded under their old names, none applied again', async () => {
      assert.deepEqual(
        before008.map((m) => m.name),
        MIGRATIONS.slice(0, 8).map(([name]) => name),
        'the old layout applied 001–008, which keep their names',
      );
      const db = (storage as unknown as { db: Kysely<unknown> }).db;
      const applied = await appliedMigrations(db);
      assert.deepEqual(applied.slice(0, before008.length), before008, 'same names, same timestamps');
      assert.deepEqual(
        applied.map((m) => m.name),
        MIGRATIONS.map(([name]) => name),
        'and migrations added since are applied',
      );
    });

    test('keeps its data: programmes, sessions, cases, recommendations, attendance, CME, webhooks, LTI, events', async () => {
      const program = await storage.programs.get('prg_old');
      assert.equal(program?.name, 'Old layout');
      assert.deepEqual(program?.creditRule, { creditsPerSession: 1, minimumShare: 0.75 });
      const session = await storage.sessions.get('ses_old');
      assert.equal(session?.title, 'Old session (moved)');
      assert.equal(session?.recurrence, 'FREQ=WEEKLY');
      assert.equal(session?.adHoc, undefined);
      assert.equal((await storage.sessions.revisions('prg_old')).get('ses_old'), 1);
      const value = await storage.cases.get('cas_old');
      assert.equal(value?.status, 'recommendations_issued');
      assert.equal(value?.sessionId, 'ses_old');
      assert.deepEqual(value?.response.item, [{ linkId: 'q', answer: [{ valueString: 'A' }] }]);
      assert.equal(await storage.cases.tokenIssuer('cas_old'), 'key_old');
      assert.deepEqual(await storage.cases.agenda('ses_old'), [
        { caseId: 'cas_old', title: 'Old case', status: 'recommendations_issued', position: 1 },
      ]);
      const [recommendation] = await storage.recommendations.list('cas_old');
      assert.equal(recommendation?.body, 'Start therapy');
      assert.equal(recommendation?.category, 'treatment');
      assert.equal(recommendation?.number, 1);
      assert.equal(recommendation?.acknowledgement, undefined);
      assert.deepEqual(await storage.attendance.list('ses_old'), [
        {
          id: 'att_old',
          sessionId: 'ses_old',
          userId: 'part',
          userName: 'Participant',
          role: 'participant',
          joinedAt: '2026-12-01T10:00:00.000Z',
          leftAt: '2026-12-01T11:00:00.000Z',
        },
      ]);
      assert.equal((await storage.cme.getCertificate('CERT-OLD'))?.scope, 'session:ses_old');
      assert.equal((await storage.cme.findCalendarFeed('prg_old', null))?.token, 'cal_old');
      const key = await storage.apiKeys.get('key_old');
      assert.deepEqual(key?.allowedOrigins, ['*']);
      assert.deepEqual([...key!.tokenKey], [1, 2, 3]);
      assert.equal(key?.webhookUrl, 'https://host.example/hook');
      assert.equal((await storage.webhooks.get('whd_old'))?.status, 'delivered');
      const [platform] = await storage.lti.platformsByIssuer('https://lms.example');
      assert.deepEqual(platform?.deploymentIds, ['1']);
      assert.equal(platform?.scopes, null);
      assert.equal(platform?.registeredVia, 'manual');
      const [event] = await storage.events.after(0, 10, 'prg_old');
      assert.equal(event?.type, 'case.updated');
      assert.equal(event?.presenterId, 'pres');
    });

    test('takes new writes: event ids go on from the old log, the calendar revision trigger still fires', async () => {
      const newest = await storage.events.newestId();
      await storage.write(async (tx) => {
        const session = (await tx.sessions.get('ses_old'))!;
        await tx.sessions.update({ ...session, startsAt: '2026-12-08T10:00:00.000Z' });
        tx.emit({ type: 'session.updated', programId: 'prg_old', sessionId: 'ses_old', data: {} });
      });
      assert.equal((await storage.sessions.revisions('prg_old')).get('ses_old'), 2);
      assert.ok((await storage.events.newestId()) > newest);
    });
  });
}

const [, postgresTier] = await storageTiers();

describe('hub processes starting together on one PostgreSQL database', { skip: postgresTier!.skip }, () => {
  let url: string;
  before(async () => {
    url = await createTestDatabase();
  });
  after(async () => {
    if (url) await dropTestDatabase(url);
  });

  test('three migrators started at once on a fresh database apply each migration exactly once', async () => {
    const runs = new Map<string, number>();
    // The real migrations, each counted and slowed down so the three runs overlap.
    const counted = MIGRATIONS.map(([name, file]): readonly [string, MigrationFile] => [
      name,
      {
        async up(db, dialect) {
          runs.set(name, (runs.get(name) ?? 0) + 1);
          await new Promise((resolve) => setTimeout(resolve, 20));
          await file.up(db, dialect);
        },
      },
    ]);
    const hubs = [postgres(url), postgres(url), postgres(url)];
    try {
      const results = await Promise.allSettled(hubs.map((db) => migrateToLatest(db, 'postgres', counted)));
      assert.deepEqual(
        results.map((r) => r.status),
        ['fulfilled', 'fulfilled', 'fulfilled'],
        String(results.map((r) => (r.status === 'rejected' ? r.reason : '')).join(' ')),
      );
      assert.deepEqual(Object.fromEntries(runs), Object.fromEntries(MIGRATIONS.map(([name]) => [name, 1])));
      assert.deepEqual(
        (await appliedMigrations(hubs[0]!)).map((m) => m.name),
        MIGRATIONS.map(([name]) => name),
      );
      // and the hubs then open the same database as usual
      const storages = await Promise.all([1, 2, 3].map(() => openStorage({ databaseUrl: url })));
      await Promise.all(storages.map((s) => s.close()));
    } finally {
      await Promise.all(hubs.map((db) => db.destroy()));
    }
  });

  test('a hub waits, without touching the schema, while another holds the migration lock', async () => {
    const fresh = await createTestDatabase();
    const holder = new pg.Client({ connectionString: fresh });
    await holder.connect();
    const db = postgres(fresh);
    try {
      await holder.query('select pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK_KEY]);
      let settled = false;
      const migrating = migrateToLatest(db, 'postgres').finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(settled, false, 'still waiting for the lock');
      const { rows } = await holder.query(`select count(*)::int as n from pg_tables where schemaname = 'public'`);
      assert.equal(rows[0].n, 0, 'no table made while the lock is held elsewhere');
      await holder.query('select pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK_KEY]);
      await migrating;
      assert.equal((await appliedMigrations(db)).length, MIGRATIONS.length);
    } finally {
      await holder.end();
      await db.destroy();
      await dropTestDatabase(fresh);
    }
  });
});
