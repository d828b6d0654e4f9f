/**
 * End to end, in headless Chromium against one real hub: the hub console page (examples/hub-console, served as
 * `npm start` serves it: the elements' CDN bundle, a strict CSP, tokens from /config.json?role=…) and, in another
 * page with another token, the presenter's `<echo-recommendation-viewer>`.
 *
 * A coordinator accepts and schedules a case in the console, a facilitator marks it presented on the agenda, a
 * specialist drafts and issues a recommendation — the presenter's page shows it live, without reload (how fast is
 * measured by `npm run bench`, recommendationDisplay) —
 * then amends it (the viewer shows what changed); the presenter acknowledges with a reply, which appears in the
 * console live. Screenshots of the console at desktop size and at 360×640 go to ECHO_SCREENSHOT_DIR.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { hubFetch, launchChromium, phoneLayout, startTestHub, until, type TestHub } from '@teleecho/test-kit';
import type { Case, Role } from '@teleecho/sdk';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';

const CONSOLE_DIR = fileURLToPath(new URL('..', import.meta.url));
const SHOTS = process.env.ECHO_SCREENSHOT_DIR ?? join(tmpdir(), 'echo-console-screenshots');
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' http://127.0.0.1:*; " +
  "img-src 'self' data:; media-src 'self' blob: mediastream:; require-trusted-types-for 'script'; trusted-types lit-html";
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The presenter's page: the viewer for `?case=…`. */
const VIEWER_HTML = `<!doctype html><html lang="en"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Recommendations</title>
<script type="module" src="/cdn/echo-elements.js"></script><script type="module" src="/viewer/viewer.js"></script>
<body><echo-recommendation-viewer id="viewer"></echo-recommendation-viewer></body></html>`;
const VIEWER_JS = `
const viewer = document.getElementById('viewer');
const config = await (await fetch('/config.json?role=presenter')).json();
viewer.setAttribute('hub-url', config.hubUrl);
viewer.token = config.token;
viewer.setAttribute('case-id', new URLSearchParams(location.search).get('case'));
`;

/** Bundles the elements from source the way the CDN build does (one entry, lazily loaded chunks). */
async function bundle(): Promise<Map<string, string>> {
  const result = await build({
    entryPoints: {
      'echo-elements': fileURLToPath(new URL('../../../packages/elements/src/define.ts', import.meta.url)),
    },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    outdir: '/cdn',
    write: false,
    logLevel: 'silent',
  });
  return new Map(result.outputFiles.map((f) => [f.path, f.text]));
}

/** The examples server of `npm start`, reduced to what the console needs: /cdn/, /hub-console/, /config.json. */
async function serveExamples(hub: TestHub, cdn: Map<string, string>): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://x');
      const send = (type: string, body: string) =>
        response
          .writeHead(200, { 'content-type': type, 'content-security-policy': CSP, 'cache-control': 'no-store' })
          .end(body);
      if (url.pathname === '/config.json') {
        const role = (url.searchParams.get('role') ?? 'participant') as Role;
        const token = await hub.mint({ role, sub: `demo-${role}`, name: `Demo ${role}`, ttlSeconds: 900 });
        return send(
          TYPES['.json'] ?? 'application/json',
          JSON.stringify({ hubUrl: hub.url, programId: hub.demo.programId, token }),
        );
      }
      const js = cdn.get(url.pathname);
      if (js !== undefined) return send(TYPES['.js'] as string, js);
      if (url.pathname === '/viewer/') return send(TYPES['.html'] as string, VIEWER_HTML);
      if (url.pathname === '/iframe-host/') {
        // A host page of another origin (localhost vs 127.0.0.1) framing the console.
        const frame = `http://127.0.0.1:${(server.address() as { port: number }).port}/hub-console/?role=specialist`;
        response.writeHead(200, {
          'content-type': TYPES['.html'] as string,
          'content-security-policy': `default-src 'self'; frame-src http://127.0.0.1:*`,
        });
        return void response.end(
          `<!doctype html><title>Host</title><iframe src="${frame}" title="Hub console" width="1000" height="700"></iframe>`,
        );
      }
      if (url.pathname === '/viewer/viewer.js') return send(TYPES['.js'] as string, VIEWER_JS);
      // the example pages' shared chrome translations, at the root as `npm start` serves them
      if (url.pathname === '/host-i18n.js') {
        return send(TYPES['.js'] as string, readFileSync(join(CONSOLE_DIR, '..', 'host-i18n.js'), 'utf8'));
      }
      if (url.pathname.startsWith('/hub-console/')) {
        const name = url.pathname.slice('/hub-console/'.length) || 'index.html';
        if (/^[a-z-]+\.(html|js|css)$/.test(name)) {
          return send(TYPES[extname(name)] as string, readFileSync(join(CONSOLE_DIR, name), 'utf8'));
        }
      }
      response.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

