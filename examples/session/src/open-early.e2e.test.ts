/**
 * End to end: a session that is not open yet. A participant's page waits on the "Opens in …" countdown; a
 * facilitator presses "Open session now" in `<echo-session>`; the participant's page joins by itself (on the hub's
 * `session.opened` event) and both see each other's video over a real livekit-server. And on a hub without video:
 * the user reads "Video is not set up on this hub", the host page gets `livekit_not_configured`, and the camera
 * preview stays. Screenshots of the waiting and the error state at 1280 and 360 px wide.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  createLiveTestSession,
  hubFetch,
  launchChromium,
  liveKitSkip,
  serveBundledPage,
  startTestHub,
  until,
  type BundledPage,
  type TestHub,
} from '@teleecho/test-kit';
import type { Role } from '@teleecho/sdk';
import type { Browser, Page } from 'playwright-core';
import { en } from '../../../packages/elements/src/translations/en.js';

const SHOTS = `${process.env.ECHO_SCREENSHOT_DIR ?? join(tmpdir(), 'echo-session-screenshots')}/`;
const WIDE = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 800 };

/** Bundles every element from source and serves a bare host page. */
function servePage(): Promise<BundledPage> {
  return serveBundledPage({
    entryPoints: { elements: fileURLToPath(new URL('../../../packages/elements/src/define.ts', import.meta.url)) },
    html:
      '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, ' +
      'initial-scale=1"><title>session</title>' +
      '<script type="module" src="/elements.js"></script><body></body></html>',
  });
}

