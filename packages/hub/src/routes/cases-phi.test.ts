// The hub refuses identifying data in a case's title as in its answers (issue 13, "missing cases"), and scans large
// cases off its event loop (issue 13, finding 1), on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { threadId } from 'node:worker_threads';
import { phiScanCounts } from '../domain/phi-scan.js';
import { hubFetch, sampleReport, sampleResponse, startTestHub, storageTiers, submitTestCase } from '@teleecho/test-kit';
import type { TestHub } from '@teleecho/test-kit';

for (const { tier, skip } of await storageTiers()) {
  describe(`PHI in case titles and large cases [${tier}]`, { skip }, () => {
    let hub: TestHub;
    let presenter: string;
    let coordinator: string;
    before(async () => {
      hub = await startTestHub({ storage: tier });
      presenter = await hub.mint({ role: 'presenter', sub: 'phi-presenter' });
      coordinator = await hub.mint({ role: 'coordinator' });
    });
    after(() => hub?.close());

    const post = (body: Record<string, unknown>) =>
      hubFetch(hub.url, 'POST', '/v1/cases', {
        token: presenter,
        body: {
          programId: hub.demo.programId,
          templateId: hub.demo.templateId,
          deidentification: sampleReport(),
          ...body,
        },
      });
    const titles = async () =>
      JSON.stringify((await hubFetch(hub.url, 'GET', '/v1/cases?limit=100', { token: coordinator })).body);

    test('a title with a full date, a phone number or an e-mail is refused (422 phi_detected, path /title)', async () => {
      for (const title of [
        'Mrs Ruiz, admitted 2024-03-05',
        'Sra. Gómez, vista el 3 de marzo de 2024',
        'call 505-555-0142 about HCV',
        'HCV — ana.ruiz@example.org',
      ]) {
        const r = await post({ response: sampleResponse(), title });
        assert.equal(r.status, 422, title);
        assert.equal(r.body.code, 'phi_detected');
        assert.deepEqual(
          r.body.errors.map((e: { path: string }) => e.path),
          ['/title'],
        );
        assert.ok(!JSON.stringify(r.body).includes(title), 'the title is not echoed');
      }
      assert.ok(!(await titles()).includes('Ruiz'), 'nothing stored');
      const fine = await post({ response: sampleResponse(), title: 'HCV genotype 1a, 54 y/o, since 2019' });
      assert.equal(fine.status, 201);
      assert.equal(fine.body.title, 'HCV genotype 1a, 54 y/o, since 2019');
    });

    test('a returned case resubmitted with an identifying title is refused too', async () => {
      const created = await submitTestCase(hub, { presenterToken: presenter, title: 'Case for review' });
      const returned = await hubFetch(hub.url, 'PATCH', `/v1/cases/${created.id}`, {
        token: coordinator,
        body: { status: 'returned', reason: 'Please add labs' },
      });
      assert.equal(returned.status, 200);
      const again = await hubFetch(hub.url, 'PATCH', `/v1/cases/${created.id}`, {
        token: presenter,
        body: { status: 'submitted', title: 'Mr. Ortiz, MRN 4829173' },
      });
      assert.equal(again.status, 422);
      assert.equal(again.body.code, 'phi_detected');
      assert.deepEqual(
        again.body.errors.map((e: { path: string }) => e.path),
        ['/title'],
      );
      const read = await hubFetch(hub.url, 'GET', `/v1/cases/${created.id}`, { token: presenter });
      assert.equal(read.body.title, 'Case for review');
      assert.equal(read.body.status, 'returned');
    });

    test('a large case is scanned in a worker thread: an SSN deep inside is found; clean text gets its 422', async () => {
      const near = 'Call 555-12, Dr. x, wife is, 12/13/, MRN , a1-b2-, placa ABC, 2024-13-, +44 20, ';
      const answer = near.repeat(Math.ceil(1900 / near.length)).slice(0, 1900);
      const item = Array.from({ length: 200 }, () => ({ linkId: 'history', answer: [{ valueString: answer }] }));
      const before = phiScanCounts.worker;
      const dirty = await post({
        response: {
          ...sampleResponse(),
          item: [...item, { linkId: 'labs', answer: [{ valueString: 'SSN 123-45-6789' }] }],
        },
      });
      assert.equal(dirty.status, 422);
      assert.equal(dirty.body.code, 'phi_detected');
      assert.deepEqual(
        dirty.body.errors.map((e: { path: string }) => e.path),
        ['/response/item/200/answer/0/valueString'],
      );
      assert.equal(phiScanCounts.worker, before + 1);
      assert.notEqual(phiScanCounts.lastThreadId, threadId);
      // without the SSN it passes the guard and meets validation (one answer per question), not a 5xx
      const clean = await post({ response: { ...sampleResponse(), item } });
      assert.equal(clean.status, 422);
      assert.equal(clean.body.code, 'invalid_response');
      assert.equal((await hubFetch(hub.url, 'GET', '/healthz')).status, 200);
    });
  });
}
