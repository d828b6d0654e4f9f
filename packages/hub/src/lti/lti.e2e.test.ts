// The hub as an LTI 1.3 tool, driven by a test LTI platform built here (its own RSA keys, JWKS, OIDC auth endpoint
// signing id_tokens with jose): manual registration through the CLI, login → launch → the session page in real
// Chromium, forged / replayed / mis-addressed / expired / unknown-deployment launches refused with a clear 4xx page,
// Deep Linking answered with a JWT that verifies against the tool's JWKS, and Dynamic Registration.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type { Browser } from 'playwright-core';
import { runCli } from '../cli.js';
import { hubFetch, launchChromium, startTestHub, storageTiers, until, type TestHub } from '@teleecho/test-kit';
import { AGS_SCOPE, CLAIM } from './claims.js';
import { startTestLtiPlatform, type TestLtiPlatform } from '@teleecho/test-kit/lti-platform';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Registers the platform with the hub the way an admin does: `teleecho lti add-platform …`. */
async function addPlatformWithCli(hub: TestHub, platform: TestLtiPlatform): Promise<string> {
  const lines: string[] = [];
  const location = hub.databaseUrl ? ['--database-url', hub.databaseUrl] : ['--data', hub.dataDir];
  const code = await runCli(
    [
      'lti',
      'add-platform',
      '--issuer',
      platform.issuer,
      '--client-id',
      platform.clientId,
      '--auth-url',
      platform.authUrl,
      '--token-url',
      `${platform.tokenUrl}?tool=${encodeURIComponent(hub.url)}`,
      '--jwks-url',
      platform.jwksUrl,
      '--deployment-id',
      platform.deploymentId,
      '--name',
      'Test Moodle',
      '--program',
      hub.demo.programId,
      ...location,
    ],
    (line) => lines.push(line),
    (line) => lines.push(line),
  );
  assert.equal(code, 0, lines.join('\n'));
  return lines.at(-1)!;
}

const codeOf = (html: string): string | undefined => /id="lti-code">([^<]+)</.exec(html)?.[1];

