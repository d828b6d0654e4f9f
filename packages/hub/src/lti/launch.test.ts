// Launch verification against a real hub on SQLite and PostgreSQL and the Moodle-like test platform:
// - the platform's key set failing (non-200, not JSON, unreachable, too slow) is the documented 502
//   `lti_platform_keys_unavailable`, naming the platform, for browsers and JSON clients alike;
// - one id_token posted twice at once opens exactly one session, and is still refused after a hub restart.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startTestHub, storageTiers, type TestHub } from '@teleecho/test-kit';
import { LtiError } from './errors.js';
import { PlatformKeys, verifyLaunch } from './launch.js';
import { startTestLtiPlatform, type TestLtiPlatform } from '@teleecho/test-kit/lti-platform';

const codeOf = (html: string): string | undefined => /id="lti-code">([^<]+)</.exec(html)?.[1];

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Registers `platform` with the hub (as `teleecho lti add-platform` does), optionally with another key-set URL. */
async function register(hub: TestHub, platform: TestLtiPlatform, name: string, jwksUrl = platform.jwksUrl) {
  return hub.hub!.storage.write((tx) =>
    tx.lti.savePlatform({
      id: `plt_${name.replace(/\W/g, '').toLowerCase()}`,
      issuer: platform.issuer,
      clientId: platform.clientId,
      name,
      authUrl: platform.authUrl,
      tokenUrl: platform.tokenUrl,
      jwksUrl,
      deploymentIds: [platform.deploymentId],
      scopes: [],
      registeredVia: 'manual',
      createdAt: new Date().toISOString(),
    }),
  );
}