describe('hub console with the presenter’s viewer (real hub, headless Chromium)', () => {
  let hub: TestHub;
  let browser: Browser;
  let site: { server: Server; url: string };
  let consolePage: Page;
  let viewerPage: Page;
  let value: Case;
  let sessionId: string;
  const cspViolations: string[] = [];

  const inConsole = (selector: string) => consolePage.locator(selector);

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    hub = await startTestHub();
    const [cdn, b] = await Promise.all([bundle(), launchChromium()]);
    browser = b;
    site = await serveExamples(hub, cdn);
    const coordinator = await hub.mint({ role: 'coordinator' });
    const session = await hubFetch(hub.url, 'POST', `/v1/programs/${hub.demo.programId}/sessions`, {
      token: coordinator,
      body: {
        title: 'HCV ECHO — console e2e',
        topic: 'Cirrhosis',
        startsAt: new Date(Date.now() + 3_600_000).toISOString(),
        durationMinutes: 60,
      },
    });
    sessionId = session.body.id;
    const presenter = await hub.mint({ role: 'presenter', sub: 'demo-presenter', name: 'Dr. Spoke' });
    const submitted = await hubFetch<Case>(hub.url, 'POST', '/v1/cases', {
      token: presenter,
      body: {
        programId: hub.demo.programId,
        templateId: hub.demo.templateId,
        title: 'Cirrhosis with rising ALT',
        response: {
          resourceType: 'QuestionnaireResponse',
          status: 'completed',
          item: [
            {
              linkId: 'patient',
              item: [
                { linkId: 'age', answer: [{ valueString: '58' }] },
                {
                  linkId: 'sex',
                  answer: [
                    {
                      valueCoding: {
                        system: 'http://hl7.org/fhir/administrative-gender',
                        code: 'male',
                        display: 'Male',
                      },
                    },
                  ],
                },
              ],
            },
            {
              linkId: 'presenting-problem',
              answer: [{ valueString: 'Compensated cirrhosis, ALT rising over a year' }],
            },
            { linkId: 'questions', answer: [{ valueString: 'Treat now or refer?' }] },
          ],
        },
        deidentification: {
          policy: 'safe-harbor',
          changes: [{ path: 'Patient.birthDate', kind: 'dates', action: 'generalized', replacement: '1968' }],
        },
      },
    });
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
    value = submitted.body;
    for (const [page, path] of [
      ['console', `/hub-console/?role=coordinator`],
      ['viewer', `/viewer/?case=${value.id}`],
    ] as const) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const p = await context.newPage();
      p.on('pageerror', (error) => console.error(`[${page}] page error:`, error.message));
      p.on('console', (message) => {
        if (/Content Security Policy|Trusted Type/i.test(message.text()))
          cspViolations.push(`[${page}] ${message.text()}`);
      });
      await p.goto(`${site.url}${path}`);
      if (page === 'console') consolePage = p;
      else viewerPage = p;
    }
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.server.close(resolve));
    await hub?.close();
  });

  test('the coordinator accepts the case and schedules it on the session’s agenda', async () => {
    const card = inConsole('echo-case-queue [part="case"]').filter({ hasText: 'Cirrhosis with rising ALT' });
    await card.locator('[part~="accept-button"]').click();
    await card.locator('[part~="schedule-button"]').click();
    await inConsole('echo-case-queue [name="session"]').selectOption(sessionId);
    await consolePage.screenshot({ path: join(SHOTS, 'console-coordinator-desktop.png'), fullPage: true });
    await card.locator('[part~="confirm-button"]').click();
    await until('the case on the agenda', async () => {
      const s = await hubFetch(hub.url, 'GET', `/v1/sessions/${sessionId}`, {
        token: await hub.mint({ role: 'coordinator' }),
      });
      return s.body.agenda.some((a: { caseId: string }) => a.caseId === value.id);
    });
  });

  test('the facilitator marks it presented on the agenda and opens the session (role switcher)', async () => {
    await consolePage.locator('#role').selectOption('facilitator');
    await consolePage.waitForSelector('body[data-role="facilitator"][data-ready]');
    await inConsole('echo-schedule [part="item"]').filter({ hasText: 'console e2e' }).click();
    const entry = inConsole('echo-agenda [part="item"]').filter({ hasText: 'Cirrhosis with rising ALT' });
    await entry.locator('[part~="presented-button"]').click();
    await entry.locator('[part="status"]', { hasText: 'Presented' }).waitFor();
    await inConsole('echo-agenda [part~="open-button"]').click();
    await inConsole('#session-panel echo-session [part="title"]').filter({ hasText: 'console e2e' }).waitFor();
  });

  test('the specialist issues a recommendation; the presenter’s page shows it live, no reload', async () => {
    await consolePage.locator('#role').selectOption('specialist');
    await consolePage.waitForSelector('body[data-role="specialist"][data-ready]');
    await inConsole('echo-case-queue [part="case"]')
      .filter({ hasText: 'Cirrhosis with rising ALT' })
      .locator('[part~="read-button"]')
      .click();
    const editor = inConsole('echo-recommendation-editor');
    await editor.locator('[part="answers"]', { hasText: 'Compensated cirrhosis' }).waitFor();
    const form = editor.locator('form[aria-label="New recommendation"]');
    await form.locator('textarea').fill('Start sofosbuvir/velpatasvir for 12 weeks; check HCV RNA at week 12.');
    await form.locator('select').selectOption('treatment');
    await form.locator('input[type="date"]').fill('2027-03-01');
    await form.locator('[part~="save-button"]').click();
    const draft = editor.locator('[part~="draft"]').filter({ hasText: 'sofosbuvir' });
    await draft.locator('input[type="checkbox"]').check();
    await viewerPage.locator('echo-recommendation-viewer [part="case-title"]').waitFor();
    // a mark on the page that a reload would wipe
    await viewerPage.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await editor.locator('[part~="issue-button"]').first().click();
    await viewerPage.locator('echo-recommendation-viewer [part="recommendation"]', { hasText: 'sofosbuvir' }).waitFor();
    assert.equal(
      await viewerPage.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
      true,
      'shown without a reload',
    );
    assert.equal(await editor.locator('[part="number"]').first().textContent(), 'No. 1');
  });

  test('an amendment in the console shows in the viewer with what changed', async () => {
    const editor = inConsole('echo-recommendation-editor');
    const issued = editor.locator('[part~="issued"]').first();
    await issued.locator('[part~="amend-button"]').click();
    await issued.locator('textarea').fill('Start sofosbuvir/velpatasvir for 12 weeks; check HCV RNA at week 24.');
    await issued.locator('[part~="save-button"]').click();
    await issued.locator('[part="history"]').waitFor();
    const changes = viewerPage.locator('echo-recommendation-viewer [part="changes"]');
    await changes.waitFor({ timeout: 5000 });
    assert.match((await changes.locator('[part="inserted"]').allTextContents()).join(' '), /24/);
    assert.match((await changes.locator('[part="deleted"]').allTextContents()).join(' '), /12\.?/);
  });

  test('the presenter’s acknowledgement with a reply reaches the console live', async () => {
    const rec = viewerPage.locator('echo-recommendation-viewer [part="recommendation"]').first();
    await rec.locator('[part="reply-input"]').fill('Thanks — starting treatment on Monday.');
    await rec.locator('[part="acknowledge-button"]').click();
    const ack = inConsole('echo-recommendation-editor [part~="issued"] [part="acknowledgement"]');
    await ack.filter({ hasText: 'starting treatment on Monday' }).waitFor({ timeout: 5000 });
    assert.match((await ack.textContent()) ?? '', /version 2/);
    await consolePage.screenshot({ path: join(SHOTS, 'console-specialist-desktop.png'), fullPage: true });
  });

  test('the console works inside a cross-origin iframe', async () => {
    const host = await browser.newPage();
    await host.goto(`${site.url.replace('127.0.0.1', 'localhost')}/iframe-host/`);
    const frame = host.frameLocator('iframe');
    await frame.locator('echo-case-queue [part="case"]', { hasText: 'Cirrhosis with rising ALT' }).waitFor();
    await host.close();
  });

  test('the console fits a 360 px phone, and no page broke its CSP', async () => {
    await consolePage.setViewportSize({ width: 360, height: 640 });
    const scrollWidth = await consolePage.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrollWidth <= 360, `page is ${scrollWidth} px wide`);
    const phone = await phoneLayout(consolePage);
    assert.equal(phone.sideways, 0, 'no sideways scrolling');
    assert.ok(phone.times > 0, 'the sessions list shows start times');
    assert.deepEqual(phone.clippedTimes, [], 'every session start time is fully visible');
    await consolePage.screenshot({ path: join(SHOTS, 'console-specialist-360.png') });
    await consolePage.screenshot({ path: join(SHOTS, 'console-specialist-360-full.png'), fullPage: true });
    await consolePage.setViewportSize({ width: 1280, height: 900 });
    await consolePage.emulateMedia({ colorScheme: 'dark' });
    await consolePage.screenshot({ path: join(SHOTS, 'console-specialist-dark.png') });
    assert.deepEqual(cspViolations, []);
  });
});
