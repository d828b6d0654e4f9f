/**
 * End to end: `<echo-session>` in two headless Chromium pages with fake camera and microphone, a real hub and a
 * real livekit-server. What a user would notice: each sees the other's video, a raised hand and a chat message
 * reach the other page, a participant has no screen-share button, and on a 360×640 phone nothing scrolls sideways.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  createLiveTestSession,
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

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' http://127.0.0.1:* ws://127.0.0.1:*; " +
  "media-src 'self' blob: mediastream:; require-trusted-types-for 'script'; trusted-types lit-html";
/** Where screenshots go (pre-join, in session, screen share, 360×640); the committed ones are in ../screenshots. */
const SHOTS = `${process.env.ECHO_SCREENSHOT_DIR ?? join(tmpdir(), 'echo-session-screenshots')}/`;

/** Bundles every element from source (livekit-client ends up in a lazily loaded chunk) and serves a bare page. */
function servePage(): Promise<BundledPage> {
  return serveBundledPage({
    entryPoints: { elements: fileURLToPath(new URL('../../../packages/elements/src/define.ts', import.meta.url)) },
    html:
      '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, ' +
      'initial-scale=1"><title>session</title>' +
      '<script type="module" src="/elements.js"></script><body></body></html>',
    files: { '/axe.js': readFileSync(fileURLToPath(import.meta.resolve('axe-core/axe.min.js')), 'utf8') },
    // A host page with a strict policy: no inline script or style, no eval, Trusted Types required.
    csp: CSP,
  });
}

/** Whether the tile of `identity` plays a video with frames. */
const playsVideoOf = (page: Page, identity: string) =>
  page.evaluate((id) => {
    const root = document.querySelector('echo-session')?.shadowRoot;
    const video = root?.querySelector<HTMLVideoElement>(`[data-identity="${id}"] video`);
    return Boolean(video && video.videoWidth > 0 && !video.paused && video.currentTime > 0);
  }, identity);

const events = (page: Page, type: string) =>
  page.evaluate(
    (t) => (window as unknown as { log: { type: string; detail: unknown }[] }).log.filter((e) => e.type === t),
    type,
  );

