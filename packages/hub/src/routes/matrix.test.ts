import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Role, Session } from '@teleecho/sdk';
import {
  advanceTestCase,
  createTestSession,
  createLiveTestSession,
  hubFetch,
  openEventStream,
  recordTestAttendance,
  sampleReport,
  requireLiveKit,
  sampleResponse,
  startTestHub,
  storageTiers,
  submitTestCase,
  testRecommendation,
  type TestHub,
} from '@teleecho/test-kit';

type Who = Role | 'apiKey' | 'none';
const WHO: Who[] = [
  'coordinator',
  'facilitator',
  'specialist',
  'presenter',
  'participant',
  'observer',
  'apiKey',
  'none',
];
const TEAM: Who[] = ['coordinator', 'facilitator', 'specialist'];
const MEMBERS: Who[] = [...TEAM, 'presenter', 'participant', 'observer'];

interface Row {
  name: string;
  /** Builds the request (fresh fixtures per call, so mutations never interfere). */
  make(hub: TestHub): Promise<{ method: string; path: string; body?: unknown }>;
  allowed: Who[];
  /** Status for denied callers with a token, when not 403. */
  hidden?: Who[];
  /** Needs a running LiveKit server (skipped, loudly, without one). */
  needsLiveKit?: boolean;
}

const HAS_LIVEKIT = requireLiveKit();

const template = { resourceType: 'Questionnaire', status: 'active', item: [{ linkId: 'q', text: 'Q', type: 'text' }] };

async function newTemplate(hub: TestHub): Promise<string> {
  const r = await hubFetch(hub.url, 'POST', `/v1/programs/${hub.demo.programId}/case-templates`, {
    token: hub.apiKey,
    body: { questionnaire: template },
  });
  return r.body.id;
}

let pastDay = 0;

/** A past session of the demo programme that `test-participant` attended fully, under a rule without evaluation. */
async function eligiblePastSession(hub: TestHub): Promise<Session> {
  await hubFetch(hub.url, 'PUT', `/v1/programs/${hub.demo.programId}/credit-rule`, {
    token: hub.apiKey,
    body: { creditsPerSession: 1 },
  });
  pastDay += 1;
  const session = await createTestSession(hub, { startsAt: new Date(Date.UTC(2025, 0, pastDay, 16)).toISOString() });
  await recordTestAttendance(hub, session, { userId: 'test-participant', from: 0, to: 60 });
  return session;
}

/** A past session of the demo programme whose credit rule asks for an evaluation (the one-question template). */
async function evaluatedPastSession(hub: TestHub): Promise<Session> {
  await hubFetch(hub.url, 'PUT', `/v1/programs/${hub.demo.programId}/credit-rule`, {
    token: hub.apiKey,
    body: { creditsPerSession: 1, evaluationTemplateId: await newTemplate(hub) },
  });
  pastDay += 1;
  return createTestSession(hub, { startsAt: new Date(Date.UTC(2025, 0, pastDay, 16)).toISOString() });
}

