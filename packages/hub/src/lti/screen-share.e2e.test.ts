// Screen sharing where the host forbids it, in real Chromium: the LTI session page inside the course page's iframe.
// Moodle's "Embed" iframe allows camera and microphone but not `display-capture`; there <echo-session> says
// "Screen sharing needs this session in its own window" (to those who may share) and its button opens the session
// page in a window of its own (`/lti/window?ticket=…`), where the screen can be shared. In a frame that allows
// `display-capture` the normal screen-share control is there — and, with real LiveKit, shares the screen.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { hubFetch, launchChromium, requireLiveKit, startTestHub, type TestHub } from '@teleecho/test-kit';
import { MOODLE_IFRAME_ALLOW, startTestLtiPlatform, type TestLtiPlatform } from '@teleecho/test-kit/lti-platform';

const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor';
const NOTE = 'Screen sharing needs this session in its own window';
const withLiveKit = requireLiveKit();

describe('screen sharing from the LTI session page in an LMS iframe', () => {
  let hub: TestHub;
  let platform: TestLtiPlatform;
  let browser: Browser;
  let sessionId: string;
  const contexts: BrowserContext[] = [];

  /** Opens the course page with the tool framed under `allow`, launched for `spec`; returns the frame. */
  async function course(
    allow: string,
    spec: { sub: string; name: string; roles: string[]; locale?: string },
  ): Promise<{ page: Page; context: BrowserContext; frame: FrameLocator }> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(
      platform.framePage(platform.loginUrl(hub.url, { ...spec, custom: { session_id: sessionId } }), { allow }),
    );
    const frame = page.frameLocator('#tool');
    await frame.locator('echo-session [part="join-button"]').waitFor({ timeout: 60_000 });
    return { page, context, frame };
  }

  before(async () => {
    [hub, platform, browser] = await Promise.all([
      startTestHub(withLiveKit ? { livekit: true } : {}),
      startTestLtiPlatform(),
      launchChromium(),
    ]);
    const session = await hubFetch(hub.url, 'POST', `/v1/programs/${hub.demo.programId}/sessions`, {
      token: hub.apiKey,
      body: { title: 'HCV ECHO: cirrhosis', topic: 'Staging', startsAt: new Date().toISOString(), durationMinutes: 60 },
    });
    assert.equal(session.status, 201, JSON.stringify(session.body));
    sessionId = session.body.id;
    await hub.hub!.storage.write((tx) =>
      tx.lti.savePlatform({
        id: 'plt_screen',
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
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await platform?.close();
    await hub?.close();
  });

  test('Moodle’s frame: the note and a button that opens the session in its own window; none where allowed', async () => {
    const { context, frame, page } = await course(MOODLE_IFRAME_ALLOW, {
      sub: '21',
      name: 'Dr. Rui Costa',
      roles: [INSTRUCTOR],
    });
    // The frame really may not capture the screen (Chromium's permissions policy), and the element says so.
    const tool = page.frame({ name: 'tool' })!;
    assert.equal(
      await tool.evaluate(() =>
        (document as unknown as { featurePolicy: { allowsFeature(f: string): boolean } }).featurePolicy.allowsFeature(
          'display-capture',
        ),
      ),
      false,
    );
    const note = frame.locator('echo-session [part="screen-window"]');
    await note.waitFor();
    assert.match((await note.textContent()) ?? '', new RegExp(NOTE));
    const button = frame.locator('echo-session [part~="open-window-button"]');
    assert.equal((await button.textContent())?.trim(), 'Open in its own window');

    const [popup] = await Promise.all([context.waitForEvent('page'), button.click()]);
    await popup.waitForLoadState();
    assert.ok(popup.url().startsWith(`${hub.url}/lti/window?ticket=`), popup.url());
    // The same user's session page, top level: the join button, and no note (the screen may be captured here).
    assert.equal(await popup.locator('#lti-user').textContent(), 'Dr. Rui Costa');
    assert.equal(await popup.locator('#lti-role').getAttribute('data-role'), 'facilitator');
    await popup.locator('echo-session [part="join-button"]').waitFor({ timeout: 60_000 });
    assert.equal(await popup.evaluate(() => window.top === window.self), true);
    assert.equal(await popup.locator('echo-session [part="screen-window"]').count(), 0);
    await popup.close();

    // In the launch's language (Moodle's locale "es_mx").
    const spanish = await course(MOODLE_IFRAME_ALLOW, {
      sub: '24',
      name: 'Dra. Inés Ruiz',
      roles: [INSTRUCTOR],
      locale: 'es_mx',
    });
    const nota = spanish.frame.locator('echo-session [part="screen-window"]');
    await nota.waitFor();
    assert.match((await nota.textContent()) ?? '', /Para compartir la pantalla, abra esta sesión en su propia ventana/);
    assert.equal(
      (await spanish.frame.locator('echo-session [part~="open-window-button"]').textContent())?.trim(),
      'Abrir en su propia ventana',
    );
    // A learner cannot share the screen: no note for them in the same frame.
    const learner = await course(MOODLE_IFRAME_ALLOW, { sub: '22', name: 'Ana Souza', roles: ['Learner'] });
    assert.equal(await learner.frame.locator('echo-session [part="screen-window"]').count(), 0);
    // A frame that allows display-capture: no note.
    const allowed = await course(`${MOODLE_IFRAME_ALLOW}; display-capture *`, {
      sub: '23',
      name: 'Dr. Lia Mendes',
      roles: [INSTRUCTOR],
    });
    assert.equal(await allowed.frame.locator('echo-session [part="screen-window"]').count(), 0);
  });

  test(
    'in the call: the note replaces the share control in Moodle’s frame; where allowed the control shares',
    {
      skip: !withLiveKit && 'SKIPPED TIER livekit: livekit-server is not installed',
    },
    async () => {
      const blocked = await course(MOODLE_IFRAME_ALLOW, { sub: '31', name: 'Dr. Rui Costa', roles: [INSTRUCTOR] });
      await blocked.frame.locator('echo-session [part="join-button"]').click();
      await blocked.frame.locator('echo-session [part~="control-leave"]').waitFor({ timeout: 60_000 });
      const inCall = blocked.frame.locator('echo-session [part~="controls"] [part="screen-window"]');
      await inCall.waitFor();
      assert.match((await inCall.textContent()) ?? '', new RegExp(NOTE));
      assert.equal(await blocked.frame.locator('echo-session [part~="control-screen-window"]').count(), 1);
      assert.equal(await blocked.frame.locator('echo-session [part~="control-screen"]').count(), 0);

      const allowed = await course(`${MOODLE_IFRAME_ALLOW}; display-capture *`, {
        sub: '32',
        name: 'Dr. Lia Mendes',
        roles: [INSTRUCTOR],
      });
      await allowed.frame.locator('echo-session [part="join-button"]').click();
      const share = allowed.frame.locator('echo-session [part~="control-screen"]');
      await share.waitFor({ timeout: 60_000 });
      assert.equal((await share.textContent())?.trim(), 'Share screen');
      assert.equal(await allowed.frame.locator('echo-session [part="screen-window"]').count(), 0);
      // Real getDisplayMedia() in the allowed frame (fake picker and screen of CHROMIUM_ARGS).
      await share.click();
      await allowed.frame
        .locator('echo-session [part~="control-screen"][aria-pressed="true"]')
        .waitFor({ timeout: 30_000 });
    },
  );
});
