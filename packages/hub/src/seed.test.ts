import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DROP_IN_SESSION, seedDemo } from './seed.js';
import { hubFetch, startTestHub, storageTiers, type TestHub } from '@teleecho/test-kit';

const MINUTE = 60_000;

for (const { tier, skip } of await storageTiers()) {
  describe(`demo drop-in session [${tier}]`, { skip }, () => {
    let hub: TestHub;
    let token: string;
    before(async () => {
      hub = await startTestHub({ storage: tier });
      token = await hub.mint({ role: 'participant', sub: `drop-in-${tier}` });
    });
    after(() => hub?.close());

    const read = async (id: string) => {
      const res = await hubFetch(hub.url, 'GET', `/v1/sessions/${id}`, { token });
      assert.equal(res.status, 200);
      return res.body as { title: string; startsAt: string; status: string; joinWindow: { open: boolean } };
    };

    test('the seed opens a drop-in room now, besides the scheduled sessions, and a rerun keeps it', async () => {
      const first = await seedDemo(hub.hub!.storage, { dropIn: true });
      assert.equal(first.programId, hub.demo.programId, 'the same demo programme');
      assert.deepEqual(first.sessionIds, hub.demo.sessionIds, 'the scheduled sessions are unchanged');
      const id = first.dropInSessionId!;
      const session = await read(id);
      assert.equal(session.title, DROP_IN_SESSION.title);
      assert.equal(session.joinWindow.open, true, 'joining is open now');
      assert.ok(Date.parse(session.startsAt) <= Date.now(), 'it started already');

      const again = await seedDemo(hub.hub!.storage, { dropIn: true, now: new Date(Date.now() + 30 * MINUTE) });
      assert.equal(again.dropInSessionId, id, 'no second drop-in');
      assert.equal((await read(id)).startsAt, session.startsAt, 'a rerun while it is open changes nothing');
      const list = await hubFetch(hub.url, 'GET', `/v1/programs/${hub.demo.programId}/sessions?limit=50`, { token });
      const titles = (list.body.items as { title: string }[]).map((s) => s.title);
      assert.equal(titles.filter((t) => t === DROP_IN_SESSION.title).length, 1);
    });

    test('a drop-in that is over by the next start is moved forward and open again', async () => {
      const later = new Date(Date.now() + 5 * 60 * MINUTE); // past its four hours
      const { dropInSessionId: id } = await seedDemo(hub.hub!.storage, { dropIn: true });
      const before = await read(id!);
      await seedDemo(hub.hub!.storage, { dropIn: true, now: later });
      const moved = await read(id!);
      assert.ok(Date.parse(moved.startsAt) > Date.parse(before.startsAt), 'starts later');
      assert.ok(Date.parse(moved.startsAt) <= later.getTime(), 'already started at that time');
      assert.ok(Date.parse(moved.startsAt) + DROP_IN_SESSION.durationMinutes * MINUTE > later.getTime() + 60 * MINUTE);
    });

    test('a drop-in a facilitator ended is open again after the next seed', async () => {
      const { dropInSessionId: id } = await seedDemo(hub.hub!.storage, { dropIn: true });
      const coordinator = await hub.mint({ role: 'coordinator' });
      const ended = await hubFetch(hub.url, 'PATCH', `/v1/sessions/${id}`, {
        token: coordinator,
        body: { status: 'ended' },
      });
      assert.equal(ended.status, 200);
      assert.equal((await read(id!)).joinWindow.open, false);
      const again = await seedDemo(hub.hub!.storage, { dropIn: true });
      assert.equal(again.dropInSessionId, id);
      const session = await read(id!);
      assert.equal(session.status, 'scheduled');
      assert.equal(session.joinWindow.open, true);
    });

    test('without dropIn the seed adds no open session (what test hubs get)', async () => {
      const plain = await seedDemo(hub.hub!.storage);
      assert.equal(plain.dropInSessionId, undefined);
    });
  });
}
