import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  advanceTestCase,
  hubFetch,
  sampleReport,
  sampleResponse,
  startTestHub,
  storageTiers,
  submitTestCase,
  testRecommendation,
  type TestHub,
} from '@teleecho/test-kit';
import { newId } from '../domain/ids.js';

for (const { tier, skip } of await storageTiers()) {
  describe(`cases and recommendations [${tier}]`, { skip }, () => {
    let hub: TestHub;
    let coordinator: string;
    let presenter: string;
    let specialist: string;
    before(async () => {
      hub = await startTestHub({ storage: tier });
      coordinator = await hub.mint({ role: 'coordinator' });
      presenter = await hub.mint({ role: 'presenter' });
      specialist = await hub.mint({ role: 'specialist' });
    });
    after(() => hub?.close());

    const patchCase = (id: string, body: unknown, token = coordinator) =>
      hubFetch(hub.url, 'PATCH', `/v1/cases/${id}`, { token, body });

    test('a new programme gets the default FHIR Questionnaire template', async () => {
      const created = await hubFetch(hub.url, 'POST', '/v1/programs', {
        token: hub.apiKey,
        body: { name: 'Pain ECHO', specialty: 'pain', language: 'es' },
      });
      assert.equal(created.status, 201);
      assert.equal(created.body.language, 'es');
      assert.deepEqual(created.body.creditRule, { creditsPerSession: 1, minimumShare: 0.75 });
      const templates = await hubFetch(hub.url, 'GET', `/v1/programs/${created.body.id}/case-templates`, {
        token: hub.apiKey,
      });
      assert.equal(templates.body.items.length, 1);
      const q = templates.body.items[0].questionnaire;
      assert.equal(q.resourceType, 'Questionnaire');
      const linkIds = JSON.stringify(q.item);
      for (const id of ['age', 'sex', 'presenting-problem', 'history', 'medications', 'labs', 'questions']) {
        assert.ok(linkIds.includes(`"linkId":"${id}"`), id);
      }
      const questions = q.item.find((i: { linkId: string }) => i.linkId === 'questions');
      assert.equal(questions.required, true);
    });

    test('case templates: PUT bumps version; invalid questionnaire 400; DELETE hides it', async () => {
      const base = `/v1/programs/${hub.demo.programId}/case-templates`;
      const made = await hubFetch(hub.url, 'POST', base, {
        token: coordinator,
        body: { title: 'TB', questionnaire: { resourceType: 'Questionnaire', item: [] } },
      });
      assert.equal(made.status, 201);
      assert.equal(made.body.version, 1);
      const put = await hubFetch(hub.url, 'PUT', `${base}/${made.body.id}`, {
        token: coordinator,
        body: {
          title: 'TB v2',
          questionnaire: { resourceType: 'Questionnaire', item: [{ linkId: 'x', type: 'text' }] },
        },
      });
      assert.equal(put.body.version, 2);
      assert.equal(put.body.title, 'TB v2');
      const bad = await hubFetch(hub.url, 'POST', base, {
        token: coordinator,
        body: { questionnaire: { resourceType: 'Patient', item: [] } },
      });
      assert.equal(bad.status, 400);
      assert.equal((await hubFetch(hub.url, 'DELETE', `${base}/${made.body.id}`, { token: coordinator })).status, 204);
      assert.equal((await hubFetch(hub.url, 'GET', `${base}/${made.body.id}`, { token: coordinator })).status, 404);
    });

    test('sessions: RRULE validated, ordered by start, filters, PATCH emits status', async () => {
      const base = `/v1/programs/${hub.demo.programId}/sessions`;
      const bad = await hubFetch(hub.url, 'POST', base, {
        token: coordinator,
        body: {
          title: 'T',
          topic: 'X',
          startsAt: '2030-01-01T10:00:00Z',
          durationMinutes: 60,
          recurrence: 'FREQ=SOMETIMES',
        },
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].path, '/recurrence');
      const badDate = await hubFetch(hub.url, 'POST', base, {
        token: coordinator,
        body: { title: 'T', topic: 'X', startsAt: 'next tuesday', durationMinutes: 60 },
      });
      assert.equal(badDate.status, 400);
      const later = await hubFetch(hub.url, 'POST', base, {
        token: coordinator,
        body: {
          title: 'Later',
          topic: 'X',
          startsAt: '2030-02-01T10:00:00+02:00',
          durationMinutes: 60,
          recurrence: 'FREQ=WEEKLY;BYDAY=TH;COUNT=4',
        },
      });
      assert.equal(later.status, 201);
      assert.equal(later.body.startsAt, '2030-02-01T08:00:00.000Z');
      const earlier = await hubFetch(hub.url, 'POST', base, {
        token: coordinator,
        body: { title: 'Earlier', topic: 'X', startsAt: '2030-01-01T10:00:00Z', durationMinutes: 45 },
      });
      const page = await hubFetch(hub.url, 'GET', `${base}?from=2029-12-31T00:00:00Z&to=2031-01-01T00:00:00Z`, {
        token: presenter,
      });
      assert.deepEqual(
        page.body.items.map((s: { id: string }) => s.id),
        [earlier.body.id, later.body.id],
      );
      const live = await hubFetch(hub.url, 'PATCH', `/v1/sessions/${earlier.body.id}`, {
        token: coordinator,
        body: { status: 'live', recurrence: null },
      });
      assert.equal(live.body.status, 'live');
      const onlyLive = await hubFetch(hub.url, 'GET', `${base}?status=live`, { token: presenter });
      assert.deepEqual(
        onlyLive.body.items.map((s: { id: string }) => s.id),
        [earlier.body.id],
      );
    });

    test('pagination walks every page once with an opaque cursor', async () => {
      const p = await hub.mint({ role: 'presenter', sub: 'pager' });
      const ids: string[] = [];
      for (let i = 0; i < 7; i += 1) ids.push((await submitTestCase(hub, { presenterToken: p })).id);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const r = await hubFetch(hub.url, 'GET', `/v1/cases?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: p });
        assert.ok(r.body.items.length <= 3);
        seen.push(...r.body.items.map((c: { id: string }) => c.id));
        cursor = r.body.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, ids);
      assert.equal((await hubFetch(hub.url, 'GET', '/v1/cases?cursor=%%%', { token: p })).status, 400);
      assert.equal((await hubFetch(hub.url, 'GET', '/v1/cases?limit=101', { token: p })).status, 400);
    });

    test('PHI guard rejects identifiers with paths, never values', async () => {
      const r = await hubFetch(hub.url, 'POST', '/v1/cases', {
        token: presenter,
        body: {
          programId: hub.demo.programId,
          templateId: hub.demo.templateId,
          response: sampleResponse({ history: 'MRN lookup: call 617-555-0199, SSN 078-05-1120' }),
          deidentification: sampleReport(),
        },
      });
      assert.equal(r.status, 422);
      assert.equal(r.body.code, 'phi_detected');
      assert.ok(r.body.errors.some((e: { path: string }) => e.path.startsWith('/response/item/')));
      assert.ok(!JSON.stringify(r.body).includes('078-05-1120'));
      assert.ok(!JSON.stringify(r.body).includes('617-555-0199'));
      const list = await hubFetch(hub.url, 'GET', '/v1/cases?limit=100', { token: presenter });
      assert.ok(!JSON.stringify(list.body).includes('078-05-1120'), 'nothing stored');
    });

    test('required questions, unknown template and foreign follow-ups are rejected', async () => {
      const missing = await hubFetch(hub.url, 'POST', '/v1/cases', {
        token: presenter,
        body: {
          programId: hub.demo.programId,
          templateId: hub.demo.templateId,
          response: { resourceType: 'QuestionnaireResponse', item: [] },
          deidentification: sampleReport(),
        },
      });
      assert.equal(missing.status, 422);
      assert.equal(missing.body.code, 'invalid_response');
      assert.deepEqual(
        missing.body.errors.map((e: { path: string }) => e.path),
        ['/response/presenting-problem', '/response/questions'],
      );
      const unknown = await hubFetch(hub.url, 'POST', '/v1/cases', {
        token: presenter,
        body: {
          programId: hub.demo.programId,
          templateId: newId('tpl'),
          response: sampleResponse(),
          deidentification: sampleReport(),
        },
      });
      assert.equal(unknown.status, 404);
      const other = await submitTestCase(hub, { presenterToken: await hub.mint({ role: 'presenter', sub: 'other' }) });
      const follow = await hubFetch(hub.url, 'POST', '/v1/cases', {
        token: presenter,
        body: {
          programId: hub.demo.programId,
          templateId: hub.demo.templateId,
          response: sampleResponse(),
          deidentification: sampleReport(),
          followUpOf: other.id,
        },
      });
      assert.equal(follow.status, 400);
      const mine = await submitTestCase(hub, { presenterToken: presenter });
      const ok = await submitTestCase(hub, { presenterToken: presenter, followUpOf: mine.id });
      assert.equal(ok.followUpOf, mine.id);
    });

    test('lifecycle: return with reason, resubmit with PHI check, accept, schedule in agenda order, unschedule', async () => {
      const c = await submitTestCase(hub, { presenterToken: presenter });
      const noReason = await patchCase(c.id, { status: 'returned' });
      assert.equal(noReason.status, 400);
      const returned = await patchCase(c.id, { status: 'returned', reason: 'Please add labs' });
      assert.equal(returned.body.status, 'returned');
      assert.equal(returned.body.returnReason, 'Please add labs');
      assert.equal((await patchCase(c.id, { status: 'submitted' })).status, 403, 'coordinator cannot resubmit');
      const phi = await patchCase(
        c.id,
        { status: 'submitted', response: sampleResponse({ labs: 'mail a@b.org' }) },
        presenter,
      );
      assert.equal(phi.status, 422);
      const again = await patchCase(
        c.id,
        { status: 'submitted', response: sampleResponse({ labs: 'ALT 90' }) },
        presenter,
      );
      assert.equal(again.status, 200);
      assert.equal(again.body.status, 'submitted');
      assert.equal(again.body.returnReason, undefined);
      assert.ok(JSON.stringify(again.body.response).includes('ALT 90'));

      const illegal = await patchCase(c.id, { status: 'presented' });
      assert.equal(illegal.status, 409);
      assert.equal(illegal.body.code, 'invalid_transition');
      assert.match(illegal.body.detail, /submitted.*presented/);

      assert.equal((await patchCase(c.id, { status: 'accepted' }, specialist)).status, 403);
      await patchCase(c.id, { status: 'accepted' });
      assert.equal((await patchCase(c.id, { status: 'scheduled' })).status, 400, 'sessionId required');
      const otherProgram = await hubFetch(hub.url, 'POST', '/v1/programs', {
        token: hub.apiKey,
        body: { name: 'O', specialty: 'o' },
      });
      const foreignSession = await hubFetch(hub.url, 'POST', `/v1/programs/${otherProgram.body.id}/sessions`, {
        token: hub.apiKey,
        body: { title: 'F', topic: 'F', startsAt: '2030-01-01T00:00:00Z', durationMinutes: 30 },
      });
      assert.equal((await patchCase(c.id, { status: 'scheduled', sessionId: foreignSession.body.id })).status, 400);

      const session = await hubFetch(hub.url, 'POST', `/v1/programs/${hub.demo.programId}/sessions`, {
        token: coordinator,
        body: { title: 'Agenda', topic: 'T', startsAt: '2030-03-01T00:00:00Z', durationMinutes: 60 },
      });
      const d = await submitTestCase(hub, { presenterToken: presenter, title: 'Second' });
      await patchCase(c.id, { status: 'scheduled', sessionId: session.body.id });
      await advanceTestCase(hub, d.id, 'scheduled', session.body.id);
      const agenda = await hubFetch(hub.url, 'GET', `/v1/sessions/${session.body.id}`, { token: presenter });
      assert.deepEqual(
        agenda.body.agenda.map((a: { caseId: string; position: number }) => [a.caseId, a.position]),
        [
          [c.id, 1],
          [d.id, 2],
        ],
      );
      const unscheduled = await patchCase(c.id, { status: 'accepted' });
      assert.equal(unscheduled.body.sessionId, undefined);
      const after = await hubFetch(hub.url, 'GET', `/v1/sessions/${session.body.id}`, { token: presenter });
      assert.deepEqual(
        after.body.agenda.map((a: { caseId: string }) => a.caseId),
        [d.id],
      );
      assert.equal(
        (await patchCase(d.id, { status: 'presented' }, await hub.mint({ role: 'facilitator' }))).status,
        200,
      );
    });

    test('recommendations: draft, edit, issue numbering, amend with history, ack closes, amend reopens', async () => {
      const c = await submitTestCase(hub, { presenterToken: presenter });
      assert.equal(
        (
          await hubFetch(hub.url, 'POST', `/v1/cases/${c.id}/recommendations`, {
            token: specialist,
            body: { body: 'x' },
          })
        ).status,
        409,
        'no drafts on a submitted case',
      );
      await advanceTestCase(hub, c.id, 'accepted');
      const first = await testRecommendation(hub, c.id, { body: 'First' });
      const early = await hubFetch(hub.url, 'PATCH', `/v1/recommendations/${first.id}`, {
        token: specialist,
        body: { status: 'issued' },
      });
      assert.equal(early.status, 409, 'cannot issue before the case is presented');
      const edited = await hubFetch(hub.url, 'PATCH', `/v1/recommendations/${first.id}`, {
        token: specialist,
        body: { body: 'First, edited', followUp: '2031-01-15', category: 'monitoring' },
      });
      assert.equal(edited.body.body, 'First, edited');
      assert.equal(edited.body.version, 1);
      const stranger = await hub.mint({ role: 'specialist', sub: 'another-specialist' });
      assert.equal(
        (await hubFetch(hub.url, 'PATCH', `/v1/recommendations/${first.id}`, { token: stranger, body: { body: 'x' } }))
          .status,
        403,
        'only the author or a facilitator',
      );
      await advanceTestCase(hub, c.id, 'presented', hub.demo.sessionIds[1]);
      const issued1 = await hubFetch(hub.url, 'PATCH', `/v1/recommendations/${first.id}`, {
        token: specialist,
        body: { status: 'issued' },
      });
      assert.equal(issued1.body.number, 1);
      assert.ok(issued1.body.issuedAt);
      const second = await testRecommendation(hub, c.id, { issue: true, body: 'Second' });
      assert.equal(second.number, 2);
      const caseNow = await hubFetch(hub.url, 'GET', `/v1/cases/${c.id}`, { token: presenter });
      assert.equal(caseNow.body.status, 'recommendations_issued');

      const back = await hubFetch(hub.url, 'PATCH', `/v1/recommendations/${first.id}`, {
        token: specialist,
        body: { status: 'draft' },
      });
      assert.equal(back.status, 409);
      const facilitator = await hub.mint({ role: 'facilitator' });
      const amended = await hubFetch(hub.url, 'PATCH', `/v1/recommendations/${first.id}`, {
        token: facilitator,
        body: { body: 'First, amended' },
      });
      assert.equal(amended.body.version, 2);
      assert.ok(amended.body.amendedAt);
      assert.equal(amended.body.history.length, 1);
      assert.equal(amended.body.history[0].body, 'First, edited');
      assert.equal(amended.body.history[0].version, 1);
      assert.equal(amended.body.history[0].replacedBy, 'test-facilitator');

      const ack1 = await hubFetch(hub.url, 'POST', `/v1/recommendations/${first.id}/acknowledge`, {
        token: presenter,
        body: { reply: 'Will do' },
      });
      assert.equal(ack1.status, 200);
      assert.equal(ack1.body.version, 2);
      const repeat = await hubFetch(hub.url, 'POST', `/v1/recommendations/${first.id}/acknowledge`, {
        token: presenter,
        body: {},
      });
      assert.deepEqual(repeat.body, ack1.body, 'repeat with the same version is a no-op');
      assert.equal(
        (await hubFetch(hub.url, 'GET', `/v1/cases/${c.id}`, { token: presenter })).body.status,
        'recommendations_issued',
      );
      await hubFetch(hub.url, 'POST', `/v1/recommendations/${second.id}/acknowledge`, { token: presenter });
      assert.equal((await hubFetch(hub.url, 'GET', `/v1/cases/${c.id}`, { token: presenter })).body.status, 'closed');

      await hubFetch(hub.url, 'PATCH', `/v1/recommendations/${second.id}`, {
        token: specialist,
        body: { body: 'Second, amended' },
      });
      assert.equal(
        (await hubFetch(hub.url, 'GET', `/v1/cases/${c.id}`, { token: presenter })).body.status,
        'recommendations_issued',
        'an amendment reopens a closed case',
      );
      const ack2 = await hubFetch(hub.url, 'POST', `/v1/recommendations/${second.id}/acknowledge`, {
        token: presenter,
      });
      assert.equal(ack2.body.version, 2);
      assert.equal((await hubFetch(hub.url, 'GET', `/v1/cases/${c.id}`, { token: presenter })).body.status, 'closed');
      const closeAgain = await patchCase(c.id, { status: 'closed' });
      assert.equal(closeAgain.status, 409);
    });

    test('coordinator closes recommendations_issued manually; participants see issued recommendations after attending', async () => {
      const c = await submitTestCase(hub, { presenterToken: presenter });
      const sessionId = hub.demo.sessionIds[0]!;
      await advanceTestCase(hub, c.id, 'presented', sessionId);
      const draft = await testRecommendation(hub, c.id, { body: 'Draft only' });
      const rec = await testRecommendation(hub, c.id, { issue: true });
      const participant = await hub.mint({ role: 'participant', sub: 'spoke-7' });
      assert.equal((await hubFetch(hub.url, 'GET', `/v1/cases/${c.id}`, { token: participant })).status, 404);
      await hub.hub!.storage.write((tx) =>
        tx.attendance.insert({
          id: newId('att'),
          sessionId,
          programId: hub.demo.programId,
          userId: 'spoke-7',
          userName: 'Spoke 7',
          role: 'participant',
          joinedAt: new Date().toISOString(),
        }),
      );
      assert.equal((await hubFetch(hub.url, 'GET', `/v1/cases/${c.id}`, { token: participant })).status, 200);
      const recs = await hubFetch(hub.url, 'GET', `/v1/cases/${c.id}/recommendations`, { token: participant });
      assert.deepEqual(
        recs.body.items.map((r: { id: string }) => r.id),
        [rec.id],
      );
      assert.ok(!JSON.stringify(recs.body).includes(draft.id));
      const closed = await patchCase(c.id, { status: 'closed' });
      assert.equal(closed.body.status, 'closed');
    });
  });
}
