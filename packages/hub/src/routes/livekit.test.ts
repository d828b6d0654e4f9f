import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Role } from '@teleecho/sdk';
import { decodeJwt } from 'jose';
import {
  advanceTestCase,
  createLiveTestSession,
  hubFetch,
  openEventStream,
  signWebhook,
  startTestHub,
  storageTiers,
  submitTestCase,
  testRecommendation,
  type TestHub,
} from '@teleecho/test-kit';

const LIVEKIT = { url: 'ws://127.0.0.1:7880', apiKey: 'devkey', apiSecret: 'secret' };

interface VideoGrantClaims {
  room?: string;
  roomJoin?: boolean;
  roomAdmin?: boolean;
  canPublish?: boolean;
  canPublishData?: boolean;
  canSubscribe?: boolean;
  canPublishSources?: string[];
}

async function join(hub: TestHub, sessionId: string, role: Role, sub?: string) {
  const token = await hub.mint({ role, ...(sub && { sub }) });
  return hubFetch(hub.url, 'POST', `/v1/sessions/${sessionId}/join`, { token, body: {} });
}

function webhookBody(
  event: string,
  sessionId: string,
  options: { id?: string; createdAt?: number; sid?: string; sub?: string } = {},
) {
  const createdAt = options.createdAt ?? Math.floor(Date.now() / 1000);
  return JSON.stringify({
    id: options.id ?? `EV_${Math.random().toString(36).slice(2)}`,
    event,
    createdAt: String(createdAt),
    room: { sid: 'RM_test', name: sessionId },
    ...(event !== 'room_finished' && {
      participant: {
        sid: options.sid ?? 'PA_one',
        identity: options.sub ?? 'test-participant',
        name: 'Test participant',
        metadata: JSON.stringify({ role: 'participant', name: 'Test participant', programId: 'x' }),
        joinedAt: String(createdAt),
      },
    }),
  });
}

async function postWebhook(hub: TestHub, body: string, authorization?: string) {
  return hubFetch(hub.url, 'POST', '/v1/livekit/webhook', {
    raw: body,
    contentType: 'application/webhook+json',
    headers: { authorization: authorization ?? (await signWebhook(LIVEKIT, body)) },
  });
}

async function attendance(hub: TestHub, sessionId: string, token?: string) {
  const r = await hubFetch(hub.url, 'GET', `/v1/sessions/${sessionId}/attendance`, { token: token ?? hub.apiKey });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as {
    people: { userId: string; minutes: number; present: boolean; intervals: { leftAt?: string }[] }[];
  };
}

