import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ValidationError, createEchoClient, type Recommendation } from '@teleecho/sdk';
import {
  advanceTestCase,
  hubFetch,
  openEventStream,
  startTestHub,
  storageTiers,
  submitTestCase,
  testRecommendation,
  type TestHub,
} from '@teleecho/test-kit';

for (const { tier, skip } of await storageTiers()) {
  describe(`recommendation workflow [${tier}]`, { skip }, () => {
    let hub: TestHub;
    let specialist: string;
    let coordinator: string;
    before(async () => {
      hub = await startTestHub({ storage: tier });
      specialist = await hub.mint({ role: 'specialist' });
      coordinator = await hub.mint({ role: 'coordinator' });
    });
    after(() => hub?.close());

    const draft = async (caseId: string, body: Record<string, unknown>, token = specialist) => {
      const r = await hubFetch<Recommendation>(hub.url, 'POST', `/v1/cases/${caseId}/recommendations`, { token, body });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body;
    };
    const issueMany = (caseId: string, ids: string[], token = specialist) =>
      hubFetch(hub.url, 'POST', `/v1/cases/${caseId}/recommendations/issue`, { token, body: { ids } });

    test('issuing needs a category; several drafts issue at once, atomically, numbered in order, one event each', async () => {
      const presenter = await hub.mint({ role: 'presenter', sub: 'batch-presenter' });
      const c = await submitTestCase(hub, { presenterToken: presenter });
      await advanceTestCase(hub, c.id, 'presented');
      const stream = await openEventStream(hub.url, presenter);

      const uncategorised = await draft(c.id, { body: 'Repeat ALT in 4 weeks' });
      const single = await hubFetch(hub.url, 'PATCH', `/v1/recommendations/${uncategorised.id}`, {
        token: specialist,
        body: { status: 'issued' },
      });
      assert.equal(single.status, 422);
      assert.equal(single.body.code, 'category_required');
      assert.match(single.headers.get('content-type') ?? '', /application\/problem\+json/);

      const a = await draft(c.id, {
        body: 'Start sofosbuvir/velpatasvir',
        category: 'treatment',
        followUp: '2031-02-01',
      });
      const b = await draft(c.id, { body: 'HCV RNA at week 12', category: 'monitoring' });
      const refused = await issueMany(c.id, [a.id, uncategorised.id, b.id]);
      assert.equal(refused.status, 422, 'one draft without category refuses the whole batch');
      assert.equal(refused.body.errors[0].path, '/ids/1');
      const stillDrafts = await hubFetch(hub.url, 'GET', `/v1/cases/${c.id}/recommendations`, { token: specialist });
      assert.ok(
        stillDrafts.body.items.every((r: Recommendation) => r.status === 'draft'),
        'nothing was issued',
      );

      await hubFetch(hub.url, 'PATCH', `/v1/recommendations/${uncategorised.id}`, {
        token: specialist,
        body: { category: 'diagnostics' },
      });
      const issued = await issueMany(c.id, [b.id, uncategorised.id, a.id]);
      assert.equal(issued.status, 200, JSON.stringify(issued.body));
      assert.deepEqual(
        issued.body.items.map((r: Recommendation) => [r.id, r.number, r.status]),
        [
          [b.id, 1, 'issued'],
          [uncategorised.id, 2, 'issued'],
          [a.id, 3, 'issued'],
        ],
      );
      await stream.waitFor((events) => events.filter((e) => e.event === 'recommendation.issued').length === 3);
      const caseNow = await hubFetch(hub.url, 'GET', `/v1/cases/${c.id}`, { token: presenter });
      assert.equal(caseNow.body.status, 'recommendations_issued');
      await stream.waitFor((events) => events.some((e) => e.event === 'case.updated'));
      stream.close();
      assert.deepEqual(
        stream.events.filter((e) => e.event === 'recommendation.issued').map((e) => e.data.data.number),
        [1, 2, 3],
      );
      assert.equal(stream.events.filter((e) => e.event === 'case.updated').length, 1, 'one case transition');

      const again = await issueMany(c.id, [a.id]);
      assert.equal(again.status, 409);
      assert.equal(again.body.code, 'already_issued');
      assert.equal((await issueMany(c.id, [a.id, a.id])).status, 400);
      const notHere = await issueMany((await submitTestCase(hub)).id, [b.id], coordinator);
      assert.equal(notHere.status, 403, 'coordinators do not issue');
    });

    test('the SDK issues several drafts with recommendations.issueMany; a missing category is a ValidationError', async () => {
      const c = await submitTestCase(hub);
      await advanceTestCase(hub, c.id, 'presented');
      const client = createEchoClient({ hubUrl: hub.url, token: specialist });
      const one = await client.recommendations.create(c.id, { body: 'Refer to hepatology', category: 'referral' });
      const two = await client.recommendations.create(c.id, { body: 'Explain reinfection risk' });
      await assert.rejects(
        client.recommendations.issueMany(c.id, [one.id, two.id]),
        (e: unknown) => e instanceof ValidationError && e.code === 'category_required',
      );
      await client.recommendations.update(two.id, { category: 'education' });
      const issued = await client.recommendations.issueMany(c.id, [one.id, two.id]);
      assert.deepEqual(
        issued.map((r) => [r.id, r.number]),
        [
          [one.id, 1],
          [two.id, 2],
        ],
      );
    });

    test('an amendment event carries what changed; acknowledgement with reply is an event; the case closes', async () => {
      const presenter = await hub.mint({ role: 'presenter', sub: 'amend-presenter' });
      const c = await submitTestCase(hub, { presenterToken: presenter });
      await advanceTestCase(hub, c.id, 'presented');
      const rec = await testRecommendation(hub, c.id, { issue: true, body: 'Start DAA for 12 weeks' });
      const stream = await openEventStream(hub.url, presenter);
      const amended = await hubFetch(hub.url, 'PATCH', `/v1/recommendations/${rec.id}`, {
        token: specialist,
        body: { body: 'Start DAA for 8 weeks', followUp: '2031-03-01', category: 'treatment' },
      });
      assert.equal(amended.status, 200);
      const ack = await hubFetch(hub.url, 'POST', `/v1/recommendations/${rec.id}/acknowledge`, {
        token: presenter,
        body: { reply: 'Started on 8 weeks' },
      });
      assert.equal(ack.status, 200);
      await stream.waitFor((events) => events.some((e) => e.event === 'recommendation.acknowledged'));
      await stream.waitFor((events) =>
        events.some((e) => e.event === 'case.updated' && e.data.data.status === 'closed'),
      );
      stream.close();
      const amendedEvent = stream.events.find((e) => e.event === 'recommendation.amended')!.data.data as Recommendation;
      assert.equal(amendedEvent.version, 2);
      assert.equal(amendedEvent.body, 'Start DAA for 8 weeks');
      assert.deepEqual(
        amendedEvent.history.map((h) => [h.version, h.body, h.followUp]),
        [[1, 'Start DAA for 12 weeks', undefined]],
        'the previous values are in history',
      );
      const ackEvent = stream.events.find((e) => e.event === 'recommendation.acknowledged')!.data
        .data as Recommendation;
      assert.deepEqual(
        { reply: ackEvent.acknowledgement?.reply, version: ackEvent.acknowledgement?.version },
        { reply: 'Started on 8 weeks', version: 2 },
      );
      assert.equal((await hubFetch(hub.url, 'GET', `/v1/cases/${c.id}`, { token: coordinator })).body.status, 'closed');
    });

    test('presenters never see drafts (list, read, SSE live and replay) nor another presenter’s case', async () => {
      const mine = await hub.mint({ role: 'presenter', sub: 'privacy-a' });
      const theirs = await hub.mint({ role: 'presenter', sub: 'privacy-b' });
      const live = await openEventStream(hub.url, mine);
      const c = await submitTestCase(hub, { presenterToken: mine });
      const other = await submitTestCase(hub, { presenterToken: theirs });
      await advanceTestCase(hub, c.id, 'presented');
      await advanceTestCase(hub, other.id, 'presented');
      const hidden = await draft(c.id, { body: 'DRAFT-SECRET not for the presenter', category: 'referral' });
      await hubFetch(hub.url, 'PATCH', `/v1/recommendations/${hidden.id}`, {
        token: specialist,
        body: { body: 'DRAFT-SECRET edited' },
      });
      const otherRec = await testRecommendation(hub, other.id, { issue: true, body: 'OTHER-CASE text' });
      const visible = await testRecommendation(hub, c.id, { issue: true, body: 'Issued text' });
      await live.waitFor((events) => events.some((e) => e.data.data?.id === visible.id));
      live.close();
      const replay = await openEventStream(hub.url, mine, { lastEventId: '0' });
      await replay.waitFor((events) => events.some((e) => e.data.data?.id === visible.id));
      replay.close();
      for (const [name, events] of [
        ['live', live.events],
        ['replay', replay.events],
      ] as const) {
        const text = JSON.stringify(events);
        assert.ok(!text.includes('DRAFT-SECRET') && !text.includes(hidden.id), `${name}: no draft`);
        assert.ok(!text.includes('OTHER-CASE') && !text.includes(other.id), `${name}: no other presenter's case`);
      }
      const list = await hubFetch(hub.url, 'GET', `/v1/cases/${c.id}/recommendations`, { token: mine });
      assert.deepEqual(
        list.body.items.map((r: Recommendation) => r.id),
        [visible.id],
      );
      for (const path of [`/v1/cases/${other.id}`, `/v1/cases/${other.id}/recommendations`]) {
        const r = await hubFetch(hub.url, 'GET', path, { token: mine });
        assert.equal(r.status, 404, path);
        assert.ok(!JSON.stringify(r.body).includes('OTHER-CASE'));
      }
      for (const [method, path, body] of [
        ['PATCH', `/v1/recommendations/${hidden.id}`, { body: 'x' }],
        ['POST', `/v1/recommendations/${hidden.id}/acknowledge`, {}],
        ['POST', `/v1/recommendations/${otherRec.id}/acknowledge`, {}],
        ['POST', `/v1/cases/${other.id}/recommendations/issue`, { ids: [otherRec.id] }],
      ] as const) {
        const r = await hubFetch(hub.url, method, path, { token: mine, body });
        assert.equal(r.status, 404, `${method} ${path}: ${r.status}`);
      }
      const own = await hubFetch(hub.url, 'POST', `/v1/cases/${c.id}/recommendations/issue`, {
        token: mine,
        body: { ids: [hidden.id] },
      });
      assert.equal(own.status, 403, 'a presenter cannot issue drafts on their own case');
    });
  });
}
