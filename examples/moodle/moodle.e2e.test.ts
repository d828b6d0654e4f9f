// The Moodle-style example page in real Chromium: RequireJS loaded first (as on every Moodle page) with an AMD
// module of its own, our ES-module CDN bundle next to it, `<echo-session>` upgraded in the "HTML block", and the
// "External tool" iframe (another origin) launching through a test LTI platform into the hub's session page.
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  hubFetch,
  launchChromium,
  startTestHub,
  startTestLtiPlatform,
  type TestHub,
  type TestLtiPlatform,
} from '@teleecho/test-kit';
import type { Browser } from 'playwright-core';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REQUIREJS = fileURLToPath(import.meta.resolve('requirejs/require.js'));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** Serves the example like `npm start` does: the page, RequireJS, the CDN bundle (from the hub), /config.json. */
async function serveExample(hub: TestHub, config: () => Promise<unknown>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/config.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify(await config()));
      }
      if (path === '/vendor/requirejs/require.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        return void res.end(readFileSync(REQUIREJS));
      }
      if (path.startsWith('/cdn/')) {
        // The hub serves the same CDN bundle at /lti/assets/ (built from source when dist/ is missing).
        const upstream = await fetch(`${hub.url}/lti/assets/${path.slice('/cdn/'.length)}`);
        res.writeHead(upstream.status, { 'content-type': 'text/javascript' });
        return void res.end(Buffer.from(await upstream.arrayBuffer()));
      }
      const file = normalize(join(HERE, path.replace(/^\/moodle\//, '/').replace(/\/$/, '/index.html')));
      if (!file.startsWith(HERE) || !existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': `${TYPES[extname(file)] ?? 'text/plain'}; charset=utf-8` });
      res.end(readFileSync(file));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/moodle/`, server };
}

describe('Moodle-style page: RequireJS + CDN script + LTI External tool', () => {
  let hub: TestHub;
  let platform: TestLtiPlatform;
  let browser: Browser;
  let site: { url: string; server: Server };
  let sessionId: string;
  let title: string;

  before(async () => {
    [hub, platform, browser] = await Promise.all([startTestHub(), startTestLtiPlatform(), launchChromium()]);
    sessionId = hub.demo.sessionIds[0]!;
    title = (await hubFetch(hub.url, 'GET', `/v1/sessions/${sessionId}`, { token: hub.apiKey })).body.title;
    await hub.hub!.storage.write((tx) =>
      tx.lti.savePlatform({
        id: 'plt_moodle',
        issuer: platform.issuer,
        clientId: platform.clientId,
        name: 'Moodle-style example',
        authUrl: platform.authUrl,
        tokenUrl: platform.tokenUrl,
        jwksUrl: platform.jwksUrl,
        deploymentIds: [platform.deploymentId],
        scopes: [],
        createdAt: new Date().toISOString(),
      }),
    );
    site = await serveExample(hub, async () => ({
      hubUrl: hub.url,
      programId: hub.demo.programId,
      token: await hub.mint({ role: 'participant', sub: 'html-block-user', name: 'Block User' }),
      sessionId,
      ltiLaunchUrl: platform.loginUrl(hub.url, {
        name: 'Ana Souza',
        roles: ['Learner'],
        custom: { session_id: sessionId },
      }),
    }));
  });
  after(async () => {
    await browser?.close();
    site?.server.close();
    await platform?.close();
    await hub?.close();
  });

  test('RequireJS and our CDN bundle coexist; both embeds render the session', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(site.url);
    // RequireJS is live: its global define() is AMD and the page's own AMD module ran.
    assert.equal(
      await page.evaluate(() => typeof (window as unknown as { define?: { amd?: unknown } }).define?.amd),
      'object',
    );
    await page.waitForFunction(() => document.body.dataset.amdLoaded === 'true');
    // The HTML block: <echo-session> upgraded and loaded the session from the hub.
    await page.locator('#embedded-session [part="title"]').waitFor({ timeout: 60_000 });
    assert.equal((await page.locator('#embedded-session [part="title"]').textContent())?.trim(), title);
    assert.ok(await page.evaluate(() => customElements.get('echo-session') !== undefined));
    // The External tool: the iframe (another origin) went through OIDC login and launch to the session page.
    const frame = page.frameLocator('#contentframe');
    await frame.locator('#lti-user').waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('#lti-user').textContent(), 'Ana Souza');
    assert.equal(await frame.locator('#lti-role').getAttribute('data-role'), 'participant');
    await frame.locator('echo-session [part="title"]').waitFor({ timeout: 60_000 });
    // As in Moodle, the frame may use camera and microphone but not capture the screen.
    const tool = page.frames().find((f) => f.url().startsWith(hub.url))!;
    assert.deepEqual(
      await tool.evaluate(() => {
        const policy = (document as unknown as { featurePolicy: { allowsFeature(f: string): boolean } }).featurePolicy;
        return ['camera', 'microphone', 'display-capture'].map((f) => policy.allowsFeature(f));
      }),
      [true, true, false],
    );
    // No state in cookies: the launch works with third-party cookies blocked because there are none.
    assert.deepEqual(await context.cookies(hub.url), []);
    // RequireJS did not capture anything of ours (a hijacked UMD bundle throws "Mismatched anonymous define()").
    assert.deepEqual(
      errors.filter((e) => /define|require/i.test(e)),
      [],
    );
    const shots = process.env.ECHO_SCREENSHOT_DIR;
    if (shots) {
      await page.screenshot({ path: `${shots}/moodle-desktop.png`, fullPage: true });
      await page.setViewportSize({ width: 360, height: 640 });
      await page.screenshot({ path: `${shots}/moodle-360.png`, fullPage: true });
    }
    await context.close();
  });
});
