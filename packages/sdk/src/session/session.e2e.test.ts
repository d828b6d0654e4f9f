/**
 * End to end: a real hub, a real livekit-server and headless Chromium pages with fake camera and
 * microphone, driving the SDK's session layer the way an app would.
 */
import assert from 'node:assert/strict';
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
import type { Browser, Page } from 'playwright-core';
import type { Role } from '../types.js';
import type { LoggedEvent } from './e2e-page.js';

/** Bundles the test page from source (livekit-client lands in its own lazily loaded chunk). */
function servePage(): Promise<BundledPage> {
  return serveBundledPage({
    entryPoints: { page: fileURLToPath(new URL('./e2e-page.ts', import.meta.url)) },
    html: '<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="/page.js"></script>',
  });
}

const events = (page: Page, name: string): Promise<LoggedEvent[]> =>
  page.evaluate((n) => window.echoTest.log.filter((e) => e.event === n), name);
const bytes = (page: Page) => page.evaluate(() => window.echoTest.inboundBytes());
const call = (page: Page, method: string, ...args: unknown[]) =>
  page.evaluate(([m, a]) => window.echoTest.call(m as string, ...(a as unknown[])), [method, args] as const);

/**
 * In a page (a string: tsx would add helpers the page does not have): from now on `getUserMedia` answers a request
 * for video with a live canvas track that is never painted (no frame ever); `window.restoreGetUserMedia()` undoes it.
 */
const FRAMELESS_NEW_CAMERAS = `(() => {
  const media = navigator.mediaDevices;
  const real = media.getUserMedia.bind(media);
  window.restoreGetUserMedia = () => { media.getUserMedia = real; };
  media.getUserMedia = async (constraints) => {
    if (!constraints || !constraints.video) return real(constraints);
    const canvas = Object.assign(document.createElement('canvas'), { width: 640, height: 480 });
    return canvas.captureStream(0);
  };
})()`;

