import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hubFetch, sampleReport, sampleResponse, startTestHub, storageTiers, type TestHub } from '@teleecho/test-kit';
import { canonicalJson } from './idempotency.js';

test('canonicalJson ignores key order', () => {
  assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }), canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }));
});

for (const { tier, skip } of await storageTiers()) {
  describe(`idempotency [${tier}]`, { skip }, () => {
    let hub: TestHub;
    let presenter: string;
    before(async () => {
      hub = await startTestHub({ storage: tier });
      presenter = await hub.mint({ role: 'presenter', sub: `idem-${tier}` });
    });
    after(() => hub?.close());

    const caseBody = (title = 'Idempotent case') => ({
      programId: hub.demo.programId,
      templateId: hub.demo.templateId,
      response: sampleResponse(),
      deidentification: sampleReport(),
      title,
    });
    const post = (key: string, body: unknown, token = presenter) =>
      hubFetch(hub.url, 'POST', '/v1/cases', { token, body, headers: { 'idempotency-key': key } });
    const count = async () =>
      (await hubFetch(hub.url, 'GET', '/v1/cases?limit=100', { token: presenter })).body.items.length as number;

    test('a repeat returns the first response and creates nothing', async () => {
      const before = await count();
      const first = await post('key-1', caseBody());
      const again = await post('key-1', caseBody());
      assert.equal(first.status, 201);
      assert.equal(again.status, 201);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.equal(first.headers.get('idempotent-replayed'), null);
      assert.deepEqual(again.body, first.body);
      assert.equal(await count(), before + 1);
    });

    test('same key with another body → 422 idempotency_key_reused', async () => {
      await post('key-2', caseBody('one'));
      const reused = await post('key-2', caseBody('two'));
      assert.equal(reused.status, 422);
      assert.equal(reused.body.code, 'idempotency_key_reused');
    });

    test('keys are scoped per principal', async () => {
      const other = await hub.mint({ role: 'presenter', sub: `idem-other-${tier}` });
      const a = await post('shared-key', caseBody(), presenter);
      const b = await post('shared-key', caseBody(), other);
      assert.notEqual(a.body.id, b.body.id);
    });

    test('concurrent duplicates create exactly one', async () => {
      const before = await count();
      const results = await Promise.all(
        Array.from({ length: 12 }, () => post('key-concurrent', caseBody('concurrent'))),
      );
      const ids = new Set(results.map((r) => r.body.id));
      assert.equal(ids.size, 1);
      assert.ok(results.every((r) => r.status === 201));
      assert.equal(results.filter((r) => r.headers.get('idempotent-replayed') === 'true').length, 11);
      assert.equal(await count(), before + 1);
    });

    test('replay survives a restart', async () => {
      const first = await post('key-restart', caseBody('restart'));
      await hub.restart();
      const again = await post('key-restart', caseBody('restart'));
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.equal(again.body.id, first.body.id);
      const reused = await post('key-restart', caseBody('different'));
      assert.equal(reused.status, 422);
    });

    test('a response lost after the work was done: the retry with the same key gets it, nothing doubles', async () => {
      const before = await count();
      hub.failNext(1, { method: 'POST', path: '/v1/cases', afterHandling: true });
      const lost = await post('key-lost', caseBody('lost response'));
      assert.equal(lost.status, 503);
      assert.equal(lost.body.code, 'service_unavailable');
      const retry = await post('key-lost', caseBody('lost response'));
      assert.equal(retry.status, 201);
      assert.equal(retry.headers.get('idempotent-replayed'), 'true');
      assert.equal(await count(), before + 1);
      hub.failNext(1, { method: 'POST' });
      const refused = await post('key-refused', caseBody('refused'));
      assert.equal(refused.status, 503);
      assert.equal(await count(), before + 1, 'a request failed before handling did nothing');
      assert.equal((await post('key-refused', caseBody('refused'))).headers.get('idempotent-replayed'), null);
    });

    test('an over-long key is rejected', async () => {
      const r = await post('k'.repeat(256), caseBody());
      assert.equal(r.status, 400);
    });
  });
}
