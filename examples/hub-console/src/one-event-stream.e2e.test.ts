/**
 * End to end, in headless Chromium against a real hub: a hub-team page with the live elements of the console —
 * `<echo-agenda>`, `<echo-case-queue>`, `<echo-recommendation-editor>` and `<echo-recommendation-viewer>` — opens ONE
 * `/v1/events` connection between them, and each of them still follows the hub live. Browsers allow six HTTP/1.1
 * connections per host: with a stream per element, a second tab of the same hub had nothing left to load with. Here
 * a second page on the same hub (same browser context, so the same connection pool) loads as well.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  advanceTestCase,
  launchChromium,
  serveBundledPage,
  startTestHub,
  submitTestCase,
  testRecommendation,
  until,
  type BundledPage,
  type TestHub,
} from '@teleecho/test-kit';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Builds the page from its URL: every element with the same hub, the same token, its own inputs. */
const SETUP = `
const q = new URLSearchParams(location.search);
const make = (tag, attributes) => {
  const el = document.createElement(tag);
  el.setAttribute('hub-url', q.get('hub'));
  el.setAttribute('token', q.get('token'));
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  document.body.append(el);
};
make('echo-agenda', { 'session-id': q.get('session') });
make('echo-case-queue', { filter: 'all' });
make('echo-recommendation-editor', { 'case-id': q.get('case') });
make('echo-recommendation-viewer', { 'case-id': q.get('case') });
`;

/** Text of the elements matching `selector` inside `tag`'s shadow root. */
function texts(page: Page, tag: string, selector: string): Promise<string[]> {
  return page.evaluate(
    ([t, s]) =>
      [...(document.querySelector(t as string)?.shadowRoot?.querySelectorAll(s as string) ?? [])].map(
        (n) => n.textContent?.trim() ?? '',
      ),
    [tag, selector],
  );
}

/** Whether every element shows what it loaded (not "Loading…", not an error). */
async function allLoaded(page: Page, caseTitle: string): Promise<boolean> {
  const [agenda, queue, editor, viewer] = await Promise.all([
    texts(page, 'echo-agenda', '[part="title"]'),
    texts(page, 'echo-case-queue', '[part="list"], [part="message"]'),
    texts(page, 'echo-recommendation-editor', '[part="title"]'),
    texts(page, 'echo-recommendation-viewer', '[part="case-title"]'),
  ]);
  return agenda.length > 0 && queue.length > 0 && editor.includes(caseTitle) && viewer.includes(caseTitle);
}

describe('one event stream per page and hub (real hub, headless Chromium)', () => {
  let hub: TestHub;
  let browser: Browser;
  let context: BrowserContext;
  let site: BundledPage;
  let pageUrl: string;
  let caseUnderTest = '';
  let sessionUnderTest = '';
  const streams = new Map<Page, string[]>();

  /** Opens the page in a new tab of the same browser context, counting its `/v1/events` requests. */
  async function openPage(): Promise<Page> {
    const page = await context.newPage();
    const opened: string[] = [];
    streams.set(page, opened);
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/v1/events') opened.push(request.url());
    });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(pageUrl);
    return page;
  }

  before(async () => {
    hub = await startTestHub({ storage: 'sqlite' });
    const sessionId = hub.demo.sessionIds[0];
    assert.ok(sessionId, 'the demo programme has a session');
    const onAgenda = await submitTestCase(hub, { title: 'HCV with rising ALT' });
    await advanceTestCase(hub, onAgenda.id, 'presented', sessionId);
    const token = await hub.mint({ role: 'specialist', sub: 'console-specialist', name: 'Dr. Hub', ttlSeconds: 3600 });
    site = await serveBundledPage({
      entryPoints: { elements: fileURLToPath(new URL('../../../packages/elements/src/define.ts', import.meta.url)) },
      html:
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>hub team</title>' +
        '<script type="module" src="/elements.js"></script><script type="module" src="/setup.js"></script>' +
        '<body></body></html>',
      files: { '/setup.js': SETUP },
    });
    pageUrl = `${site.url}?${new URLSearchParams({ hub: hub.url, token, session: sessionId, case: onAgenda.id })}`;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    caseUnderTest = onAgenda.id;
    sessionUnderTest = sessionId;
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await hub?.close();
  });

  test('four live elements share one /v1/events connection, and each still updates live', async () => {
    const page = await openPage();
    await until('every element loaded', () => allLoaded(page, 'HCV with rising ALT'));

    // A presenter submits a case: the queue lists it.
    const arrived = await submitTestCase(hub, { title: 'Arrived while the page was open' });
    await until('the queue, live', async () =>
      (await texts(page, 'echo-case-queue', '[part="list"]')).some((t) => t.includes(arrived.title)),
    );
    // The coordinator schedules it on the session: the agenda shows it.
    await advanceTestCase(hub, arrived.id, 'scheduled', sessionUnderTest);
    await until('the agenda, live', async () =>
      (await texts(page, 'echo-agenda', '[part="case-title"]')).includes(arrived.title),
    );
    // Another specialist issues a recommendation on the open case: the editor and the viewer show it.
    await testRecommendation(hub, caseUnderTest, { issue: true, body: 'Start sofosbuvir/velpatasvir, 12 weeks.' });
    await until('the editor, live', async () =>
      (await texts(page, 'echo-recommendation-editor', '[part~="issued"]')).some((t) => t.includes('velpatasvir')),
    );
    await until('the viewer, live', async () =>
      (await texts(page, 'echo-recommendation-viewer', '[part="recommendation"]')).some((t) =>
        t.includes('velpatasvir'),
      ),
    );

    assert.deepEqual(
      streams.get(page)?.map((url) => new URL(url).pathname),
      ['/v1/events'],
      'exactly one event stream for the four elements',
    );
  });

  test('a second page on the same hub (same connection pool) loads and gets its own single stream', async () => {
    const second = await openPage();
    await until('every element of the second page loaded', () => allLoaded(second, 'HCV with rising ALT'), 15_000);
    await testRecommendation(hub, caseUnderTest, { issue: true, body: 'Repeat HCV RNA at week 12.' });
    await until('the second page follows live too', async () =>
      (await texts(second, 'echo-recommendation-viewer', '[part="recommendation"]')).some((t) => t.includes('week 12')),
    );
    assert.equal(
      streams.get(second)?.length,
      1,
      `one stream on the second page: ${JSON.stringify(streams.get(second))}`,
    );
    const first = [...streams.keys()][0];
    assert.equal(streams.get(first as Page)?.length, 1, 'still one on the first page');
  });
});