/** Starts a login at the hub the way Moodle does (form POST); returns the state and nonce the hub issued. */
async function login(hub: TestHub, platform: TestLtiPlatform): Promise<{ state: string; nonce: string }> {
  const r = await fetch(`${hub.url}/lti/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      iss: platform.issuer,
      target_link_uri: `${hub.url}/lti/launch`,
      login_hint: '7',
      lti_message_hint: JSON.stringify({ cmid: 12, launchid: 'ltilaunch12_test' }),
      client_id: platform.clientId,
      lti_deployment_id: platform.deploymentId,
    }),
  });
  assert.equal(r.status, 302, await r.text());
  const location = new URL(r.headers.get('location')!);
  return { state: location.searchParams.get('state')!, nonce: location.searchParams.get('nonce')! };
}

const postLaunch = (hub: TestHub, fields: Record<string, string>, accept = 'text/html'): Promise<Response> =>
  fetch(`${hub.url}/lti/launch`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
    body: new URLSearchParams(fields),
  });

for (const { tier, skip } of await storageTiers()) {
  describe(`LTI launch verification [${tier}]`, { skip }, () => {
    let hub: TestHub;
    let sessionId: string;
    const platforms: TestLtiPlatform[] = [];
    const newPlatform = async (): Promise<TestLtiPlatform> => {
      const platform = await startTestLtiPlatform();
      platforms.push(platform);
      return platform;
    };

    before(async () => {
      hub = await startTestHub({ storage: tier });
      sessionId = hub.demo.sessionIds[0]!;
    });
    after(async () => {
      await Promise.all(platforms.map((p) => p.close()));
      await hub?.close();
    });

    test('a key set answering non-200 gives 502 lti_platform_keys_unavailable naming the platform', async () => {
      const platform = await newPlatform();
      await register(hub, platform, 'Riverside Moodle');
      platform.breakKeySet({ status: 503 });
      const r = await platform.launch(hub.url, { custom: { session_id: sessionId } });
      assert.equal(r.status, 502, r.html);
      assert.equal(codeOf(r.html), 'lti_platform_keys_unavailable');
      assert.match(r.html, /The keys of the platform &quot;Riverside Moodle&quot; could not be fetched/);
      assert.ok(r.html.includes(`${platform.jwksUrl} answered HTTP 503`), r.html);

      // A JSON client gets the same as problem+json.
      const { state, nonce } = await login(hub, platform);
      const token = await platform.idToken({ custom: { session_id: sessionId } }, nonce, hub.url);
      const json = await postLaunch(hub, { id_token: token, state }, 'application/problem+json');
      assert.equal(json.status, 502);
      assert.match(json.headers.get('content-type') ?? '', /^application\/problem\+json/);
      const problem = (await json.json()) as { code: string; status: number; detail: string };
      assert.equal(problem.code, 'lti_platform_keys_unavailable');
      assert.equal(problem.status, 502);
      assert.match(problem.detail, /"Riverside Moodle"/);

      // Once the key set answers again, launches verify (a failure is not cached).
      platform.breakKeySet(undefined);
      const healed = await platform.launch(hub.url, { custom: { session_id: sessionId } });
      assert.equal(healed.status, 200, healed.html);
    });

    test('a key set answering a login page instead of JSON gives 502', async () => {
      const platform = await newPlatform();
      await register(hub, platform, 'Moodle behind SSO');
      platform.breakKeySet('not-json');
      const r = await platform.launch(hub.url, { custom: { session_id: sessionId } });
      assert.equal(r.status, 502, r.html);
      assert.equal(codeOf(r.html), 'lti_platform_keys_unavailable');
      assert.match(r.html, /Moodle behind SSO.*the answer is not JSON/s);
    });

    test('an unreachable key set gives 502', async () => {
      const platform = await newPlatform();
      const jwksUrl = `http://127.0.0.1:${await closedPort()}/mod/lti/certs.php`;
      await register(hub, platform, 'Offline Moodle', jwksUrl);
      const r = await platform.launch(hub.url, { custom: { session_id: sessionId } });
      assert.equal(r.status, 502, r.html);
      assert.equal(codeOf(r.html), 'lti_platform_keys_unavailable');
      assert.ok(r.html.includes(`${jwksUrl} unreachable (ECONNREFUSED)`), r.html);
    });

    test('a key set that does not answer in time gives 502', async () => {
      const platform = await newPlatform();
      await register(hub, platform, 'Slow Moodle');
      platform.breakKeySet('hang');
      const { state, nonce } = await login(hub, platform);
      const token = await platform.idToken({ custom: { session_id: sessionId } }, nonce, hub.url);
      // The hub waits 5 s (jose's default); the same code with a 200 ms budget keeps the test short.
      await assert.rejects(verifyLaunch(hub.hub!.storage, new PlatformKeys(200), token, state), (error) => {
        assert.ok(error instanceof LtiError);
        assert.equal(error.status, 502);
        assert.equal(error.code, 'lti_platform_keys_unavailable');
        assert.match(error.message, /"Slow Moodle".*no answer within 0\.2 s/);
        return true;
      });
    });

    test('one id_token posted twice at once opens exactly one session (the nonce is single use)', async () => {
      const platform = await newPlatform();
      await register(hub, platform, 'Concurrent Moodle');
      for (let round = 0; round < 5; round++) {
        const { state, nonce } = await login(hub, platform);
        const token = await platform.idToken({ custom: { session_id: sessionId } }, nonce, hub.url);
        const answers = await Promise.all([1, 2].map(() => postLaunch(hub, { id_token: token, state })));
        const pages = await Promise.all(answers.map(async (a) => ({ status: a.status, html: await a.text() })));
        const opened = pages.filter((p) => p.status === 200);
        assert.equal(opened.length, 1, `round ${round}: ${pages.map((p) => p.status).join(', ')}`);
        assert.match(opened[0]!.html, /<echo-session /);
        const refused = pages.find((p) => p.status !== 200)!;
        assert.equal(refused.status, 401);
        assert.equal(codeOf(refused.html), 'lti_nonce_replayed');
      }
    });

    test('an id_token used before a hub restart is refused after it (nonces are stored)', async () => {
      const platform = await newPlatform();
      await register(hub, platform, 'Restarted Moodle');
      const first = await platform.launch(hub.url, { custom: { session_id: sessionId } });
      assert.equal(first.status, 200, first.html);
      await hub.restart();
      // The same form again, and the same token with a login started after the restart.
      const again = await postLaunch(hub, { id_token: first.token, state: first.state });
      assert.equal(again.status, 401);
      assert.equal(codeOf(await again.text()), 'lti_nonce_replayed');
      const replay = await platform.launch(hub.url, { custom: { session_id: sessionId } }, { reuseToken: first.token });
      assert.equal(replay.status, 401);
      assert.equal(codeOf(replay.html), 'lti_nonce_replayed');
      // A fresh launch still works.
      const fresh = await platform.launch(hub.url, { custom: { session_id: sessionId } });
      assert.equal(fresh.status, 200, fresh.html);
    });
  });
}