const ROWS: Row[] = [
  { name: 'GET /healthz', make: async () => ({ method: 'GET', path: '/healthz' }), allowed: WHO },
  {
    name: 'POST /v1/embed-tokens',
    make: async (hub) => ({
      method: 'POST',
      path: '/v1/embed-tokens',
      body: { user: { id: 'u1', name: 'U' }, role: 'presenter', programId: hub.demo.programId },
    }),
    allowed: ['apiKey'],
  },
  {
    name: 'GET /v1/programs',
    make: async () => ({ method: 'GET', path: '/v1/programs' }),
    allowed: [...MEMBERS, 'apiKey'],
  },
  {
    name: 'POST /v1/programs',
    make: async () => ({
      method: 'POST',
      path: '/v1/programs',
      body: { name: 'TB ECHO', specialty: 'infectious disease' },
    }),
    allowed: ['coordinator', 'apiKey'],
  },
  {
    name: 'GET /v1/programs/:id',
    make: async (hub) => ({ method: 'GET', path: `/v1/programs/${hub.demo.programId}` }),
    allowed: [...MEMBERS, 'apiKey'],
  },
  {
    name: 'PATCH /v1/programs/:id',
    make: async (hub) => ({ method: 'PATCH', path: `/v1/programs/${hub.demo.programId}`, body: { language: 'en' } }),
    allowed: ['coordinator', 'apiKey'],
  },
  {
    name: 'GET /v1/programs/:id/sessions',
    make: async (hub) => ({ method: 'GET', path: `/v1/programs/${hub.demo.programId}/sessions` }),
    allowed: [...MEMBERS, 'apiKey'],
  },
  {
    name: 'POST /v1/programs/:id/sessions',
    make: async (hub) => ({
      method: 'POST',
      path: `/v1/programs/${hub.demo.programId}/sessions`,
      body: { title: 'Extra', topic: 'Cirrhosis', startsAt: '2031-01-02T16:00:00Z', durationMinutes: 60 },
    }),
    allowed: ['coordinator', 'apiKey'],
  },
  {
    name: 'GET /v1/sessions/:id',
    make: async (hub) => ({ method: 'GET', path: `/v1/sessions/${hub.demo.sessionIds[0]}` }),
    allowed: [...MEMBERS, 'apiKey'],
  },
  {
    name: 'PATCH /v1/sessions/:id',
    make: async (hub) => ({
      method: 'PATCH',
      path: `/v1/sessions/${hub.demo.sessionIds[1]}`,
      body: { topic: 'HCV in pregnancy' },
    }),
    allowed: ['coordinator', 'apiKey'],
  },
  {
    name: 'POST /v1/sessions/:id/open',
    make: async (hub) => ({
      method: 'POST',
      path: `/v1/sessions/${await createLiveTestSession(hub, { startsInMinutes: 7 * 24 * 60 })}/open`,
      body: {},
    }),
    allowed: ['coordinator', 'facilitator', 'apiKey'],
  },
  {
    name: 'POST /v1/programs/:id/sessions/ad-hoc',
    make: async (hub) => ({
      method: 'POST',
      path: `/v1/programs/${hub.demo.programId}/sessions/ad-hoc`,
      body: { title: 'Consult' },
    }),
    allowed: ['coordinator', 'facilitator', 'apiKey'],
  },
  {
    name: 'GET /v1/programs/:id/case-templates',
    make: async (hub) => ({ method: 'GET', path: `/v1/programs/${hub.demo.programId}/case-templates` }),
    allowed: [...MEMBERS, 'apiKey'],
  },
  {
    name: 'POST /v1/programs/:id/case-templates',
    make: async (hub) => ({
      method: 'POST',
      path: `/v1/programs/${hub.demo.programId}/case-templates`,
      body: { questionnaire: template },
    }),
    allowed: ['coordinator', 'apiKey'],
  },
  {
    name: 'GET /v1/programs/:id/case-templates/:tid',
    make: async (hub) => ({
      method: 'GET',
      path: `/v1/programs/${hub.demo.programId}/case-templates/${hub.demo.templateId}`,
    }),
    allowed: [...MEMBERS, 'apiKey'],
  },
  {
    name: 'PUT /v1/programs/:id/case-templates/:tid',
    make: async (hub) => ({
      method: 'PUT',
      path: `/v1/programs/${hub.demo.programId}/case-templates/${await newTemplate(hub)}`,
      body: { questionnaire: template },
    }),
    allowed: ['coordinator', 'apiKey'],
  },
  {
    name: 'DELETE /v1/programs/:id/case-templates/:tid',
    make: async (hub) => ({
      method: 'DELETE',
      path: `/v1/programs/${hub.demo.programId}/case-templates/${await newTemplate(hub)}`,
    }),
    allowed: ['coordinator', 'apiKey'],
  },
  {
    name: 'POST /v1/cases',
    make: async (hub) => ({
      method: 'POST',
      path: '/v1/cases',
      body: {
        programId: hub.demo.programId,
        templateId: hub.demo.templateId,
        response: sampleResponse(),
        deidentification: sampleReport(),
      },
    }),
    allowed: ['presenter'],
  },
  { name: 'GET /v1/cases', make: async () => ({ method: 'GET', path: '/v1/cases' }), allowed: MEMBERS },
  {
    name: 'GET /v1/cases/:id',
    make: async (hub) => ({ method: 'GET', path: `/v1/cases/${(await submitTestCase(hub)).id}` }),
    allowed: [...TEAM, 'presenter'],
    hidden: ['participant', 'observer'],
  },
  {
    name: 'PATCH /v1/cases/:id (accept)',
    make: async (hub) => ({
      method: 'PATCH',
      path: `/v1/cases/${(await submitTestCase(hub)).id}`,
      body: { status: 'accepted' },
    }),
    allowed: ['coordinator'],
    hidden: ['participant', 'observer'],
  },
  {
    name: 'GET /v1/cases/:id/recommendations',
    make: async (hub) => ({ method: 'GET', path: `/v1/cases/${(await submitTestCase(hub)).id}/recommendations` }),
    allowed: [...TEAM, 'presenter'],
    hidden: ['participant', 'observer'],
  },
  {
    name: 'POST /v1/cases/:id/recommendations',
    make: async (hub) => {
      const c = await submitTestCase(hub);
      await advanceTestCase(hub, c.id, 'accepted');
      return { method: 'POST', path: `/v1/cases/${c.id}/recommendations`, body: { body: 'Repeat ALT in 4 weeks' } };
    },
    allowed: ['specialist', 'facilitator'],
    hidden: ['participant', 'observer'],
  },
  {
    name: 'PATCH /v1/recommendations/:id (edit draft)',
    make: async (hub) => {
      const c = await submitTestCase(hub);
      await advanceTestCase(hub, c.id, 'accepted');
      const rec = await testRecommendation(hub, c.id);
      return { method: 'PATCH', path: `/v1/recommendations/${rec.id}`, body: { body: 'Edited' } };
    },
    allowed: ['specialist', 'facilitator'],
    hidden: ['presenter', 'participant', 'observer'],
  },
  {
    name: 'POST /v1/recommendations/:id/acknowledge',
    make: async (hub) => {
      const c = await submitTestCase(hub);
      await advanceTestCase(hub, c.id, 'presented');
      const rec = await testRecommendation(hub, c.id, { issue: true });
      return { method: 'POST', path: `/v1/recommendations/${rec.id}/acknowledge`, body: {} };
    },
    allowed: ['presenter'],
    hidden: ['participant', 'observer'],
  },
  {
    name: 'POST /v1/sessions/:id/join',
    make: async (hub) => ({ method: 'POST', path: `/v1/sessions/${await createLiveTestSession(hub)}/join`, body: {} }),
    allowed: MEMBERS,
  },
  {
    name: 'GET /v1/sessions/:id/attendance',
    make: async (hub) => ({ method: 'GET', path: `/v1/sessions/${hub.demo.sessionIds[0]}/attendance` }),
    allowed: [...MEMBERS, 'apiKey'],
  },
  {
    name: 'POST /v1/sessions/:id/moderation (end)',
    make: async (hub) => ({
      method: 'POST',
      path: `/v1/sessions/${await createLiveTestSession(hub)}/moderation`,
      body: { action: 'end' },
    }),
    allowed: ['facilitator', 'coordinator'],
    needsLiveKit: true,
  },
  {
    name: 'POST /v1/cases/:id/recommendations/issue',
    make: async (hub) => {
      const c = await submitTestCase(hub);
      await advanceTestCase(hub, c.id, 'presented');
      const rec = await testRecommendation(hub, c.id);
      return { method: 'POST', path: `/v1/cases/${c.id}/recommendations/issue`, body: { ids: [rec.id] } };
    },
    allowed: ['specialist', 'facilitator'],
    hidden: ['participant', 'observer'],
  },
  // CME (credit rule, transcripts, certificates, evaluations) and calendar feeds
  {
    name: 'GET /v1/programs/:id/credit-rule',
    make: async (hub) => ({ method: 'GET', path: `/v1/programs/${hub.demo.programId}/credit-rule` }),
    allowed: [...MEMBERS, 'apiKey'],
  },
  {
    name: 'PUT /v1/programs/:id/credit-rule',
    make: async (hub) => ({
      method: 'PUT',
      path: `/v1/programs/${hub.demo.programId}/credit-rule`,
      body: { creditsPerSession: 1, minimumShare: 0.75 },
    }),
    allowed: ['coordinator', 'apiKey'],
  },
  {
    name: 'GET /v1/programs/:id/transcript?user=test-participant (self or coordinator)',
    make: async (hub) => ({
      method: 'GET',
      path: `/v1/programs/${hub.demo.programId}/transcript?user=test-participant`,
    }),
    allowed: ['coordinator', 'participant', 'apiKey'],
  },
  {
    name: 'GET /v1/programs/:id/certificates/sessions/:sid?user=test-participant',
    make: async (hub) => ({
      method: 'GET',
      path: `/v1/programs/${hub.demo.programId}/certificates/sessions/${(await eligiblePastSession(hub)).id}?user=test-participant`,
    }),
    allowed: ['coordinator', 'participant', 'apiKey'],
  },
  {
    name: 'GET /v1/programs/:id/certificates/period?user=test-participant',
    make: async (hub) => {
      const day = (await eligiblePastSession(hub)).startsAt.slice(0, 10);
      return {
        method: 'GET',
        path: `/v1/programs/${hub.demo.programId}/certificates/period?from=${day}&to=${day}&user=test-participant`,
      };
    },
    allowed: ['coordinator', 'participant', 'apiKey'],
  },
  {
    name: 'GET /v1/certificates/:code (public)',
    make: async (hub) => {
      const session = await eligiblePastSession(hub);
      const cert = await hubFetch(
        hub.url,
        'GET',
        `/v1/programs/${hub.demo.programId}/certificates/sessions/${session.id}?user=test-participant&format=json`,
        { token: hub.apiKey },
      );
      return { method: 'GET', path: `/v1/certificates/${cert.body.code}` };
    },
    allowed: WHO,
  },
  {
    name: 'GET /v1/programs/:id/calendar-link',
    make: async (hub) => ({ method: 'GET', path: `/v1/programs/${hub.demo.programId}/calendar-link` }),
    allowed: [...MEMBERS, 'apiKey'],
  },
  {
    name: 'POST /v1/programs/:id/calendar-link (rotate the programme feed)',
    make: async (hub) => ({ method: 'POST', path: `/v1/programs/${hub.demo.programId}/calendar-link`, body: {} }),
    allowed: ['coordinator', 'apiKey'],
  },
  {
    name: 'GET /v1/programs/:id/calendar.ics?token= (anyone with the link)',
    make: async (hub) => {
      const link = await hubFetch(hub.url, 'GET', `/v1/programs/${hub.demo.programId}/calendar-link`, {
        token: hub.apiKey,
      });
      return { method: 'GET', path: new URL(link.body.url).pathname + new URL(link.body.url).search };
    },
    allowed: WHO,
  },
  {
    name: 'GET /v1/sessions/:id/evaluation',
    make: async (hub) => ({ method: 'GET', path: `/v1/sessions/${(await evaluatedPastSession(hub)).id}/evaluation` }),
    allowed: MEMBERS,
  },
  {
    name: 'POST /v1/sessions/:id/evaluation',
    make: async (hub) => ({
      method: 'POST',
      path: `/v1/sessions/${(await evaluatedPastSession(hub)).id}/evaluation`,
      body: {
        response: {
          resourceType: 'QuestionnaireResponse',
          status: 'completed',
          item: [{ linkId: 'q', answer: [{ valueString: 'Useful' }] }],
        },
      },
    }),
    allowed: MEMBERS,
  },
  // LTI: platforms call these without bearer tokens (public); the id_token, login state and tickets are the proof.
  { name: 'GET /lti/jwks', make: async () => ({ method: 'GET', path: '/lti/jwks' }), allowed: WHO },
];