for (const { tier, skip } of await storageTiers()) {
  describe(`live sessions over LiveKit [${tier}]`, { skip }, () => {
    let hub: TestHub;
    before(async () => {
      hub = await startTestHub({ storage: tier, livekit: LIVEKIT });
    });
    after(() => hub?.close());

    test('join gives each role the LiveKit grants of ARCHITECTURE.md §3', async () => {
      const sessionId = await createLiveTestSession(hub);
      const expected: Record<Role, { sources: string[]; data: boolean; admin: boolean }> = {
        observer: { sources: [], data: false, admin: false },
        participant: { sources: ['camera', 'microphone'], data: true, admin: false },
        presenter: {
          sources: ['camera', 'microphone', 'screen_share', 'screen_share_audio'],
          data: true,
          admin: false,
        },
        specialist: {
          sources: ['camera', 'microphone', 'screen_share', 'screen_share_audio'],
          data: true,
          admin: false,
        },
        facilitator: {
          sources: ['camera', 'microphone', 'screen_share', 'screen_share_audio'],
          data: true,
          admin: true,
        },
        coordinator: {
          sources: ['camera', 'microphone', 'screen_share', 'screen_share_audio'],
          data: true,
          admin: true,
        },
      };
      for (const [role, want] of Object.entries(expected) as [Role, (typeof expected)[Role]][]) {
        const r = await join(hub, sessionId, role, `user-${role}`);
        assert.equal(r.status, 200, `${role}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.url, LIVEKIT.url);
        assert.equal(r.body.identity, `user-${role}`);
        const claims = decodeJwt(r.body.token) as {
          sub?: string;
          exp?: number;
          metadata?: string;
          video?: VideoGrantClaims;
        };
        assert.equal(claims.sub, `user-${role}`);
        assert.ok(claims.exp! - Date.now() / 1000 <= 600, 'join tokens are short-lived');
        assert.deepEqual(JSON.parse(claims.metadata!), { role, name: `Test ${role}`, programId: hub.demo.programId });
        const video = claims.video!;
        assert.equal(video.room, sessionId);
        assert.equal(video.roomJoin, true);
        assert.equal(video.canSubscribe, true);
        assert.equal(Boolean(video.roomAdmin), want.admin, `${role} roomAdmin`);
        assert.equal(video.canPublishData, want.data, `${role} data`);
        if (role === 'observer') assert.equal(video.canPublish, false);
        else assert.deepEqual([...(video.canPublishSources ?? [])].sort(), [...want.sources].sort(), role);
      }
    });

    test('join closed before the window, after the end, and once ended → 409 session_not_open', async () => {
      const later = await createLiveTestSession(hub, { startsInMinutes: 45 });
      const early = await join(hub, later, 'participant');
      assert.equal(early.status, 409);
      assert.equal(early.body.code, 'session_not_open');
      assert.match(early.body.detail, /opens at \d{4}-/);
      assert.equal(
        (await join(hub, await createLiveTestSession(hub, { startsInMinutes: 25 }), 'participant')).status,
        200,
      );
      const over = await createLiveTestSession(hub, { startsInMinutes: -200, durationMinutes: 60 });
      assert.equal((await join(hub, over, 'participant')).body.code, 'session_not_open');
      const ended = await createLiveTestSession(hub);
      await hubFetch(hub.url, 'PATCH', `/v1/sessions/${ended}`, { token: hub.apiKey, body: { status: 'ended' } });
      const r = await join(hub, ended, 'facilitator');
      assert.equal(r.status, 409);
      assert.match(r.body.detail, /ended/);
    });

    test('another programme’s token → 403; an API key → 403; no token → 401', async () => {
      const sessionId = await createLiveTestSession(hub);
      const other = await hubFetch(hub.url, 'POST', '/v1/programs', {
        token: hub.apiKey,
        body: { name: `TB ECHO ${tier}`, specialty: 'tuberculosis' },
      });
      const token = await hub.mint({ role: 'facilitator', programId: other.body.id });
      const r = await hubFetch(hub.url, 'POST', `/v1/sessions/${sessionId}/join`, { token, body: {} });
      assert.equal(r.status, 403);
      assert.equal(r.body.code, 'wrong_program');
      assert.equal(
        (await hubFetch(hub.url, 'POST', `/v1/sessions/${sessionId}/join`, { token: hub.apiKey, body: {} })).status,
        403,
      );
      assert.equal((await hubFetch(hub.url, 'POST', `/v1/sessions/${sessionId}/join`, { body: {} })).status, 401);
    });

    test('signed joined/left webhooks become attendance; coordinators see everyone, others themselves', async () => {
      const sessionId = await createLiveTestSession(hub, { startsInMinutes: -10 });
      const events = await openEventStream(hub.url, await hub.mint({ role: 'coordinator' }));
      const now = Math.floor(Date.now() / 1000);
      const joined = await postWebhook(hub, webhookBody('participant_joined', sessionId, { createdAt: now - 120 }));
      assert.equal(joined.status, 200, JSON.stringify(joined.body));
      assert.equal(joined.body.applied, true);
      await postWebhook(hub, webhookBody('participant_joined', sessionId, { sid: 'PA_two', sub: 'someone-else' }));
      let report = await attendance(hub, sessionId);
      assert.deepEqual(report.people.map((p) => [p.userId, p.present]).sort(), [
        ['someone-else', true],
        ['test-participant', true],
      ]);
      await postWebhook(hub, webhookBody('participant_left', sessionId, { createdAt: now }));
      report = await attendance(hub, sessionId);
      const me = report.people.find((p) => p.userId === 'test-participant')!;
      assert.equal(me.present, false);
      assert.equal(me.minutes, 2);
      const own = await attendance(hub, sessionId, await hub.mint({ role: 'participant' }));
      assert.deepEqual(
        own.people.map((p) => p.userId),
        ['test-participant'],
      );
      const specialist = await attendance(hub, sessionId, await hub.mint({ role: 'specialist', sub: 'nobody' }));
      assert.deepEqual(specialist.people, []);
      await postWebhook(hub, webhookBody('room_finished', sessionId));
      report = await attendance(hub, sessionId);
      assert.ok(
        report.people.every((p) => !p.present),
        'room_finished closes open intervals',
      );
      await events.waitFor((list) =>
        list.some((e) => e.data.type === 'session.started' && e.data.sessionId === sessionId),
      );
      await events.waitFor((list) =>
        list.some((e) => e.data.type === 'attendance.updated' && e.data.sessionId === sessionId),
      );
      events.close();
      const session = await hubFetch(hub.url, 'GET', `/v1/sessions/${sessionId}`, { token: hub.apiKey });
      assert.equal(session.body.status, 'live', 'the first join makes a scheduled session live');
    });

    test('attendance from webhooks lets a participant read issued recommendations of cases presented there', async () => {
      const sessionId = await createLiveTestSession(hub);
      const presented = await submitTestCase(hub);
      await advanceTestCase(hub, presented.id, 'presented', sessionId);
      await testRecommendation(hub, presented.id, { issue: true });
      const spoke = await hub.mint({ role: 'participant', sub: 'spoke-attends' });
      const before = await hubFetch(hub.url, 'GET', `/v1/cases/${presented.id}`, { token: spoke });
      assert.equal(before.status, 404, 'not visible before attending');
      await postWebhook(hub, webhookBody('participant_joined', sessionId, { sid: 'PA_attends', sub: 'spoke-attends' }));
      const after = await hubFetch(hub.url, 'GET', `/v1/cases/${presented.id}/recommendations`, { token: spoke });
      assert.equal(after.status, 200, JSON.stringify(after.body));
      assert.equal(after.body.items.length, 1);
    });

    test('forged webhooks → 401 and nothing changes; replayed or stale ones change nothing', async () => {
      const sessionId = await createLiveTestSession(hub);
      const body = webhookBody('participant_joined', sessionId, { id: 'EV_replayed', sid: 'PA_forged' });
      const forged = await postWebhook(
        hub,
        body,
        await signWebhook({ apiKey: 'devkey', apiSecret: 'not-the-secret' }, body),
      );
      assert.equal(forged.status, 401);
      assert.equal(forged.body.code, 'webhook_invalid');
      const tampered = await postWebhook(
        hub,
        body.replace('PA_forged', 'PA_tampered'),
        await signWebhook(LIVEKIT, body),
      );
      assert.equal(tampered.status, 401);
      assert.equal(
        (await hubFetch(hub.url, 'POST', '/v1/livekit/webhook', { raw: body, contentType: 'application/webhook+json' }))
          .status,
        401,
      );
      assert.deepEqual((await attendance(hub, sessionId)).people, []);

      assert.equal((await postWebhook(hub, body)).body.applied, true);
      const leftBody = webhookBody('participant_left', sessionId, { id: 'EV_left', sid: 'PA_forged' });
      assert.equal((await postWebhook(hub, leftBody)).body.applied, true);
      const replay = await postWebhook(hub, body);
      assert.equal(replay.status, 200);
      assert.deepEqual(replay.body, { event: 'participant_joined', applied: false, ignored: 'replay' });
      const stale = webhookBody('participant_joined', sessionId, {
        sid: 'PA_stale',
        createdAt: Math.floor(Date.now() / 1000) - 600,
      });
      assert.equal((await postWebhook(hub, stale)).body.ignored, 'stale');
      const report = await attendance(hub, sessionId);
      assert.equal(report.people.length, 1);
      assert.equal(report.people[0]!.intervals.length, 1);
      assert.equal(report.people[0]!.present, false);
    });
  });
}

describe('live sessions without LiveKit', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub();
  });
  after(() => hub?.close());

  test('join → 503 livekit_not_configured; webhooks → 503', async () => {
    const sessionId = await createLiveTestSession(hub);
    const r = await join(hub, sessionId, 'participant');
    assert.equal(r.status, 503);
    assert.equal(r.body.code, 'livekit_not_configured');
    const body = webhookBody('participant_joined', sessionId);
    assert.equal((await postWebhook(hub, body)).status, 503);
  });
});
