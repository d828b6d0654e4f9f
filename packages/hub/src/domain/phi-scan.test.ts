import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { threadId } from 'node:worker_threads';
import { statusOf } from '../http/problem.js';
import { DomainError } from './errors.js';
import { findPhi } from './phi-guard.js';
import { closePhiScanner, phiScanCounts, scanPhi } from './phi-scan.js';

/** A response whose answers hold `size` characters of near-identifiers, with one real SSN in the last answer. */
function bigResponse(size: number) {
  const near = 'Call 555-12, Dr. x, wife is, 12/13/, MRN , a1-b2-, 3 de marzo de, placa ABC, 2024-13-, +44 20, ';
  const item: unknown[] = [];
  for (let i = 0; item.length * 2000 < size; i++) {
    item.push({
      linkId: `q${i}`,
      answer: [{ valueString: near.repeat(Math.ceil(2000 / near.length)).slice(0, 2000) }],
    });
  }
  item.push({ linkId: 'last', answer: [{ valueString: 'SSN 123-45-6789' }] });
  return { resourceType: 'QuestionnaireResponse', item };
}

describe('PHI scans off the event loop (issue 13)', () => {
  after(() => closePhiScanner());

  test('small payloads are scanned inline, large ones in a worker thread, with the same findings', async () => {
    const small = { item: [{ linkId: 'a', answer: [{ valueString: 'call (555) 123-4567' }] }] };
    const before = { ...phiScanCounts };
    assert.deepEqual(await scanPhi([[small, '/response']]), findPhi(small, '/response'));
    assert.equal(phiScanCounts.inline, before.inline + 1);

    const big = bigResponse(300_000);
    const found = await scanPhi(
      [
        [big, '/response'],
        ['Mrs Ruiz, 2024-03-05', '/title'],
      ],
      { budgetMs: 60_000 },
    );
    assert.equal(phiScanCounts.worker, before.worker + 1);
    assert.notEqual(phiScanCounts.lastThreadId, threadId, 'scanned in another thread');
    assert.deepEqual(found, [...findPhi(big, '/response'), ...findPhi('Mrs Ruiz, 2024-03-05', '/title')]);
    assert.deepEqual(found.at(-2), { path: `/response/item/${big.item.length - 1}/answer/0/valueString`, kind: 'ssn' });
  });

  test('a scan over its budget refuses the case (422 phi_check_incomplete) and the next scan still works', async () => {
    const huge = bigResponse(4_000_000);
    await assert.rejects(
      scanPhi([[huge, '/response']], { budgetMs: 1 }),
      (e: unknown) => e instanceof DomainError && statusOf(e) === 422 && e.code === 'phi_check_incomplete',
    );
    const again = bigResponse(100_000);
    assert.equal((await scanPhi([[again, '/response']])).length, 1);
  });
});
