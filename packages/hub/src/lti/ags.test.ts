// AGS rules on both storage tiers, with attendance fed through the hub's real LiveKit webhook route (signed the way
// LiveKit signs; no LiveKit server runs here — the end-to-end version with real media is ags.e2e.test.ts):
// with the line-item scope and no line item, the tool finds or creates one and posts exactly one score; with only the
// score scope and no line item ("grade sync only"), it creates nothing and posts nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hubFetch, signWebhook, startTestHub, storageTiers, until, type TestHub } from '@teleecho/test-kit';
import { ltiUserId, scoresUrl } from './ags.js';
import { AGS_SCOPE } from './claims.js';
import { startTestLtiPlatform, type TestLtiPlatform } from '@teleecho/test-kit/lti-platform';
import { roleFromLti } from './tool.js';

const LIVEKIT = { url: 'ws://127.0.0.1:9', apiKey: 'devkey', apiSecret: 'secret' };

test('roles and score URLs', () => {
  assert.equal(roleFromLti(['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor']), 'facilitator');
  assert.equal(roleFromLti(['http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator']), 'facilitator');
  assert.equal(roleFromLti(['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner']), 'participant');
  assert.equal(roleFromLti(['http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor']), 'observer');
  assert.equal(roleFromLti(undefined), 'observer');
  assert.equal(
    scoresUrl('https://moodle.example/mod/lti/services.php/2/lineitems/5/lineitem?type_id=2'),
    'https://moodle.example/mod/lti/services.php/2/lineitems/5/lineitem/scores?type_id=2',
  );
});

for (const { tier, skip } of await storageTiers()) {
  describe(`LTI AGS line items [${tier}]`, { skip }, () => {
    let hub: TestHub;
    let platform: TestLtiPlatform;
    let sessionId: string;
    const startsAt = Date.now() - 10 * 60_000;

    const webhook = async (event: string, sub: string, sid: string): Promise<void> => {
      const now = Math.floor(Date.now() / 1000);
      const body = JSON.stringify({
        id: `EV_${Math.random().toString(36).slice(2)}`,
        event,
        createdAt: String(now),
        room: { sid: 'RM_lti', name: sessionId },
        participant: {
          sid,
          identity: ltiUserId('plt_li', sub),
          name: sub,
          metadata: JSON.stringify({ role: 'participant', name: sub }),
          joinedAt: String(Math.floor(startsAt / 1000)),
        },
      });
      const r = await hubFetch(hub.url, 'POST', '/v1/livekit/webhook', {
        raw: body,
        contentType: 'application/webhook+json',
        headers: { authorization: await signWebhook(LIVEKIT, body) },
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    };

    before(async () => {
      process.env.TELEECHO_LTI_SWEEP_MS = '500';
      process.env.TELEECHO_LTI_RETRY_MS = '200';
      [hub, platform] = await Promise.all([startTestHub({ storage: tier, livekit: LIVEKIT }), startTestLtiPlatform()]);
      const session = await hubFetch(hub.url, 'POST', `/v1/programs/${hub.demo.programId}/sessions`, {
        token: hub.apiKey,
        body: {
          title: 'Past session',
          topic: 'Fibrosis',
          startsAt: new Date(startsAt).toISOString(),
          durationMinutes: 10,
        },
      });
      sessionId = session.body.id;
      await hub.hub!.storage.write((tx) =>
        tx.lti.savePlatform({
          id: 'plt_li',
          issuer: platform.issuer,
          clientId: platform.clientId,
          name: 'Test Moodle',
          authUrl: platform.authUrl,
          tokenUrl: `${platform.tokenUrl}?tool=${encodeURIComponent(hub.url)}`,
          jwksUrl: platform.jwksUrl,
          deploymentIds: [platform.deploymentId],
          scopes: [],
          createdAt: new Date().toISOString(),
        }),
      );
    });
    after(async () => {
      delete process.env.TELEECHO_LTI_SWEEP_MS;
      delete process.env.TELEECHO_LTI_RETRY_MS;
      await platform?.close();
      await hub?.close();
    });

    test('with the line-item scope the tool creates its line item once and posts one score', async () => {
      const spec = {
        sub: 'learner-li',
        resourceLinkId: 'link-li',
        custom: { session_id: sessionId },
        ags: { scope: [AGS_SCOPE.lineitem, AGS_SCOPE.score], lineitems: platform.lineitemsUrl },
      };
      assert.equal((await platform.launch(hub.url, spec)).status, 200);
      // "Grade sync only" and no line item: nothing can be posted, nothing may be created.
      const syncOnly = await platform.launch(hub.url, {
        sub: 'learner-sync-only',
        resourceLinkId: 'link-li',
        custom: { session_id: sessionId },
        ags: { scope: [AGS_SCOPE.score], lineitems: platform.lineitemsUrl },
      });
      assert.equal(syncOnly.status, 200);
      await webhook('participant_joined', 'learner-li', 'PA_li');
      await webhook('participant_left', 'learner-li', 'PA_li');
      await webhook('participant_joined', 'learner-sync-only', 'PA_so');
      await webhook('participant_left', 'learner-sync-only', 'PA_so');
      const sent = await until('the score was sent', async () =>
        (await hub.hub!.storage.lti.listScores(sessionId)).find((s) => s.status === 'sent'),
      );
      // Launching again and more attendance events change nothing: one score per user, session and line item.
      assert.equal((await platform.launch(hub.url, spec)).status, 200);
      await webhook('participant_joined', 'learner-li', 'PA_li2');
      hub.hub!.app.lti.ags.kick(true);
      await hub.hub!.app.lti.ags.idle();

      // Moodle's line-item URLs carry `?type_id=`: the tool keeps the query on every call (the platform refuses
      // requests without it).
      const container = new URL(platform.lineitemsUrl);
      const created = platform.requests.filter(
        (r) => r.method === 'POST' && new URL(r.path, platform.url).pathname === container.pathname,
      );
      assert.equal(created.length, 1);
      assert.equal(new URL(created[0]!.path, platform.url).searchParams.get('type_id'), platform.deploymentId);
      const item = JSON.parse(created[0]!.body) as Record<string, unknown>;
      assert.equal(item.resourceLinkId, 'link-li');
      assert.equal(item.resourceId, sessionId);
      assert.equal(item.tag, 'teleecho-attendance');
      assert.equal(sent.lineitem, `${platform.url}/mod/lti/services.php/2/lineitems/1/lineitem?type_id=3`);
      const scores = platform.scores();
      assert.equal(scores.length, 1);
      assert.equal(scores[0]!.path, '/mod/lti/services.php/2/lineitems/1/lineitem/scores?type_id=3');
      assert.equal(scores[0]!.body.userId, 'learner-li');
      assert.equal(scores[0]!.body.gradingProgress, 'FullyGraded');
      assert.deepEqual(
        (await hub.hub!.storage.lti.listScores(sessionId)).map((s) => s.userSub),
        ['learner-li'],
        'nothing queued for the grade-sync-only learner without a line item',
      );
    });
  });
}
