import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStorage } from '../storage/open.js';
import type { Storage } from '../storage/storage.js';
import { normaliseCreditRule, readCreditRule, replaceCreditRule } from './credit-rule.js';
import type { UserPrincipal } from './principal.js';
import { createTemplate, insertProgramWithDefaults } from './programs.js';

const refused = (code: string) => (error: unknown) => (error as { code?: unknown }).code === code;

describe('a programme’s CME credit rule', () => {
  let dataDir: string;
  let storage: Storage;
  let programId: string;
  let otherProgramId: string;
  const as = (role: UserPrincipal['role'], program = programId): UserPrincipal => ({
    kind: 'user',
    sub: `u-${role}`,
    name: role,
    role,
    programId: program,
    issuer: 'teleecho-hub',
    exp: Math.floor(Date.now() / 1000) + 600,
  });
  const questionnaire = { resourceType: 'Questionnaire', status: 'active', item: [] };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'teleecho-credit-'));
    storage = await openStorage({ dataDir });
    programId = (await storage.write((tx) => insertProgramWithDefaults(tx, { name: 'HCV', specialty: 'Hep' }))).id;
    otherProgramId = (await storage.write((tx) => insertProgramWithDefaults(tx, { name: 'TB', specialty: 'ID' }))).id;
  });
  after(async () => {
    await storage?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the minimum share defaults to 75 %; cleared optional parts are left out', () => {
    assert.deepEqual(normaliseCreditRule({ creditsPerSession: 1 }), { creditsPerSession: 1, minimumShare: 0.75 });
    assert.deepEqual(
      normaliseCreditRule({ creditsPerSession: 2, minimumShare: 0.5, creditType: null, evaluationTemplateId: null }),
      { creditsPerSession: 2, minimumShare: 0.5 },
    );
  });

  test('a coordinator replaces it and members read it back', async () => {
    const rule = await replaceCreditRule(storage, as('coordinator'), programId, {
      creditsPerSession: 1.5,
      creditType: 'AMA PRA Category 1 Credit™',
    });
    assert.deepEqual(rule, { creditsPerSession: 1.5, minimumShare: 0.75, creditType: 'AMA PRA Category 1 Credit™' });
    assert.deepEqual(await readCreditRule(storage, as('participant'), programId), rule);
  });

  test('others may not replace it; other programmes’ members may not read it', async () => {
    for (const role of ['facilitator', 'specialist', 'presenter', 'participant', 'observer'] as const) {
      await assert.rejects(
        replaceCreditRule(storage, as(role), programId, { creditsPerSession: 9 }),
        refused('forbidden'),
        role,
      );
    }
    await assert.rejects(readCreditRule(storage, as('coordinator', otherProgramId), programId), (error: unknown) =>
      ['forbidden', 'wrong_program', 'not_found'].includes(String((error as { code?: unknown }).code)),
    );
    assert.equal((await readCreditRule(storage, as('coordinator'), programId)).creditsPerSession, 1.5);
  });

  test('the evaluation must be a template of the same programme', async () => {
    const other = await createTemplate(storage, as('coordinator', otherProgramId), otherProgramId, { questionnaire });
    await assert.rejects(
      replaceCreditRule(storage, as('coordinator'), programId, {
        creditsPerSession: 1,
        evaluationTemplateId: other.id,
      }),
      (error: unknown) =>
        (error as { code?: unknown; errors?: { path: string }[] }).code === 'validation_failed' &&
        (error as { errors: { path: string }[] }).errors[0]!.path === '/evaluationTemplateId',
    );
    const own = await createTemplate(storage, as('coordinator'), programId, { questionnaire });
    const rule = await replaceCreditRule(storage, as('coordinator'), programId, {
      creditsPerSession: 1,
      evaluationTemplateId: own.id,
    });
    assert.equal(rule.evaluationTemplateId, own.id);
  });
});