async function credential(hub: TestHub, who: Who): Promise<string | undefined> {
  if (who === 'none') return undefined;
  if (who === 'apiKey') return hub.apiKey;
  return hub.mint({ role: who });
}

for (const { tier, skip } of await storageTiers()) {
  describe(`role × route matrix [${tier}]`, { skip }, () => {
    let hub: TestHub;
    before(async () => {
      hub = await startTestHub({
        storage: tier,
        livekit: HAS_LIVEKIT || { url: 'ws://127.0.0.1:9', apiKey: 'devkey', apiSecret: 'secret' },
      });
    });
    after(() => hub?.close());

    for (const row of ROWS) {
      const rowSkip = row.needsLiveKit && !HAS_LIVEKIT ? 'SKIPPED TIER livekit: livekit-server missing' : false;
      test(row.name, { skip: rowSkip }, async () => {
        for (const who of WHO) {
          const request = await row.make(hub);
          const token = await credential(hub, who);
          const response = await hubFetch(hub.url, request.method, request.path, { token, body: request.body });
          const label = `${row.name} as ${who}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`;
          if (row.allowed.includes(who)) {
            assert.ok(response.status >= 200 && response.status < 300, label);
          } else if (who === 'none') {
            assert.equal(response.status, 401, label);
            assert.equal(response.body.code, 'unauthorized', label);
          } else if (row.hidden?.includes(who)) {
            assert.equal(response.status, 404, label);
          } else {
            assert.equal(response.status, 403, label);
            assert.match(response.body.code, /^(forbidden|api_key_required)$/, label);
          }
        }
      });
    }

    test('LTI login/launch/deep-link/register: bearer tokens of any role grant nothing (4xx LTI problem)', async () => {
      const requests = [
        { method: 'POST', path: '/lti/launch', code: 'lti_request_invalid', status: 400 },
        { method: 'POST', path: '/lti/launch/continue', code: 'lti_request_invalid', status: 400 },
        { method: 'POST', path: '/lti/deep-link', code: 'lti_request_invalid', status: 400 },
        { method: 'POST', path: '/lti/login', code: 'lti_request_invalid', status: 400 },
        { method: 'GET', path: '/lti/register', code: 'lti_registration_failed', status: 400 },
      ];
      for (const who of WHO) {
        const token = await credential(hub, who);
        for (const request of requests) {
          const r = await hubFetch(hub.url, request.method, request.path, {
            ...(token && { token }),
            ...(request.method === 'POST' && { body: {} }),
            headers: { accept: 'application/json' },
          });
          assert.equal(r.status, request.status, `${request.path} as ${who}`);
          assert.equal(r.body.code, request.code, `${request.path} as ${who}`);
        }
      }
    });

    test('POST /v1/livekit/webhook: only LiveKit’s signature counts — any bearer token → 401', async () => {
      const body = JSON.stringify({ id: 'EV_x', event: 'room_finished', room: { name: hub.demo.sessionIds[0] } });
      for (const who of WHO) {
        const token = await credential(hub, who);
        const r = await hubFetch(hub.url, 'POST', '/v1/livekit/webhook', {
          raw: body,
          contentType: 'application/webhook+json',
          ...(token && { headers: { authorization: token } }),
        });
        assert.equal(r.status, 401, who);
        assert.equal(r.body.code, 'webhook_invalid', who);
      }
    });

    test('GET /v1/events: every role streams; API key 403; no token 401', async () => {
      for (const who of WHO) {
        const token = await credential(hub, who);
        if (!token) {
          const r = await hubFetch(hub.url, 'GET', '/v1/events');
          assert.equal(r.status, 401);
          continue;
        }
        const stream = await openEventStream(hub.url, token);
        stream.close();
        assert.equal(stream.status, who === 'apiKey' ? 403 : 200, who);
      }
    });

    test('presenters never see other presenters’ cases, drafts, or events about them', async () => {
      const mine = await hub.mint({ role: 'presenter', sub: 'presenter-a' });
      const theirs = await hub.mint({ role: 'presenter', sub: 'presenter-b' });
      const specialist = await hub.mint({ role: 'specialist' });
      const streamA = await openEventStream(hub.url, mine);
      const streamSpecialist = await openEventStream(hub.url, specialist);
      const caseB = await submitTestCase(hub, { presenterToken: theirs, title: 'B case' });
      await advanceTestCase(hub, caseB.id, 'presented');
      const draft = await testRecommendation(hub, caseB.id, { specialistToken: specialist });
      const issued = await testRecommendation(hub, caseB.id, { issue: true, specialistToken: specialist });
      const caseA = await submitTestCase(hub, { presenterToken: mine, title: 'A case' });
      await streamA.waitFor((events) => events.some((e) => e.data.caseId === caseA.id));
      await streamSpecialist.waitFor((events) => events.some((e) => e.data.caseId === caseA.id));
      streamA.close();
      streamSpecialist.close();
      assert.ok(!streamA.events.some((e) => e.data.caseId === caseB.id), 'presenter A saw an event about B');
      assert.ok(
        streamSpecialist.events.some((e) => e.data.caseId === caseB.id),
        'specialist saw B events',
      );
      assert.ok(!streamSpecialist.events.some((e) => e.data.data?.id === draft.id), 'drafts never produce events');

      const listA = await hubFetch(hub.url, 'GET', '/v1/cases?limit=100', { token: mine });
      assert.deepEqual(
        listA.body.items.map((c: { id: string }) => c.id),
        [caseA.id],
      );
      assert.equal((await hubFetch(hub.url, 'GET', `/v1/cases/${caseB.id}`, { token: mine })).status, 404);
      const recsB = await hubFetch(hub.url, 'GET', `/v1/cases/${caseB.id}/recommendations`, { token: theirs });
      assert.deepEqual(
        recsB.body.items.map((r: { id: string }) => r.id),
        [issued.id],
        'owner sees issued, not drafts',
      );
      assert.equal(
        (await hubFetch(hub.url, 'PATCH', `/v1/recommendations/${draft.id}`, { token: theirs, body: { body: 'x' } }))
          .status,
        404,
      );
    });
  });
}