/** A page with `<echo-session>` for one person; `window.log` records the element's events. */
async function openSession(
  browser: Browser,
  site: BundledPage,
  hub: TestHub,
  sessionId: string,
  person: { role: Role; sub: string; name: string },
): Promise<Page> {
  const context = await browser.newContext({ viewport: WIDE });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${person.sub}] page error:`, error.message));
  await page.goto(site.url);
  const token = await hub.mint({ role: person.role, sub: person.sub, name: person.name });
  await page.evaluate(
    ([hubUrl, t, id]) => {
      const log: { type: string; code?: string }[] = [];
      (window as unknown as { log: typeof log }).log = log;
      for (const type of ['echo-session-joined', 'echo-error']) {
        document.addEventListener(type, (e) =>
          log.push({ type, code: (e as CustomEvent<{ error?: { code: string } }>).detail.error?.code }),
        );
      }
      const el = document.createElement('echo-session');
      el.setAttribute('hub-url', hubUrl!);
      el.setAttribute('token', t!);
      el.setAttribute('session-id', id!);
      document.body.append(el);
    },
    [hub.url, token, sessionId] as const,
  );
  return page;
}

const logOf = (page: Page) =>
  page.evaluate(() => (window as unknown as { log: { type: string; code?: string }[] }).log);

/** Whether the tile of `identity` plays a video with frames. */
const playsVideoOf = (page: Page, identity: string) =>
  page.evaluate((id) => {
    const video = document
      .querySelector('echo-session')
      ?.shadowRoot?.querySelector<HTMLVideoElement>(`[data-identity="${id}"] video`);
    return Boolean(video && video.videoWidth > 0 && !video.paused && video.currentTime > 0);
  }, identity);

/** Whether the camera preview of the pre-join screen plays. */
const previewPlays = (page: Page) =>
  page.evaluate(() => {
    const video = document
      .querySelector('echo-session')
      ?.shadowRoot?.querySelector<HTMLVideoElement>('video[part="preview"]');
    return Boolean(video && video.videoWidth > 0 && !video.paused);
  });

/** Resolves once the preview painted a frame at the current size (so a screenshot shows it, not a blank box). */
const newFrame = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const video = document
          .querySelector('echo-session')
          ?.shadowRoot?.querySelector<HTMLVideoElement>('video[part="preview"]');
        if (!video) return resolve();
        video.requestVideoFrameCallback(() => video.requestVideoFrameCallback(() => resolve()));
      }),
  );

/** Screenshots at 1280 and 360 px wide; at 360 nothing may scroll sideways. */
async function screenshots(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}${name}-1280.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= PHONE.width, `${name} fits 360 px`);
  await until('the preview plays at 360 px', () => previewPlays(page));
  await newFrame(page);
  await page.screenshot({ path: `${SHOTS}${name}-360.png` });
  await page.setViewportSize(WIDE);
}

describe(
  '<echo-session>: a facilitator opens the room early, over a real LiveKit server',
  { skip: liveKitSkip() },
  () => {
    let hub: TestHub;
    let browser: Browser;
    let site: BundledPage;
    let sessionId: string;

    before(async () => {
      mkdirSync(SHOTS, { recursive: true });
      hub = await startTestHub({ livekit: true });
      // Three hours away: its room would open in two and a half.
      sessionId = await createLiveTestSession(hub, { startsInMinutes: 180, title: 'HCV ECHO: opened early' });
      site = await servePage();
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await site?.close();
      await hub?.close();
    });

    test('the waiting participant joins by itself when the facilitator opens the room, and both see video', async () => {
      const participant = await openSession(browser, site, hub, sessionId, {
        role: 'participant',
        sub: 'spoke-1',
        name: 'Sam Spoke',
      });
      const countdown = participant.locator('echo-session [part="countdown"]');
      await countdown.waitFor();
      const first = (await countdown.textContent())?.trim() ?? '';
      assert.match(first, /^Opens in 2:(29|30):\d\d$/);
      await until('the countdown moves', async () => (await countdown.textContent())?.trim() !== first);
      assert.equal(await participant.locator('echo-session [part="join-button"]').count(), 0, 'no join button yet');
      assert.equal(await participant.locator('echo-session [part="open-now-button"]').count(), 0);
      await until('the camera preview while waiting', () => previewPlays(participant));
      await screenshots(participant, 'waiting');

      const facilitator = await openSession(browser, site, hub, sessionId, {
        role: 'facilitator',
        sub: 'dr-fac',
        name: 'Dr. Ana Facilitator',
      });
      const openNow = facilitator.locator('echo-session [part="open-now-button"]');
      await openNow.waitFor();
      assert.equal((await openNow.textContent())?.trim(), en.session.openNow);
      await until('the facilitator’s camera preview', () => previewPlays(facilitator));
      await screenshots(facilitator, 'waiting-facilitator');
      await openNow.click();

      for (const page of [facilitator, participant]) {
        await until('joined', async () => (await logOf(page)).some((e) => e.type === 'echo-session-joined'));
      }
      await until('the spoke sees the facilitator’s video', () => playsVideoOf(participant, 'dr-fac'), 30_000);
      await until('the facilitator sees the spoke’s video', () => playsVideoOf(facilitator, 'spoke-1'), 30_000);
      assert.deepEqual(
        (await logOf(participant)).filter((e) => e.type === 'echo-error'),
        [],
        'the participant page joined without an error',
      );
      const session = await hubFetch(hub.url, 'GET', `/v1/sessions/${sessionId}`, { token: hub.apiKey });
      assert.equal(session.body.openedBy.id, 'dr-fac', 'the hub recorded who opened it');
    });
  },
);

describe('<echo-session> on a hub without video', () => {
  let hub: TestHub;
  let browser: Browser;
  let site: BundledPage;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    hub = await startTestHub(); // no LiveKit: joining answers 503 livekit_not_configured
    site = await servePage();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await hub?.close();
  });

  test('the user reads who can fix it, the host gets the code, the preview stays, nothing retries', async () => {
    const sessionId = await createLiveTestSession(hub, { title: 'HCV ECHO: no video here' });
    const page = await openSession(browser, site, hub, sessionId, { role: 'participant', sub: 'spoke-2', name: 'Kim' });
    await until('the camera preview', () => previewPlays(page));
    const joins: string[] = [];
    page.on('request', (request) => {
      if (/\/v1\/sessions\/[^/]+\/join$/.test(request.url())) joins.push(request.url());
    });
    await page.locator('echo-session [part="join-button"]').click();
    const message = page.locator('echo-session .message.error');
    await message.waitFor();
    assert.equal((await message.textContent())?.trim(), en.session.videoNotSetUp);
    assert.deepEqual(await logOf(page), [{ type: 'echo-error', code: 'livekit_not_configured' }]);
    await until('the preview after the failed join', () => previewPlays(page));
    assert.ok(await page.locator('echo-session [part="join-button"]').isDisabled(), 'join is not offered again');
    await screenshots(page, 'video-not-set-up');
    assert.equal(joins.length, 1, 'one join request, no automatic retries');
  });
});