describe('session layer over a real LiveKit server', { skip: liveKitSkip() }, () => {
  let hub: TestHub;
  let browser: Browser;
  let site: BundledPage;
  let sessionId: string;
  const pages = {} as Record<'facilitator' | 'participant' | 'observer' | 'secondTab', Page>;

  async function openAs(role: Role, sub: string): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[${sub}] page error:`, error.message));
    await page.goto(site.url);
    await page.waitForFunction(() => document.title === 'ready');
    const token = await hub.mint({ role, sub, name: `${role} ${sub}` });
    const identity = await page.evaluate(([h, t, s]) => window.echoTest.join(h!, t!, s!), [
      hub.url,
      token,
      sessionId,
    ] as const);
    assert.equal(identity, sub);
    return page;
  }

  before(async () => {
    hub = await startTestHub({ livekit: true });
    sessionId = await createLiveTestSession(hub);
    site = await servePage();
    browser = await launchChromium();
    pages.facilitator = await openAs('facilitator', 'dr-fac');
    pages.participant = await openAs('participant', 'spoke-1');
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await hub?.close();
  });

  test('two people see and hear each other: video frames play and audio + video bytes arrive', async () => {
    for (const [name, page] of Object.entries(pages)) {
      await until(`${name} subscribes to remote audio and video`, async () => {
        const subscribed = await events(page, 'trackSubscribed');
        const kinds = new Set(subscribed.map((e) => (e.detail as { kind: string }).kind));
        return kinds.has('audio') && kinds.has('video');
      });
      await until(`${name} renders remote video`, () => page.evaluate(() => window.echoTest.playingVideos() > 0));
      const first = await bytes(page);
      await until(`${name} receives more media`, async () => {
        const now = await bytes(page);
        return now.audio > first.audio && now.video > first.video;
      });
    }
    const seen = await pages.facilitator.evaluate(() => window.echoTest.participants());
    assert.deepEqual(
      seen.map((p) => [p.identity, p.role]),
      [
        ['dr-fac', 'facilitator'],
        ['spoke-1', 'participant'],
      ],
    );
  });

  test('a raised hand and a chat message reach the other page', async () => {
    assert.equal(await call(pages.participant, 'raiseHand'), 'ok');
    await until('facilitator sees the hand', async () =>
      (await pages.facilitator.evaluate(() => window.echoTest.hands())).some((h) => h.identity === 'spoke-1'),
    );
    assert.equal(await call(pages.facilitator, 'sendChat', 'Welcome to HCV ECHO'), 'ok');
    const chat = await until('participant gets the chat', async () =>
      (await events(pages.participant, 'chatMessage')).find((e) => (e.detail as { local: boolean }).local === false),
    );
    assert.deepEqual(
      [(chat.detail as { from: string }).from, (chat.detail as { text: string }).text],
      ['dr-fac', 'Welcome to HCV ECHO'],
    );
    assert.equal(await call(pages.facilitator, 'lowerAllHands'), 'ok');
    await until(
      'participant sees its hand lowered',
      async () => (await pages.participant.evaluate(() => window.echoTest.hands())).length === 0,
    );
  });

  test('the facilitator mutes a participant: the microphone goes off and they are told', async () => {
    assert.equal(await call(pages.participant, 'lowerAllHands'), 'not_allowed');
    assert.equal(await call(pages.facilitator, 'muteParticipant', 'spoke-1'), 'ok');
    await until('participant is told', async () => (await events(pages.participant, 'mutedByFacilitator')).length > 0);
    await until('participant microphone is muted', () =>
      pages.participant.evaluate(() => window.echoTest.microphoneMuted()),
    );
    await until('facilitator sees the mute', async () =>
      (await events(pages.facilitator, 'trackMutedChanged')).some((e) => {
        const d = e.detail as { participant: { identity: string }; source: string; muted: boolean };
        return d.participant.identity === 'spoke-1' && d.source === 'microphone' && d.muted;
      }),
    );
  });

  test('a facilitator’s screen share (a canvas track through the same code path) reaches the participant', async () => {
    assert.equal(await pages.facilitator.evaluate(() => window.echoTest.shareCanvas()), 'ok');
    await until('participant receives the screen share', async () =>
      (await events(pages.participant, 'trackSubscribed')).some(
        (e) => (e.detail as { source: string }).source === 'screen_share',
      ),
    );
    await until('the participant sees the facilitator sharing', async () =>
      (await pages.participant.evaluate(() => window.echoTest.participants())).some(
        (p) => p.identity === 'dr-fac' && p.screenSharing,
      ),
    );
    assert.equal(await call(pages.facilitator, 'setScreenShareEnabled', false), 'ok');
    await until('the share stops', async () =>
      (await events(pages.participant, 'trackUnsubscribed')).some(
        (e) => (e.detail as { source: string }).source === 'screen_share',
      ),
    );
  });

  test('a participant cannot share the screen; an observer cannot publish or chat but receives media', async () => {
    assert.equal(await call(pages.participant, 'setScreenShareEnabled', true), 'not_allowed');
    // going around the SDK does not help: LiveKit enforces the hub's grants
    assert.match(await pages.participant.evaluate(() => window.echoTest.shareCanvas(true)), /^refused/);
    pages.observer = await openAs('observer', 'watcher');
    assert.equal(await call(pages.observer, 'setMicrophoneEnabled', true), 'not_allowed');
    assert.equal(await call(pages.observer, 'setCameraEnabled', true), 'not_allowed');
    assert.equal(await call(pages.observer, 'sendChat', 'hello'), 'not_allowed');
    await until('observer receives video', async () => (await bytes(pages.observer)).video > 0);
    const published = await events(pages.observer, 'localTrackPublished');
    assert.deepEqual(published, []);
    const watcher = await until('facilitator sees the observer', async () =>
      (await pages.facilitator.evaluate(() => window.echoTest.participants())).find((p) => p.identity === 'watcher'),
    );
    assert.equal(watcher.role, 'observer');
    assert.ok(!watcher.microphoneEnabled && !watcher.cameraEnabled, 'observer publishes nothing');
    await pages.observer.evaluate(() => window.echoTest.call('leave'));
  });

  // How much still arrives in low-bandwidth mode (kbit/s) is measured by `npm run bench` (session), not here.
  test('low-bandwidth mode: the camera video is unsubscribed while audio keeps flowing, and comes back', async () => {
    assert.equal(await call(pages.participant, 'setLowBandwidth', true), 'ok');
    await until('facilitator sees the camera go away', async () =>
      (await pages.facilitator.evaluate(() => window.echoTest.participants())).some(
        (p) => p.identity === 'spoke-1' && !p.cameraEnabled,
      ),
    );
    const cameraOfFacilitator = (e: LoggedEvent) => {
      const d = e.detail as { kind: string; source: string; participant: { identity: string } };
      return d.kind === 'video' && d.source === 'camera' && d.participant.identity === 'dr-fac';
    };
    await until('the participant no longer receives the facilitator’s camera', async () =>
      (await events(pages.participant, 'trackUnsubscribed')).some(cameraOfFacilitator),
    );
    const start = await bytes(pages.participant);
    await until('audio keeps flowing', async () => (await bytes(pages.participant)).audio > start.audio + 2_000);
    assert.equal(await pages.participant.evaluate(() => window.echoTest.lowBandwidth()), true);
    const resubscribed = (await events(pages.participant, 'trackSubscribed')).filter(cameraOfFacilitator).length;
    assert.equal(await call(pages.participant, 'setLowBandwidth', false), 'ok');
    await until(
      'the facilitator’s camera is subscribed again',
      async () =>
        (await events(pages.participant, 'trackSubscribed')).filter(cameraOfFacilitator).length > resubscribed,
    );
    const back = await bytes(pages.participant);
    await until('video flows again', async () => (await bytes(pages.participant)).video > back.video);
  });

  test('reconnection: livekit-server restarts; both pages show reconnecting, then reconnected', async () => {
    // A camera re-acquired a moment after it was released can stay live without delivering a frame (seen in Chromium
    // under load): on the facilitator's page every new camera is such a track from now on, so the participant gets
    // video back only if the full reconnect republishes the healthy camera as it is instead of re-acquiring it.
    await pages.facilitator.evaluate(FRAMELESS_NEW_CAMERAS);
    await hub.livekit!.restart();
    for (const [name, page] of Object.entries({ facilitator: pages.facilitator, participant: pages.participant })) {
      await until(`${name} reconnecting`, async () => (await events(page, 'reconnecting')).length > 0, 30_000);
      await until(`${name} reconnected`, async () => (await events(page, 'reconnected')).length > 0, 30_000);
    }
    // the participant was muted and has its camera off; the facilitator's audio and video reach it
    const first = await bytes(pages.participant);
    await until(
      'media flows after reconnecting',
      async () => {
        const now = await bytes(pages.participant);
        return now.audio > first.audio && now.video > first.video;
      },
      30_000,
    );
    await pages.facilitator.evaluate('window.restoreGetUserMedia()');
  });

  test('a second tab of the same person replaces the first (duplicate_identity), still one person', async () => {
    pages.secondTab = await openAs('participant', 'spoke-1');
    await until('the first tab is told why it was disconnected', async () =>
      (await events(pages.participant, 'disconnected')).find(
        (e) => (e.detail as { reason: string }).reason === 'duplicate_identity',
      ),
    );
    await until('the facilitator sees spoke-1 once', async () => {
      const people = await pages.facilitator.evaluate(() => window.echoTest.participants());
      return people.filter((p) => p.identity === 'spoke-1').length === 1;
    });
  });

  test('leaving and ending: the session ends for the facilitator; attendance shows every interval', async () => {
    assert.equal(await call(pages.secondTab, 'leave'), 'ok');
    assert.equal(await call(pages.facilitator, 'endSession'), 'ok');
    await until(
      'facilitator sees the session end',
      async () => (await events(pages.facilitator, 'sessionEnded')).length > 0,
    );
    const report = await until('attendance closes every interval', async () => {
      const r = await hubFetch(hub.url, 'GET', `/v1/sessions/${sessionId}/attendance`, { token: hub.apiKey });
      const people = r.body.people as { userId: string; present: boolean; intervals: unknown[] }[];
      return people.length === 3 && people.every((p) => !p.present) ? people : undefined;
    });
    assert.deepEqual(report.map((p) => p.userId).sort(), ['dr-fac', 'spoke-1', 'watcher']);
    const spoke = report.find((p) => p.userId === 'spoke-1')!;
    assert.ok(spoke.intervals.length >= 2, 'the reconnect and the second tab are separate intervals of one person');
    const own = await hubFetch(hub.url, 'GET', `/v1/sessions/${sessionId}/attendance`, {
      token: await hub.mint({ role: 'participant', sub: 'spoke-1' }),
    });
    assert.deepEqual(
      own.body.people.map((p: { userId: string }) => p.userId),
      ['spoke-1'],
    );
    const session = await hubFetch(hub.url, 'GET', `/v1/sessions/${sessionId}`, { token: hub.apiKey });
    assert.equal(session.body.status, 'ended');
  });
});