for (const { tier, skip } of await storageTiers()) {
  describe(`LTI 1.3 tool [${tier}]`, { skip }, () => {
    let hub: TestHub;
    let platform: TestLtiPlatform;
    let sessionId: string;
    let sessionTitle: string;

    before(async () => {
      [hub, platform] = await Promise.all([startTestHub({ storage: tier }), startTestLtiPlatform()]);
      await addPlatformWithCli(hub, platform);
      sessionId = hub.demo.sessionIds[0]!;
      sessionTitle = (await hubFetch(hub.url, 'GET', `/v1/sessions/${sessionId}`, { token: hub.apiKey })).body.title;
    });
    after(async () => {
      await platform?.close();
      await hub?.close();
    });

    test('teleecho lti list-platforms shows the registration', async () => {
      const lines: string[] = [];
      const location = hub.databaseUrl ? ['--database-url', hub.databaseUrl] : ['--data', hub.dataDir];
      assert.equal(await runCli(['lti', 'list-platforms', ...location], (l) => lines.push(l)), 0);
      const text = lines.join('\n');
      assert.match(text, /Test Moodle/);
      assert.ok(text.includes(platform.clientId) && text.includes(platform.deploymentId), text);
      const usage: string[] = [];
      assert.equal(
        await runCli(
          ['lti', 'add-platform', '--issuer', 'nope'],
          () => {},
          (l) => usage.push(l),
        ),
        2,
      );
      assert.match(usage.join('\n'), /--issuer must be an http\(s\) URL/);
    });

    test('GET /lti/jwks publishes the tool key without private parts', async () => {
      const r = await hubFetch(hub.url, 'GET', '/lti/jwks');
      assert.equal(r.status, 200);
      assert.equal(r.body.keys.length, 1);
      const [key] = r.body.keys;
      assert.equal(key.kty, 'RSA');
      assert.equal(key.alg, 'RS256');
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(key[secret], undefined, secret);
    });

    test('a learner’s launch opens the linked session with a participant token, and records the launch', async () => {
      const r = await platform.launch(hub.url, {
        name: 'Ana Souza',
        roles: ['Learner'],
        custom: { session_id: sessionId },
        resourceLinkId: 'link-learner',
      });
      assert.equal(r.status, 200, r.html);
      assert.match(r.headers.get('content-security-policy') ?? '', /script-src 'self';/);
      assert.doesNotMatch(r.html, /<script>|<style|style=/, 'no inline script or style');
      assert.match(r.html, /<strong id="lti-user">Ana Souza<\/strong>/);
      assert.match(r.html, /data-role="participant"/);
      const token = /token="([^"]+)"/.exec(r.html)![1]!;
      // The embed token works against the hub and is narrowed to the session, with the LTI user's name.
      const me = await hubFetch(hub.url, 'GET', `/v1/sessions/${sessionId}`, { token });
      assert.equal(me.status, 200);
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, string>;
      assert.equal(claims.role, 'participant');
      assert.equal(claims.name, 'Ana Souza');
      assert.equal(claims.ses, sessionId);
      const launches = await hub.hub!.storage.lti.launchesForSession(sessionId);
      assert.ok(launches.some((l) => l.resourceLinkId === 'link-learner' && l.userSub === '7'));
    });

    test('roles: Instructor and Administrator → facilitator, others → observer', async () => {
      for (const [roles, expected] of [
        [['Instructor'], 'facilitator'],
        [['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator'], 'facilitator'],
        [['Mentor'], 'observer'],
      ] as const) {
        const r = await platform.launch(hub.url, { roles: [...roles], custom: { session_id: sessionId } });
        assert.equal(r.status, 200, r.html);
        assert.match(r.html, new RegExp(`data-role="${expected}"`), roles.join());
      }
    });

    test('forged, replayed, mis-addressed, expired and unknown-deployment launches are refused with a 4xx page', async () => {
      const spec = { custom: { session_id: sessionId } };
      const now = Math.floor(Date.now() / 1000);
      const cases: [string, Promise<{ status: number; html: string }>, number, string][] = [
        ['forged key', platform.launch(hub.url, { ...spec, forge: true }), 401, 'lti_signature_invalid'],
        [
          'tampered payload',
          platform.launch(hub.url, spec, {
            tamper: (t) => {
              const [h, p, s] = t.split('.');
              const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
              claims[CLAIM.roles] = ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'];
              return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
            },
          }),
          401,
          'lti_signature_invalid',
        ],
        [
          'wrong audience',
          platform.launch(hub.url, { ...spec, claims: { aud: 'another-tool' } }),
          401,
          'lti_audience_invalid',
        ],
        [
          'expired',
          platform.launch(hub.url, { ...spec, claims: { iat: now - 900, exp: now - 600 } }),
          401,
          'lti_token_expired',
        ],
        [
          'unknown deployment',
          platform.launch(hub.url, { ...spec, claims: { [CLAIM.deploymentId]: 'deployment-x' } }),
          403,
          'lti_deployment_unknown',
        ],
        [
          'unregistered issuer',
          platform.launch(hub.url, { ...spec, claims: { iss: 'https://lms.unknown.example' } }),
          403,
          'lti_platform_unknown',
        ],
        ['no session linked', platform.launch(hub.url, {}), 400, 'lti_session_missing'],
      ];
      for (const [what, pending, status, code] of cases) {
        const r = await pending;
        assert.equal(r.status, status, `${what}: ${r.html.slice(0, 300)}`);
        assert.equal(codeOf(r.html), code, what);
        assert.match(r.html, /This teleECHO activity could not open/, what);
      }
      const first = await platform.launch(hub.url, spec);
      assert.equal(first.status, 200);
      const replay = await platform.launch(hub.url, spec, { reuseToken: first.token });
      assert.equal(replay.status, 401);
      assert.equal(codeOf(replay.html), 'lti_nonce_replayed');
      // A login from an unregistered platform, and a JSON client's problem details.
      const login = await fetch(
        `${hub.url}/lti/login?iss=${encodeURIComponent('https://evil.example')}&login_hint=x&target_link_uri=${encodeURIComponent(`${hub.url}/lti/launch`)}`,
        { headers: { 'accept-language': 'es' } },
      );
      assert.equal(login.status, 403);
      assert.match(await login.text(), /No se pudo abrir esta actividad de teleECHO/);
      const json = await hubFetch(hub.url, 'POST', '/lti/launch', { body: {} });
      assert.equal(json.status, 400);
      assert.equal(json.body.code, 'lti_request_invalid');
    });

    test('Deep Linking: the picker lists sessions and answers with a signed JWT naming the chosen session', async () => {
      const r = await platform.launch(hub.url, {
        messageType: 'LtiDeepLinkingRequest',
        roles: ['Instructor'],
        deepLinkingData: 'opaque-platform-data',
        ags: { scope: [AGS_SCOPE.lineitem, AGS_SCOPE.score], lineitems: platform.lineitemsUrl },
      });
      assert.equal(r.status, 200, r.html);
      assert.ok(r.html.includes(sessionTitle), 'the picker lists the session');
      const ticket = /name="ticket" value="([^"]+)"/.exec(r.html)![1]!;
      const posted = await fetch(`${hub.url}/lti/deep-link`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ticket, choice: `session:${sessionId}`, action: 'add' }),
      });
      const page = await posted.text();
      assert.equal(posted.status, 200, page);
      assert.ok(page.includes(`action="${platform.url}/mod/lti/contentitem_return.php?course=2&amp;id=3&amp;`));
      assert.match(page, /src="\/lti\/assets\/autosubmit.js"/);
      const jwt = /name="JWT" value="([^"]+)"/.exec(page)![1]!;
      const jwks = createRemoteJWKSet(new URL(`${hub.url}/lti/jwks`));
      const { payload } = await jwtVerify(jwt, jwks, { issuer: platform.clientId, audience: platform.issuer });
      const { keys } = (await hubFetch(hub.url, 'GET', '/lti/jwks')).body;
      assert.equal(decodeProtectedHeader(jwt).kid, keys[0].kid);
      assert.equal(payload[CLAIM.messageType], 'LtiDeepLinkingResponse');
      assert.equal(payload[CLAIM.version], '1.3.0');
      assert.equal(payload[CLAIM.deploymentId], platform.deploymentId);
      assert.equal(payload[CLAIM.deepLinkingData], 'opaque-platform-data');
      const [item] = payload[CLAIM.deepLinkingContentItems] as Record<string, any>[];
      assert.equal(item!.type, 'ltiResourceLink');
      assert.deepEqual(item!.custom, { session_id: sessionId });
      assert.equal(item!.url, `${hub.url}/lti/launch`);
      assert.equal(item!.lineItem.resourceId, sessionId);
      // A forged ticket is refused.
      const forged = await fetch(`${hub.url}/lti/deep-link`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ticket: `${ticket.slice(0, -4)}AAAA`, choice: `session:${sessionId}` }),
      });
      assert.equal(forged.status, 400);
    });

    test('Dynamic Registration as Moodle answers it: no scope assumed, the tool pending until activated', async () => {
      const other = await startTestLtiPlatform({ clientId: 'dyn-client', deploymentId: '14' });
      try {
        const r = await fetch(other.registrationUrl(hub.url, { program: hub.demo.programId }));
        const page = await r.text();
        assert.equal(r.status, 200, page);
        assert.match(page, /src="\/lti\/assets\/close.js"/);
        // The page tells the admin to activate the pending tool, and that Moodle did not say which scopes it granted.
        assert.match(page, /id="lti-activate">In Moodle the new tool waits as “pending”/);
        assert.match(page, /id="lti-scopes-unknown">moodle \(http:\/\/127\.0\.0\.1:\d+\) did not say which services/);
        const registration = other.requests.find((q) => q.path === '/mod/lti/openid-registration.php')!;
        assert.match(String(registration.headers.authorization), /^Bearer reg-/);
        const body = JSON.parse(registration.body) as Record<string, any>;
        assert.equal(body.initiate_login_uri, `${hub.url}/lti/login`);
        assert.deepEqual(body.redirect_uris, [`${hub.url}/lti/launch`]);
        assert.equal(body.jwks_uri, `${hub.url}/lti/jwks`);
        assert.equal(body[CLAIM.toolConfiguration].target_link_uri, `${hub.url}/lti/launch`);
        assert.ok(body.scope.includes(AGS_SCOPE.score), 'the tool asked for the score scope');
        const stored = (await hub.hub!.storage.lti.platformsByIssuer(other.issuer))[0]!;
        assert.equal(stored.clientId, 'dyn-client');
        assert.deepEqual(stored.deploymentIds, ['14']);
        assert.equal(stored.programId, hub.demo.programId);
        assert.equal(stored.scopes, null, 'the scopes asked for are not assumed granted');
        assert.equal(stored.registeredVia, 'dynamic');
        assert.equal(stored.activatedAt, undefined);

        // Launched while Moodle still holds the tool pending: the platform answers the login with an OIDC error,
        // and the tool says what is going on (in the launch's language: Accept-Language here).
        assert.equal(other.toolState, 'pending');
        const pending = await other.launch(hub.url, { custom: { session_id: sessionId } });
        assert.equal(pending.status, 403, pending.html);
        assert.equal(codeOf(pending.html), 'lti_tool_pending');
        assert.match(pending.html, /teleECHO is registered with moodle \(http[^)]+\), which has not activated it yet/);
        assert.match(pending.html, /Manage tools, then Activate on the teleECHO card/);
        const json = await fetch(`${hub.url}/lti/launch`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/problem+json' },
          body: new URLSearchParams({ error: 'unauthorized_client', state: 'unknown-state' }),
        });
        assert.equal(json.status, 403);
        assert.equal(((await json.json()) as { code: string }).code, 'lti_platform_refused');

        other.activate();
        const launched = await other.launch(hub.url, { custom: { session_id: sessionId } });
        assert.equal(launched.status, 200, launched.html);
        const active = (await hub.hub!.storage.lti.platformsByIssuer(other.issuer))[0]!;
        assert.ok(active.activatedAt, 'the first verified launch is recorded');
        const lines: string[] = [];
        const location = hub.databaseUrl ? ['--database-url', hub.databaseUrl] : ['--data', hub.dataDir];
        assert.equal(await runCli(['lti', 'list-platforms', ...location], (l) => lines.push(l)), 0);
        assert.match(lines.join('\n'), /registered dynamic {2}first launch .* {2}scopes not reported by the platform/);
      } finally {
        await other.close();
      }
    });

    test('Dynamic Registration reads the granted scopes back when the platform offers its registration', async () => {
      const other = await startTestLtiPlatform({ clientId: 'dyn-read-back', readBackScope: AGS_SCOPE.score });
      try {
        const r = await fetch(other.registrationUrl(hub.url));
        assert.equal(r.status, 200, await r.text());
        const stored = (await hub.hub!.storage.lti.platformsByIssuer(other.issuer))[0]!;
        assert.deepEqual(stored.scopes, [AGS_SCOPE.score]);
        assert.ok(other.requests.some((q) => q.path.startsWith('/mod/lti/registration-read.php')));
      } finally {
        await other.close();
      }
    });

    test('browser: login → launch → the session page renders <echo-session> for the user, strict CSP intact', async () => {
      const browser: Browser = await launchChromium();
      try {
        const context = await browser.newContext({ viewport: { width: 1024, height: 720 } });
        const page = await context.newPage();
        await page.addInitScript(() => {
          const log: string[] = [];
          (window as unknown as { cspLog: string[] }).cspLog = log;
          document.addEventListener('securitypolicyviolation', (e) =>
            log.push(`${e.violatedDirective} ${e.blockedURI}`),
          );
        });
        await page.goto(
          platform.loginUrl(hub.url, {
            name: 'Dr. Rui Costa',
            roles: ['Instructor'],
            custom: { session_id: sessionId },
            locale: 'pt-BR',
          }),
        );
        await page.waitForURL(`${hub.url}/lti/launch`);
        assert.equal(await page.locator('#lti-user').textContent(), 'Dr. Rui Costa');
        assert.equal(await page.locator('#lti-role').getAttribute('data-role'), 'facilitator');
        assert.equal((await page.locator('#lti-role').textContent())?.trim(), 'Facilitador');
        // The element upgraded and loaded the session from the hub with the minted token.
        await page.locator('echo-session [part="title"]').waitFor({ timeout: 30_000 });
        assert.equal((await page.locator('echo-session [part="title"]').textContent())?.trim(), sessionTitle);
        // Join, or (the demo session is days away) the facilitator's "Open session now" on the countdown.
        assert.equal(
          await page.locator('echo-session [part="join-button"], echo-session [part="open-now-button"]').count(),
          1,
        );
        assert.deepEqual(await page.evaluate(() => (window as unknown as { cspLog: string[] }).cspLog), []);

        // In an iframe on the platform's page, with LTI client-side OIDC: the state goes into the platform's storage
        // (lti.put_data) before the redirect and is checked (lti.get_data) before the session opens.
        await page.goto(
          platform.framePage(
            platform.loginUrl(hub.url, {
              name: 'Ana Souza',
              custom: { session_id: sessionId },
              storageTarget: '_parent',
            }),
          ),
        );
        const frame = page.frameLocator('#tool');
        await frame.locator('#lti-user').waitFor({ timeout: 30_000 });
        assert.equal(await frame.locator('#lti-user').textContent(), 'Ana Souza');
        await frame.locator('echo-session [part="title"]').waitFor({ timeout: 30_000 });
        await until('the storage log', async () => platform.storageMessages().length >= 3);
        assert.deepEqual(platform.storageMessages(), ['lti.put_data', 'lti.put_data', 'lti.get_data']);
        assert.deepEqual(await context.cookies(hub.url), [], 'the tool sets no cookies');

        // A forged launch shows the translated error page.
        await page.goto(platform.loginUrl(hub.url, { custom: { session_id: sessionId }, forge: true }));
        await page.waitForURL(`${hub.url}/lti/launch`);
        assert.equal(await page.locator('#lti-code').textContent(), 'lti_signature_invalid');
        await context.close();

        // Deep Linking in the browser: pick, submit, and the platform receives the JWT (autosubmit.js, CSP-safe).
        const axeContext = await browser.newContext({ bypassCSP: true, viewport: { width: 360, height: 640 } });
        const admin = await axeContext.newPage();
        await admin.goto(platform.loginUrl(hub.url, { messageType: 'LtiDeepLinkingRequest', roles: ['Instructor'] }));
        await admin.waitForURL(`${hub.url}/lti/launch`);
        await admin.addScriptTag({ content: AXE });
        const violations = await admin.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe;
          return (await axe.run()).violations.map((v) => v.id);
        });
        assert.deepEqual(violations, []);
        assert.ok((await admin.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'picker fits 360 px');
        const before = platform.deepLinkResponses().length;
        await admin.getByRole('button', { name: 'Add to course' }).click();
        await admin.waitForURL((u) => u.href.startsWith(`${platform.url}/mod/lti/contentitem_return.php`));
        assert.equal(await admin.locator('#added').textContent(), 'Activity added.');
        assert.equal(platform.deepLinkResponses().length, before + 1);
        const jwt = platform.deepLinkResponses().at(-1)!;
        const payload = await platform.verifyToolJwt(jwt, hub.url);
        const [item] = payload[CLAIM.deepLinkingContentItems] as { custom: Record<string, string> }[];
        assert.ok(item!.custom.session_id || item!.custom.series_id);
        await axeContext.close();
      } finally {
        await browser.close();
      }
    });
  });
}
