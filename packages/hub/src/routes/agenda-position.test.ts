/**
 * Scheduling a case at a chosen place on a session's agenda (`PATCH /v1/cases/:id {status: 'scheduled', position}`),
 * as the hub console's case queue does. Runs on SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  advanceTestCase,
  hubFetch,
  startTestHub,
  storageTiers,
  submitTestCase,
  type TestHub,
} from '@teleecho/test-kit';

for (const { tier, skip } of await storageTiers()) {
  describe(`agenda position [${tier}]`, { skip }, () => {
    let hub: TestHub;
    let coordinator: string;
    before(async () => {
      hub = await startTestHub({ storage: tier });
      coordinator = await hub.mint({ role: 'coordinator' });
    });
    after(() => hub?.close());

    const agenda = async (sessionId: string) =>
      (await hubFetch(hub.url, 'GET', `/v1/sessions/${sessionId}`, { token: coordinator })).body.agenda.map(
        (a: { title: string; position: number }) => `${a.position}:${a.title}`,
      );

    test('a case scheduled at position 1 goes first and the others move down, in order', async () => {
      const session = await hubFetch(hub.url, 'POST', `/v1/programs/${hub.demo.programId}/sessions`, {
        token: coordinator,
        body: { title: 'Agenda', topic: 'T', startsAt: '2030-03-01T00:00:00Z', durationMinutes: 60 },
      });
      const sessionId = session.body.id as string;
      for (const title of ['A', 'B']) {
        const c = await submitTestCase(hub, { title });
        await advanceTestCase(hub, c.id, 'scheduled', sessionId);
      }
      const first = await submitTestCase(hub, { title: 'First' });
      await advanceTestCase(hub, first.id, 'accepted');
      const scheduled = await hubFetch(hub.url, 'PATCH', `/v1/cases/${first.id}`, {
        token: coordinator,
        body: { status: 'scheduled', sessionId, position: 1 },
      });
      assert.equal(scheduled.status, 200);
      assert.deepEqual(await agenda(sessionId), ['1:First', '2:A', '3:B']);

      const middle = await submitTestCase(hub, { title: 'Middle' });
      await advanceTestCase(hub, middle.id, 'accepted');
      await hubFetch(hub.url, 'PATCH', `/v1/cases/${middle.id}`, {
        token: coordinator,
        body: { status: 'scheduled', sessionId, position: 3 },
      });
      assert.deepEqual(await agenda(sessionId), ['1:First', '2:A', '3:Middle', '4:B']);

      const last = await submitTestCase(hub, { title: 'Last' });
      await advanceTestCase(hub, last.id, 'accepted');
      await hubFetch(hub.url, 'PATCH', `/v1/cases/${last.id}`, {
        token: coordinator,
        body: { status: 'scheduled', sessionId, position: 99 },
      });
      assert.deepEqual(await agenda(sessionId), ['1:First', '2:A', '3:Middle', '4:B', '5:Last']);

      const bad = await hubFetch(hub.url, 'PATCH', `/v1/cases/${last.id}`, {
        token: coordinator,
        body: { status: 'accepted', position: 0 },
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.code, 'validation_failed');
    });
  });
}
