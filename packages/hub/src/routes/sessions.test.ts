import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Role } from '@teleecho/sdk';
import { hubFetch, openEventStream, startTestHub, storageTiers, type TestHub } from '@teleecho/test-kit';

/** LiveKit keys only (no server): the hub mints join tokens, which is all these tests need. */
const LIVEKIT = { url: 'ws://127.0.0.1:9', apiKey: 'devkey', apiSecret: 'secret' };
const DAY = 86_400_000;

for (const { tier, skip } of await storageTiers()) {
  describe(`open a session early, start one now [${tier}]`, { skip }, () => {
    let hub: TestHub;
    before(async () => {
      hub = await startTestHub({ storage: tier, livekit: LIVEKIT });
    });
    after(() => hub?.close());

    const as = (role: Role, sub?: string) => hub.mint({ role, ...(sub && { sub, name: `Dr. ${sub}` }) });
    const schedule = async (days = 7) => {
      const r = await hubFetch(hub.url, 'POST', `/v1/programs/${hub.demo.programId}/sessions`, {
        token: hub.apiKey,
        body: {
          title: 'HCV ECHO',
          topic: 'Cirrhosis',
          startsAt: new Date(Date.now() + days * DAY).toISOString(),
          durationMinutes: 60,
        },
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.id as string;
    };
    const join = async (sessionId: string, role: Role = 'participant') =>
      hubFetch(hub.url, 'POST', `/v1/sessions/${sessionId}/join`, { token: await as(role), body: {} });
    const open = async (sessionId: string, token: string, headers?: Record<string, string>) =>
      hubFetch(hub.url, 'POST', `/v1/sessions/${sessionId}/open`, { token, body: {}, ...(headers && { headers }) });

    test('a facilitator opens a session a week early: joins succeed, everyone streams session.opened', async () => {
      const sessionId = await schedule();
      const participantStream = await openEventStream(hub.url, await as('participant'));
      try {
        const early = await join(sessionId);
        assert.equal(early.status, 409);
        assert.equal(early.body.code, 'session_not_open');
        const read = await hubFetch(hub.url, 'GET', `/v1/sessions/${sessionId}`, { token: await as('participant') });
        assert.equal(read.body.joinWindow.open, false);
        assert.equal(read.body.joinWindow.reason, 'not_yet_open');

        const opened = await open(sessionId, await as('facilitator', 'dr-ana'));
        assert.equal(opened.status, 200, JSON.stringify(opened.body));
        assert.equal(opened.body.joinWindow.open, true);
        assert.equal(opened.body.openedBy.id, 'dr-ana');
        assert.equal(opened.body.openedBy.role, 'facilitator');

        for (const role of ['participant', 'observer', 'presenter', 'facilitator'] as const) {
          const r = await join(sessionId, role);
          assert.equal(r.status, 200, `${role}: ${JSON.stringify(r.body)}`);
          assert.equal(r.body.room, sessionId);
        }
        await participantStream.waitFor((events) =>
          events.some((e) => e.event === 'session.opened' && e.data.sessionId === sessionId),
        );
        const event = participantStream.events.find((e) => e.event === 'session.opened')!;
        assert.equal(event.data.data.openedBy.name, 'Dr. dr-ana', 'the audit entry names who opened it');
      } finally {
        participantStream.close();
      }
    });

    test('opening is idempotent: a second open (or a repeated request) changes nothing and emits nothing', async () => {
      const sessionId = await schedule();
      const facilitator = await as('facilitator', 'dr-ana');
      const first = await open(sessionId, facilitator, { 'idempotency-key': 'open-1' });
      const replay = await open(sessionId, facilitator, { 'idempotency-key': 'open-1' });
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      const second = await open(sessionId, await as('coordinator'));
      assert.equal(second.status, 200);
      assert.equal(second.body.openedAt, first.body.openedAt);
      assert.equal(second.body.openedBy.id, 'dr-ana');
      const log = await openEventStream(hub.url, await as('coordinator'), { lastEventId: '0' });
      try {
        // A marker after the opens: once it arrived, every earlier event of the log has too.
        const marker = await schedule(9);
        await log.waitFor((events) => events.some((e) => e.data.sessionId === marker));
        const opens = log.events.filter((e) => e.event === 'session.opened' && e.data.sessionId === sessionId);
        assert.equal(opens.length, 1, 'one audit entry for three open requests');
      } finally {
        log.close();
      }
    });

    test('a participant (and every role that does not run sessions) gets 403 problem+json', async () => {
      const sessionId = await schedule();
      for (const role of ['participant', 'specialist', 'presenter', 'observer'] as const) {
        const r = await open(sessionId, await as(role));
        assert.equal(r.status, 403, role);
        assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
        assert.equal(r.body.code, 'forbidden');
        const adHoc = await hubFetch(hub.url, 'POST', `/v1/programs/${hub.demo.programId}/sessions/ad-hoc`, {
          token: await as(role),
          body: { title: 'Consult' },
        });
        assert.equal(adHoc.status, 403, role);
        assert.match(adHoc.headers.get('content-type') ?? '', /^application\/problem\+json/);
      }
      assert.equal((await join(sessionId)).body.code, 'session_not_open', 'still closed');
    });

    test('a cancelled session cannot be opened (409 session_cancelled)', async () => {
      const sessionId = await schedule();
      await hubFetch(hub.url, 'PATCH', `/v1/sessions/${sessionId}`, {
        token: hub.apiKey,
        body: { status: 'cancelled' },
      });
      const r = await open(sessionId, await as('facilitator'));
      assert.equal(r.status, 409);
      assert.equal(r.body.code, 'session_cancelled');
    });

    test('a facilitator starts an ad-hoc session: 201, open at once, participants join, audited', async () => {
      const stream = await openEventStream(hub.url, await as('participant'));
      try {
        const r = await hubFetch(hub.url, 'POST', `/v1/programs/${hub.demo.programId}/sessions/ad-hoc`, {
          token: await as('facilitator', 'dr-ana'),
          body: { title: 'Urgent consult', durationMinutes: 30 },
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        assert.equal(r.body.adHoc, true);
        assert.equal(r.body.durationMinutes, 30);
        assert.equal(r.body.joinWindow.open, true);
        assert.equal((await join(r.body.id)).status, 200);
        await stream.waitFor((events) =>
          events.some((e) => e.event === 'session.opened' && e.data.sessionId === r.body.id),
        );
        const list = await hubFetch(hub.url, 'GET', `/v1/programs/${hub.demo.programId}/sessions?limit=100`, {
          token: await as('participant'),
        });
        assert.ok(list.body.items.some((s: { id: string; adHoc?: boolean }) => s.id === r.body.id && s.adHoc));
      } finally {
        stream.close();
      }
      const bad = await hubFetch(hub.url, 'POST', `/v1/programs/${hub.demo.programId}/sessions/ad-hoc`, {
        token: await as('facilitator'),
        body: { durationMinutes: 30 },
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.code, 'validation_failed');
    });

    test('the OpenAPI document describes both routes', async () => {
      const r = await hubFetch(hub.url, 'GET', '/v1/openapi.json');
      assert.ok(r.body.paths['/v1/sessions/{id}/open']?.post);
      const adHoc = r.body.paths['/v1/programs/{id}/sessions/ad-hoc']?.post;
      assert.deepEqual(adHoc?.requestBody.content['application/json'].schema.required, ['title']);
    });
  });
}
