// The tool against the test platform behaving as Moodle 4.5 does (see ./testing.ts), on SQLite and PostgreSQL:
// login initiation by form POST with a JSON `lti_message_hint` and a numeric deployment id and no
// `lti_storage_target`; 60-second id_tokens with full LIS role URIs and `launch_presentation`; a deployment id sent
// as a JSON number; Deep Linking where only `ltiResourceLink` is accepted; and what the tool answers to launches it
// cannot take (LTI 1.1, a Deep Linking request that accepts no resource links).
// (AGS line items with `?type_id=`: ags.test.ts; registration without `scope` and the pending tool: lti.e2e.test.ts.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeJwt } from 'jose';
import { startTestHub, storageTiers, type TestHub } from '@teleecho/test-kit';
import { CLAIM } from './claims.js';
import { startTestLtiPlatform, type TestLtiPlatform } from '@teleecho/test-kit/lti-platform';

const codeOf = (html: string): string | undefined => /id="lti-code">([^<]+)</.exec(html)?.[1];
const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';

for (const { tier, skip } of await storageTiers()) {
  describe(`LTI as Moodle 4.5 behaves [${tier}]`, { skip }, () => {
    let hub: TestHub;
    let platform: TestLtiPlatform;
    let sessionId: string;

    before(async () => {
      [hub, platform] = await Promise.all([startTestHub({ storage: tier }), startTestLtiPlatform()]);
      sessionId = hub.demo.sessionIds[0]!;
      await hub.hub!.storage.write((tx) =>
        tx.lti.savePlatform({
          id: 'plt_moodle45',
          issuer: platform.issuer,
          clientId: platform.clientId,
          name: 'Riverside Moodle',
          authUrl: platform.authUrl,
          tokenUrl: platform.tokenUrl,
          jwksUrl: platform.jwksUrl,
          deploymentIds: [platform.deploymentId],
          scopes: [],
          registeredVia: 'manual',
          createdAt: new Date().toISOString(),
        }),
      );
    });
    after(async () => {
      await platform?.close();
      await hub?.close();
    });

    test('login by form POST with a JSON lti_message_hint and a numeric deployment id, no storage target', async () => {
      assert.match(platform.deploymentId, /^\d+$/);
      const r = await platform.launch(hub.url, { custom: { session_id: sessionId }, resourceLinkId: '31' });
      assert.equal(r.status, 200, r.html);
      assert.match(r.html, /<echo-session /);
      // The launch started on the platform's page (which posts the login form); the tool redirected straight to the
      // auth endpoint (no client-side storage step) and passed Moodle's JSON message hint on unchanged.
      assert.ok(platform.requests.some((q) => q.path.startsWith('/mod/lti/launch.php?id=ltilaunch12_')));
      const auth = platform.requests.filter((q) => q.path.startsWith('/mod/lti/auth.php')).at(-1)!;
      const query = new URL(auth.path, platform.url).searchParams;
      const hint = JSON.parse(query.get('lti_message_hint') ?? '{}') as { cmid?: number; launchid?: string };
      assert.equal(hint.cmid, 12);
      assert.match(hint.launchid ?? '', /^ltilaunch12_[0-9a-f]+$/);
      assert.equal(query.get('lti_storage_target'), null);
      assert.equal(query.get('client_id'), platform.clientId);
      assert.equal(query.get('response_mode'), 'form_post');
      const launches = await hub.hub!.storage.lti.launchesForSession(sessionId);
      assert.ok(launches.some((l) => l.resourceLinkId === '31' && l.deploymentId === platform.deploymentId));
    });

    test('a login by GET with a query string works too', async () => {
      const r = await platform.launch(hub.url, { custom: { session_id: sessionId }, loginMethod: 'get' });
      assert.equal(r.status, 200, r.html);
    });

    test('60-second id_tokens open the session; one whose minute (and the 30 s skew) has passed is refused', async () => {
      const r = await platform.launch(hub.url, { custom: { session_id: sessionId } });
      assert.equal(r.status, 200, r.html);
      const claims = decodeJwt(r.token);
      assert.equal(claims.exp! - claims.iat!, 60);
      const now = Math.floor(Date.now() / 1000);
      const old = await platform.launch(hub.url, {
        custom: { session_id: sessionId },
        claims: { iat: now - 95, exp: now - 35 },
      });
      assert.equal(old.status, 401, old.html);
      assert.equal(codeOf(old.html), 'lti_token_expired');
    });

    test('full LIS role URIs as Moodle sends them map to the session roles', async () => {
      const cases: [string, string[], string][] = [
        ['teacher', [`${MEMBERSHIP}Instructor`], 'facilitator'],
        [
          'site administrator',
          [
            'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
            `${MEMBERSHIP}Instructor`,
            'http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator',
          ],
          'facilitator',
        ],
        ['student', [`${MEMBERSHIP}Learner`], 'participant'],
        ['mentor', [`${MEMBERSHIP}Mentor`], 'observer'],
      ];
      for (const [who, roles, expected] of cases) {
        const r = await platform.launch(hub.url, { roles, custom: { session_id: sessionId } });
        assert.equal(r.status, 200, `${who}: ${r.html}`);
        assert.match(r.html, new RegExp(`data-role="${expected}"`), who);
      }
    });

    test('launch_presentation: Moodle’s locale code (pt_br) picks the page language', async () => {
      const r = await platform.launch(hub.url, { custom: { session_id: sessionId }, locale: 'pt_br' });
      assert.equal(r.status, 200, r.html);
      assert.match(r.html, /<html lang="pt">/);
      assert.match(r.html, /Conectado como/);
      const presentation = decodeJwt(r.token)[CLAIM.launchPresentation] as Record<string, string>;
      assert.equal(presentation.document_target, 'iframe');
      assert.ok(presentation.return_url?.startsWith(`${platform.url}/mod/lti/return.php?`));
    });

    test('a deployment id sent as a JSON number is the same deployment', async () => {
      const r = await platform.launch(hub.url, {
        custom: { session_id: sessionId },
        claims: { [CLAIM.deploymentId]: Number(platform.deploymentId) },
      });
      assert.equal(r.status, 200, r.html);
    });

    test('Deep Linking: Moodle accepts the tool’s ltiResourceLink (signed with the tool key) and adds it', async () => {
      const r = await platform.launch(hub.url, {
        messageType: 'LtiDeepLinkingRequest',
        roles: [`${MEMBERSHIP}Instructor`],
      });
      assert.equal(r.status, 200, r.html);
      const ticket = /name="ticket" value="([^"]+)"/.exec(r.html)![1]!;
      const picked = await fetch(`${hub.url}/lti/deep-link`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ticket, choice: `session:${sessionId}`, action: 'add' }),
      });
      const page = await picked.text();
      assert.equal(picked.status, 200, page);
      // Post the auto-submitted form to Moodle's return URL, as the browser does.
      const action = /<form method="post" action="([^"]+)"/.exec(page)![1]!.replace(/&amp;/g, '&');
      const jwt = /name="JWT" value="([^"]+)"/.exec(page)![1]!;
      const back = await fetch(action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ JWT: jwt }),
      });
      assert.equal(back.status, 200, await back.text());
      const [item] = platform.addedItems().slice(-1);
      assert.equal(item!.type, 'ltiResourceLink');
      assert.deepEqual(item!.custom, { session_id: sessionId });
      // Moodle sent no `data`, so the response carries none.
      assert.equal(decodeJwt(jwt)[CLAIM.deepLinkingData], undefined);
    });

    test('a Deep Linking request that accepts no resource links is refused with a clear message', async () => {
      const r = await platform.launch(hub.url, {
        messageType: 'LtiDeepLinkingRequest',
        roles: [`${MEMBERSHIP}Instructor`],
        claims: {
          [CLAIM.deepLinkingSettings]: {
            deep_link_return_url: `${platform.url}/mod/lti/contentitem_return.php?course=2&id=3`,
            accept_types: ['file'],
            accept_presentation_document_targets: ['iframe'],
          },
        },
      });
      assert.equal(r.status, 400, r.html);
      assert.equal(codeOf(r.html), 'lti_message_unsupported');
      assert.match(r.html, /does not accept LTI resource links/);
    });

    test('/lti/window opens the launched user’s session page only with a valid ticket of its own', async () => {
      const r = await platform.launch(hub.url, { custom: { session_id: sessionId }, name: 'Dr. Rui Costa' });
      assert.equal(r.status, 200, r.html);
      const link = /standalone-url="([^"]+)"/.exec(r.html)![1]!.replace(/&amp;/g, '&');
      assert.ok(link.startsWith(`${hub.url}/lti/window?ticket=`), link);
      const page = await fetch(link, { headers: { accept: 'text/html' } });
      const html = await page.text();
      assert.equal(page.status, 200, html);
      assert.match(html, /<strong id="lti-user">Dr\. Rui Costa<\/strong>/);
      assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self';/);
      assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
      // No ticket, a forged one, or another kind of hub ticket (the Deep Linking picker's): refused.
      const ticket = new URL(link).searchParams.get('ticket')!;
      const dl = await platform.launch(hub.url, {
        messageType: 'LtiDeepLinkingRequest',
        roles: [`${MEMBERSHIP}Instructor`],
      });
      const pickerTicket = /name="ticket" value="([^"]+)"/.exec(dl.html)![1]!;
      for (const bad of ['', `${ticket.slice(0, -4)}AAAA`, pickerTicket]) {
        const refused = await fetch(`${hub.url}/lti/window?ticket=${encodeURIComponent(bad)}`, {
          headers: { accept: 'application/problem+json' },
        });
        assert.equal(refused.status, 400, bad);
        assert.equal(((await refused.json()) as { code: string }).code, 'lti_request_invalid');
      }
    });

    test('an LTI 1.1 launch (a pending or misconfigured tool type) gets a message saying what to do', async () => {
      const r = await fetch(`${hub.url}/lti/launch`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams({
          lti_message_type: 'basic-lti-launch-request',
          lti_version: 'LTI-1p0',
          resource_link_id: '31',
          oauth_consumer_key: 'moodle',
        }),
      });
      const html = await r.text();
      assert.equal(r.status, 400, html);
      assert.equal(codeOf(html), 'lti_message_unsupported');
      assert.match(html, /LTI 1\.1 launch; teleECHO is an LTI 1\.3 tool/);
    });
  });
}
