import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { newId } from '../domain/ids.js';
import { insertProgramWithDefaults } from '../domain/programs.js';
import { createTestDatabase, dropTestDatabase, storageTiers } from '@teleecho/test-kit';
import { KyselyStorage } from './kysely-storage.js';
import { migrations } from './migrations/index.js';
import { openStorage, type StorageLocation } from './open.js';
import type { Storage, StoredEvent } from './storage.js';

for (const { tier, skip } of await storageTiers()) {
  describe(`storage [${tier}]`, { skip }, () => {
    let location: StorageLocation;
    let storage: Storage;
    let dir: string;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'teleecho-storage-'));
      location = tier === 'postgres' ? { databaseUrl: await createTestDatabase() } : { dataDir: dir };
      storage = await openStorage(location);
    });
    after(async () => {
      await storage?.close();
      rmSync(dir, { recursive: true, force: true });
      if (location?.databaseUrl) await dropTestDatabase(location.databaseUrl);
    });

    test('migrations are recorded and re-opening applies nothing twice', async () => {
      const again = await openStorage(location);
      try {
        const db = (again as unknown as { db: Kysely<unknown> }).db;
        const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
        const applied = rows.rows.map((r) => r.name);
        assert.deepEqual(applied, Object.keys(migrations(tier)).sort(), 'every migration applied, each once');
        assert.ok(applied.includes('001_initial'));
      } finally {
        await again.close();
      }
      assert.equal(storage.kind, tier);
      assert.ok(storage instanceof KyselyStorage);
    });

    test('round-trips programmes, templates, sessions and cases with JSON intact', async () => {
      const program = await storage.write((tx) =>
        insertProgramWithDefaults(tx, { name: 'Round trip', specialty: 's' }),
      );
      assert.deepEqual(await storage.programs.get(program.id), program);
      const [template] = await storage.templates.list(program.id);
      assert.equal(template!.questionnaire.resourceType, 'Questionnaire');
      const now = new Date().toISOString();
      const session = {
        id: newId('ses'),
        programId: program.id,
        title: 'T',
        topic: 'Ü ñ 中文',
        startsAt: now,
        durationMinutes: 60,
        status: 'scheduled' as const,
        createdAt: now,
        updatedAt: now,
        recurrence: 'FREQ=WEEKLY',
      };
      await storage.write((tx) => tx.sessions.insert(session));
      assert.deepEqual(await storage.sessions.get(session.id), session);
      const value = {
        id: newId('cas'),
        programId: program.id,
        templateId: template!.id,
        presenterId: 'p',
        presenterName: 'P',
        title: 'T',
        status: 'submitted' as const,
        response: { resourceType: 'QuestionnaireResponse', item: [{ linkId: 'a' }] },
        deidentification: { policy: 'safe-harbor', changes: [] },
        createdAt: now,
        updatedAt: now,
      };
      await storage.write((tx) => tx.cases.insert(value));
      assert.deepEqual(await storage.cases.get(value.id), value);
    });

    test('event ids are strictly increasing in commit order, published after commit', async () => {
      const published: StoredEvent[] = [];
      const off = storage.onEvent((e) => published.push(e));
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          storage.write(async (tx) => {
            tx.emit({ type: 'session.updated', programId: 'prg_events', data: { i } });
            if (i % 3 === 0) tx.emit({ type: 'session.started', programId: 'prg_events', data: { i } });
          }),
        ),
      );
      off();
      const ids = published.map((e) => Number(e.id));
      assert.equal(ids.length, 40 + 14);
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => a - b),
      );
      assert.equal(new Set(ids).size, ids.length);
      const stored = await storage.events.after(ids[0]! - 1, 1000, 'prg_events');
      assert.deepEqual(
        stored.map((e) => Number(e.id)),
        ids,
      );
      assert.equal(await storage.events.newestId(), ids.at(-1));
    });

    test('a failed write rolls back and publishes nothing', async () => {
      const published: StoredEvent[] = [];
      const off = storage.onEvent((e) => published.push(e));
      const id = newId('prg');
      await assert.rejects(
        storage.write(async (tx) => {
          await tx.programs.insert({
            id,
            name: 'x',
            specialty: 'y',
            language: 'en',
            creditRule: { creditsPerSession: 1, minimumShare: 1 },
            createdAt: '',
          });
          tx.emit({ type: 'session.updated', programId: id, data: {} });
          throw new Error('boom');
        }),
      );
      off();
      assert.equal(await storage.programs.get(id), undefined);
      assert.deepEqual(published, []);
    });

    test('group commit: one failing write among concurrent ones undoes only itself', async () => {
      const published: StoredEvent[] = [];
      const off = storage.onEvent((e) => published.push(e));
      const ids = Array.from({ length: 10 }, () => newId('prg'));
      const results = await Promise.allSettled(
        ids.map((id, i) =>
          storage.write(async (tx) => {
            await tx.programs.insert({
              id,
              name: `g${i}`,
              specialty: 'y',
              language: 'en',
              creditRule: { creditsPerSession: 1, minimumShare: 1 },
              createdAt: '',
            });
            tx.emit({ type: 'session.updated', programId: id, data: { i } });
            if (i === 5) throw new Error('boom');
            return i;
          }),
        ),
      );
      off();
      assert.deepEqual(
        results.map((r) => r.status),
        ids.map((_, i) => (i === 5 ? 'rejected' : 'fulfilled')),
      );
      for (const [i, id] of ids.entries())
        assert.equal((await storage.programs.get(id)) === undefined, i === 5, `g${i}`);
      assert.deepEqual(
        published.map((e) => e.data),
        [0, 1, 2, 3, 4, 6, 7, 8, 9].map((i) => ({ i })),
      );
    });

    test('idempotency records are unique per principal and key; prune drops old ones and old events', async () => {
      const record = {
        principal: 'p',
        key: 'k',
        route: 'POST /x',
        bodyHash: 'h',
        status: 201,
        response: '{}',
        createdAt: '2000-01-01T00:00:00.000Z',
      };
      assert.equal(await storage.write((tx) => tx.idempotency.put(record)), true);
      assert.equal(await storage.write((tx) => tx.idempotency.put({ ...record, response: '{"second":true}' })), false);
      assert.equal((await storage.idempotency.get('p', 'k'))!.response, '{}');
      await storage.write(async (tx) => tx.emit({ type: 'session.updated', programId: 'prg_prune', data: {} }));
      const before = (await storage.events.after(0, 10_000, 'prg_prune')).length;
      await storage.prune('2000-01-02T00:00:00.000Z');
      assert.equal(await storage.idempotency.get('p', 'k'), undefined);
      assert.equal((await storage.events.after(0, 10_000, 'prg_prune')).length, before, 'recent events kept');
      await storage.prune(new Date(Date.now() + 60_000).toISOString());
      assert.equal((await storage.events.after(0, 10_000, 'prg_prune')).length, 0);
    });
  });
}
