import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Recommendation } from '@teleecho/sdk';
import { createTestDatabase, dropTestDatabase, storageTiers } from '@teleecho/test-kit';
import { sql, type Kysely } from 'kysely';
import { newId } from '../domain/ids.js';
import { insertProgramWithDefaults } from '../domain/programs.js';
import { openStorage, type StorageLocation } from './open.js';
import { readers, repositories } from './repositories/index.js';
import type { Database } from './schema.js';
import type { Storage } from './storage.js';

for (const { tier, skip } of await storageTiers()) {
  describe(`repositories [${tier}]`, { skip }, () => {
    let location: StorageLocation;
    let storage: Storage;
    let dir: string;
    let db: Kysely<Database>;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'teleecho-repositories-'));
      location = tier === 'postgres' ? { databaseUrl: await createTestDatabase() } : { dataDir: dir };
      storage = await openStorage(location);
      db = (storage as unknown as { db: Kysely<Database> }).db;
    });
    after(async () => {
      await storage?.close();
      rmSync(dir, { recursive: true, force: true });
      if (location?.databaseUrl) await dropTestDatabase(location.databaseUrl);
    });

    test('outside storage.write() the repositories only read: writes neither compile nor exist', async () => {
      const full = repositories(db);
      const read = readers(db);
      for (const name of Object.keys(read) as (keyof typeof read)[]) {
        const writes = Object.keys(full[name]).filter((method) => !(method in read[name]));
        for (const method of writes) {
          assert.equal(method in storage[name], false, `storage.${name}.${method} is not reachable outside write()`);
        }
      }
      assert.equal('insert' in storage.cases, false);
      const check = (): void => {
        // @ts-expect-error a write outside a transaction does not compile
        void storage.cases.insert;
        // @ts-expect-error nor does an LTI write
        void storage.lti.savePlatform;
      };
      void check;
      // inside write() they are there
      const kinds = await storage.write(async (tx) => [typeof tx.cases.insert, typeof tx.lti.savePlatform]);
      assert.deepEqual(kinds, ['function', 'function']);
    });

    test('a recommendation round-trips: absent optional fields stay absent and are NULL in the row', async () => {
      const program = await storage.write((tx) => insertProgramWithDefaults(tx, { name: 'Rows', specialty: 's' }));
      const [template] = await storage.templates.list(program.id);
      const now = new Date().toISOString();
      const caseId = newId('cas');
      await storage.write((tx) =>
        tx.cases.insert({
          id: caseId,
          programId: program.id,
          templateId: template!.id,
          presenterId: 'p',
          presenterName: 'P',
          title: 'T',
          status: 'submitted',
          response: { resourceType: 'QuestionnaireResponse' },
          deidentification: { policy: 'safe-harbor', changes: [] },
          createdAt: now,
          updatedAt: now,
        }),
      );
      const bare: Recommendation = {
        id: newId('rec'),
        caseId,
        programId: program.id,
        authorId: 'a',
        authorName: 'A',
        body: 'Draft',
        status: 'draft',
        version: 1,
        history: [],
        createdAt: now,
        updatedAt: now,
      };
      const full: Recommendation = {
        ...bare,
        id: newId('rec'),
        number: 2,
        category: 'treatment',
        followUp: 'in 4 weeks',
        status: 'issued',
        issuedAt: now,
        amendedAt: now,
        acknowledgement: { at: now, by: 'p', version: 1, reply: 'Thanks' },
      };
      await storage.write(async (tx) => {
        await tx.recommendations.insert(bare);
        await tx.recommendations.insert(full);
      });
      assert.deepEqual(await storage.recommendations.get(bare.id), bare);
      assert.deepEqual(await storage.recommendations.get(full.id), full);
      const { rows } = await sql<{ number: unknown; category: unknown; acknowledgement: unknown }>`
        select number, category, acknowledgement from recommendations where id = ${bare.id}`.execute(db);
      assert.deepEqual(rows, [{ number: null, category: null, acknowledgement: null }]);
    });
  });
}
