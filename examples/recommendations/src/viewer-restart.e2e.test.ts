/**
 * End to end: `<echo-recommendation-viewer>` in a cross-origin iframe of a host page, itself under a strict
 * Content-Security-Policy (no inline script or style, no eval, Trusted Types), against a real hub on SQLite that is
 * KILLED and RESTARTED on the same port while recommendations are issued before, during and after the outage.
 * What a user would notice: every recommendation shows exactly once, in order; the saved copy is shown with an
 * "offline" note while the hub is down (even after a page reload); the view catches up by itself afterwards.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  advanceTestCase,
  hubFetch,
  launchChromium,
  serveBundledPage,
  startTestHub,
  submitTestCase,
  testRecommendation,
  until,
  type BundledPage,
  type TestHub,
} from '@teleecho/test-kit';
import type { Recommendation } from '@teleecho/sdk';
import type { Browser, Frame, Page } from 'playwright-core';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' http://127.0.0.1:*; " +
  "require-trusted-types-for 'script'; trusted-types lit-html";
const SHOTS = process.env.ECHO_SCREENSHOT_DIR ?? fileURLToPath(new URL('../../../.tmp/shots/', import.meta.url));

/** The page inside the iframe: the elements bundle, and a setup script (no inline script) reading the URL. */
const SETUP = `
const q = new URLSearchParams(location.search);
const log = (window.log = []);
document.addEventListener('securitypolicyviolation', (e) => log.push('csp ' + e.violatedDirective + ' ' + e.blockedURI));
const el = document.createElement('echo-recommendation-viewer');
el.setAttribute('hub-url', q.get('hub'));
el.setAttribute('token', q.get('token'));
el.setAttribute('case-id', q.get('case'));
document.body.append(el);
`;

function serveHost(frameUrl: string): Promise<{ server: Server; url: string }> {
  const html =
    '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, ' +
    'initial-scale=1"><title>host portal</title><body style="margin:0">' +
    `<iframe title="Recommendations" src="${frameUrl.replace(/&/g, '&amp;')}" ` +
    'style="border:0;width:100%;height:100vh"></iframe></body></html>';
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` }),
    ),
  );
}

/** What the viewer shows: each recommendation's number, id and version, in DOM order. */
const shown = (frame: Frame) =>
  frame.evaluate(() =>
    [
      ...(document
        .querySelector('echo-recommendation-viewer')
        ?.shadowRoot?.querySelectorAll('[part="recommendation"]') ?? []),
    ].map((li) => ({
      number: (li as HTMLElement).dataset.number,
      id: (li as HTMLElement).dataset.id,
      amended: Boolean(li.querySelector('[part="changes"]')),
      body: li.querySelector('[part="body"]')?.textContent?.trim(),
    })),
  );
const offlineNote = (frame: Frame) =>
  frame.evaluate(
    () =>
      document.querySelector('echo-recommendation-viewer')?.shadowRoot?.querySelector('[part="offline"]')
        ?.textContent ?? '',
  );

describe('<echo-recommendation-viewer>: hub killed and restarted mid-stream', () => {
  let hub: TestHub;
  let browser: Browser;
  let inner: BundledPage;
  let host: { server: Server; url: string };
  let page: Page;
  let caseId: string;
  const pageErrors: string[] = [];

  const issue = (body: string) => testRecommendation(hub, caseId, { issue: true, body });
  const frame = () => {
    const f = page.frames().find((x) => x !== page.mainFrame());
    assert.ok(f, 'the iframe');
    return f;
  };

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    hub = await startTestHub({ storage: 'sqlite' });
    const presenterToken = await hub.mint({ role: 'presenter', ttlSeconds: 3600 });
    caseId = (await submitTestCase(hub, { presenterToken, title: 'HCV, raised ALT' })).id;
    await advanceTestCase(hub, caseId, 'presented');
    inner = await serveBundledPage({
      entryPoints: {
        elements: fileURLToPath(
          new URL('../../../packages/elements/src/define/echo-recommendation-viewer.ts', import.meta.url),
        ),
      },
      html:
        '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, ' +
        'initial-scale=1"><title>viewer</title><script type="module" src="/elements.js"></script>' +
        '<script type="module" src="/setup.js"></script><body></body></html>',
      files: { '/setup.js': SETUP },
      csp: CSP,
    });
    const frameUrl = `${inner.url}?${new URLSearchParams({ hub: hub.url, token: presenterToken, case: caseId })}`;
    host = await serveHost(frameUrl); // another port: another origin than the iframe's
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => host?.server.close(resolve));
    await inner?.close();
    await hub?.close();
  });

  test('every recommendation exactly once, in order, across a kill, a reload while down, and a restart', async () => {
    await issue('1: before the page loaded');
    await page.goto(host.url);
    assert.notEqual(new URL(frame().url()).origin, new URL(page.url()).origin, 'the viewer runs cross-origin');
    await until('rec 1 shown', async () => (await shown(frame())).length === 1);
    await issue('2: live, before the outage');
    await until('rec 2 live', async () => (await shown(frame())).length === 2);

    await hub.kill(); // connections and the event stream are cut mid-stream
    await until('the offline note', async () => /Offline/.test(await offlineNote(frame())));
    await page.reload(); // even a reload while the hub is down shows the saved copy
    await until('the saved copy after reload', async () => (await shown(frame())).length === 2);
    assert.match(await offlineNote(frame()), /Offline — showing the saved copy/);

    await hub.restart(); // same port, same SQLite file
    const first = (
      await hubFetch<{ items: Recommendation[] }>(hub.url, 'GET', `/v1/cases/${caseId}/recommendations`, {
        token: await hub.mint({ role: 'specialist' }),
      })
    ).body.items[0]!;
    // While the viewer is still reconnecting (its backoff), more happens on the hub:
    await issue('3: during the outage, before the viewer is back');
    await hubFetch(hub.url, 'PATCH', `/v1/recommendations/${first.id}`, {
      token: await hub.mint({ role: 'specialist' }),
      body: { body: '1: before the page loaded — amended during the outage' },
    });
    await issue('4: during the outage too');
    await until('caught up after the restart', async () => {
      const recs = await shown(frame());
      return recs.length === 4 && recs[0]!.amended && !(await offlineNote(frame()));
    });
    await issue('5: after the restart');
    await until('rec 5 live', async () => (await shown(frame())).length === 5);

    const recs = await shown(frame());
    assert.deepEqual(
      recs.map((r) => r.number),
      ['1', '2', '3', '4', '5'],
    );
    assert.equal(new Set(recs.map((r) => r.id)).size, 5, 'no duplicates');
    assert.equal(recs[0]!.body, '1: before the page loaded — amended during the outage');
    assert.deepEqual(
      await frame().evaluate(() => (window as unknown as { log: string[] }).log),
      [],
      'no CSP violation',
    );
    assert.deepEqual(pageErrors, []);

    await page.screenshot({ path: join(SHOTS, 'recommendation-viewer-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 360, height: 640 });
    const width = await frame().evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `fits a phone (scrollWidth ${width})`);
    await page.screenshot({ path: join(SHOTS, 'recommendation-viewer-360.png') });
  });
});