describe('<echo-session> over a real LiveKit server', { skip: liveKitSkip() }, () => {
  let hub: TestHub;
  let browser: Browser;
  let site: BundledPage;
  let sessionId: string;
  let facilitator: Page;
  let participant: Page;

  async function open(role: Role, sub: string, name: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1024, height: 720 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[${sub}] page error:`, error.message));
    await page.goto(site.url);
    const token = await hub.mint({ role, sub, name });
    await page.evaluate(
      ([hubUrl, t, id]) => {
        const log: { type: string; detail: unknown }[] = [];
        (window as unknown as { log: typeof log }).log = log;
        document.addEventListener('securitypolicyviolation', (e) =>
          log.push({ type: 'csp', detail: `${e.violatedDirective} ${e.blockedURI}` }),
        );
        for (const type of ['echo-session-joined', 'echo-session-left', 'echo-hand-raised', 'echo-error']) {
          document.addEventListener(type, (e) =>
            log.push({
              type,
              detail: JSON.parse(
                JSON.stringify((e as CustomEvent).detail, (k, v) => (k === 'session' ? undefined : v)),
              ),
            }),
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

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    hub = await startTestHub({ livekit: true });
    sessionId = await createLiveTestSession(hub, { title: 'HCV ECHO: cirrhosis case review' });
    site = await servePage();
    browser = await launchChromium();
    facilitator = await open('facilitator', 'dr-fac', 'Dr. Ana Facilitator');
    participant = await open('participant', 'spoke-1', 'Sam Spoke');
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await hub?.close();
  });

  test('pre-join: title, live camera preview, mic meter, device pickers; livekit-client not loaded yet', async () => {
    const page = facilitator;
    await page.locator('echo-session [part="title"]').filter({ hasText: 'cirrhosis case review' }).waitFor();
    await until('camera preview plays', () =>
      page.evaluate(() => {
        const v = document
          .querySelector('echo-session')
          ?.shadowRoot?.querySelector<HTMLVideoElement>('[part="preview"]');
        return Boolean(v && v.videoWidth > 0);
      }),
    );
    assert.equal(await page.locator('echo-session [part="meter"]').count(), 1);
    assert.ok((await page.locator('echo-session [part="device-select"]').count()) >= 2, 'camera + microphone pickers');
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    assert.ok(!scripts.some((s) => /livekit/i.test(s)), `no livekit chunk before join: ${scripts.join(', ')}`);
    await page.screenshot({ path: `${SHOTS}prejoin.png` });
    await page.setViewportSize({ width: 360, height: 640 });
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'pre-join fits a phone');
    await page.screenshot({ path: `${SHOTS}prejoin-360.png` });
    await page.setViewportSize({ width: 1024, height: 720 });
  });

  test('both join; each sees the other’s video; only the facilitator has a screen-share button', async () => {
    await facilitator.locator('echo-session [part="join-button"]').click();
    await participant.locator('echo-session [part="join-button"]').click();
    for (const page of [facilitator, participant]) {
      await until('joined event', async () => (await events(page, 'echo-session-joined')).length === 1);
    }
    await until('facilitator sees the spoke’s video', () => playsVideoOf(facilitator, 'spoke-1'));
    await until('spoke sees the facilitator’s video', () => playsVideoOf(participant, 'dr-fac'));
    assert.equal(await participant.locator('echo-session [part~="control-screen"]').count(), 0);
    assert.equal(await facilitator.locator('echo-session [part~="control-screen"]').count(), 1);
  });

  test('a raised hand and a chat message reach the other page', async () => {
    await participant.locator('echo-session [part~="control-hand"]').click();
    await facilitator.locator('echo-session [data-identity="spoke-1"] .badge.hand').waitFor();
    const hands = await until('hand event', async () =>
      (await events(facilitator, 'echo-hand-raised')).find(
        (e) => (e.detail as { hand: { identity: string } }).hand.identity === 'spoke-1',
      ),
    );
    assert.equal((hands.detail as { raised: boolean }).raised, true);

    await participant.locator('echo-session [part~="control-chat"]').click();
    await participant.locator('echo-session #chat-input').fill('Could you repeat the FIB-4 score?');
    await participant.locator('echo-session #chat-input').press('Enter');
    await facilitator.locator('echo-session [part~="control-people"]').click();
    await facilitator.locator('echo-session [part="hands"] li').filter({ hasText: 'Sam Spoke' }).waitFor();
    await facilitator.locator('echo-session [part~="control-chat"]').click();
    await facilitator
      .locator('echo-session [part="chat-message"]')
      .filter({ hasText: 'Could you repeat the FIB-4 score?' })
      .waitFor();
    await facilitator.screenshot({ path: `${SHOTS}in-session.png` });
    await facilitator.locator('echo-session [part~="control-chat"]').click();
    await facilitator.screenshot({ path: `${SHOTS}in-session-grid.png` });
  });

  test('the facilitator mutes the participant from the participant list', async () => {
    await facilitator.locator('echo-session [part~="control-people"]').click();
    await facilitator.locator('echo-session [part="mute-participant-button"]').click();
    await participant
      .locator('echo-session [part~="control-microphone"][aria-pressed="true"]')
      .waitFor({ timeout: 15_000 });
    await facilitator.locator('echo-session [data-identity="spoke-1"] .badge.muted').waitFor();
    await facilitator.locator('echo-session [part~="control-people"]').click();
  });

  test('the facilitator shares the screen with the Share button: the others get the focus layout', async () => {
    // Real getDisplayMedia(): headless Chromium with --use-fake-ui-for-media-stream and
    // --use-fake-device-for-media-stream (CHROMIUM_ARGS) auto-accepts the picker and captures its fake screen
    // (displaySurface "monitor", 1280×720), so this goes through the element's button and LiveKit's own capture.
    await facilitator.locator('echo-session [part~="control-screen"][aria-pressed="false"]').click();
    await facilitator.locator('echo-session [part~="control-screen"][aria-pressed="true"]').waitFor();
    const surface = await facilitator.evaluate(
      () =>
        document
          .querySelector('echo-session')!
          .session?.room.localParticipant.getTrackPublication('screen_share' as never)
          ?.track?.mediaStreamTrack.getSettings().displaySurface,
    );
    assert.equal(surface, 'monitor', 'a real display capture, not a canvas');
    await until('the participant sees the shared screen', () =>
      participant.evaluate(() => {
        const root = document.querySelector('echo-session')?.shadowRoot;
        const video = root?.querySelector<HTMLVideoElement>('[part="screen"] video');
        return Boolean(video && video.videoWidth > 0 && root?.querySelector('[part="filmstrip"] [part~="tile"]'));
      }),
    );
    await participant.screenshot({ path: `${SHOTS}screen-share.png` });
    await facilitator.locator('echo-session [part~="control-screen"][aria-pressed="true"]').click();
    await participant.locator('echo-session [part="grid"]').waitFor();
  });

  test('reconnection: livekit-server restarts; the banner shows, then the call recovers without a reload', async () => {
    const watch = (page: Page) =>
      page.evaluate(() => {
        const w = window as unknown as { sawReconnecting: boolean };
        w.sawReconnecting = false;
        setInterval(() => {
          const root = document.querySelector('echo-session')?.shadowRoot;
          if (root?.querySelector('[part~="banner-reconnecting"]')) w.sawReconnecting = true;
        }, 50);
      });
    await watch(participant);
    await hub.livekit!.restart();
    await until(
      'the reconnecting banner',
      () => participant.evaluate(() => (window as unknown as { sawReconnecting: boolean }).sawReconnecting),
      30_000,
    );
    await until(
      'the reconnecting banner goes away',
      () =>
        participant.evaluate(
          () => !document.querySelector('echo-session')?.shadowRoot?.querySelector('[part~="banner-reconnecting"]'),
        ),
      30_000,
    );
    await until('video plays again', () => playsVideoOf(participant, 'dr-fac'), 30_000);
    assert.equal(await participant.locator('echo-session [part~="control-leave"]').count(), 1, 'still in the call');
  });

  test('low-bandwidth mode can be switched on and off in the call: video goes away and comes back', async () => {
    await participant.locator('echo-session [part~="control-low-bandwidth"]').click();
    await participant.locator('echo-session [part~="banner-low-bandwidth"]').waitFor();
    await until(
      'no remote video while audio only',
      async () => !(await participant.locator('echo-session [data-identity="dr-fac"] video').count()),
    );
    assert.equal(await participant.locator('echo-session [data-identity="dr-fac"] .avatar').count(), 1);
    await participant.locator('echo-session [part~="control-low-bandwidth"]').click();
    await until('video plays again', () => playsVideoOf(participant, 'dr-fac'));
    assert.equal(await participant.locator('echo-session [part~="banner-low-bandwidth"]').count(), 0);
  });

  test('nothing broke the host page’s strict Content-Security-Policy (with Trusted Types)', async () => {
    for (const page of [facilitator, participant]) assert.deepEqual(await events(page, 'csp'), []);
  });

  test('the in-session view has no axe violations', async () => {
    // import() is no Trusted Types sink, so axe loads under the page's policy (a <script src> would not).
    await facilitator.evaluate((url) => import(url), '/axe.js');
    const violations = await facilitator.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(e: Element): Promise<{ violations: { id: string }[] }> } }).axe;
      return (await axe.run(document.querySelector('echo-session')!)).violations.map((v) => v.id);
    });
    assert.deepEqual(violations, []);
  });

  test('at 360×640 nothing scrolls sideways and controls, speaker and panels fit', async () => {
    await participant.setViewportSize({ width: 360, height: 640 });
    const fits = () =>
      participant.evaluate(() => {
        const root = document.querySelector('echo-session')!.shadowRoot!;
        const boxes = [...root.querySelectorAll('[part~="control"], [part~="tile"], [part~="panel"]')].map((e) =>
          e.getBoundingClientRect(),
        );
        return {
          scrollWidth: document.documentElement.scrollWidth,
          overflowing: boxes.filter((b) => b.width > 0 && (b.left < 0 || b.right > 360.5)).length,
          count: boxes.length,
        };
      });
    await participant.screenshot({ path: `${SHOTS}mobile-chat.png` });
    let result = await fits();
    assert.ok(result.scrollWidth <= 360, `scrollWidth ${result.scrollWidth}`);
    assert.equal(result.overflowing, 0);
    await participant.locator('echo-session [part~="control-chat"]').click(); // close the chat: the grid shows
    await until('speaker tile visible', () => playsVideoOf(participant, 'dr-fac'));
    result = await fits();
    assert.ok(result.scrollWidth <= 360, `scrollWidth ${result.scrollWidth}`);
    assert.equal(result.overflowing, 0);
    await participant.screenshot({ path: `${SHOTS}mobile.png` });
  });

  test('leaving emits echo-session-left and shows a way back in', async () => {
    await participant.locator('echo-session [part~="control-leave"]').click();
    const left = await until('left event', async () => (await events(participant, 'echo-session-left'))[0]);
    assert.equal((left.detail as { reason: string }).reason, 'client_initiated');
    await participant.getByText('You left the session.').waitFor();
  });
});
