// SMART sessions that fail clearly, end to end in headless Chromium with a real hub: the chart launches the SMART app
// in a cross-origin iframe, the app gives <echo-case-form> the patient context as a promise, and the sandbox's strict
// SMART server expires, revokes or narrows the session on demand. Checked for each case: the element shows its own
// translated message with "Launch again" (never a blank form or "not found"); narrowed scopes pre-fill what they
// cover and name what the EHR did not share; a token near its expiry is refreshed first; "Launch again" brings the
// form back. Screenshots go to $SMART_FAILURES_SCREENSHOT_DIR (default <tmp>/smart-failures-screenshots).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { en } from '@teleecho/elements';
import { launchChromium, startTestHub, until } from '@teleecho/test-kit';
import type { TestHub } from '@teleecho/test-kit';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { PATIENTS_DIR } from './patients.js';
import { startSandboxEhr } from './server.js';
import type { SandboxEhr } from './server.js';

const SHOTS = process.env.SMART_FAILURES_SCREENSHOT_DIR ?? join(tmpdir(), 'smart-failures-screenshots');
const HCV = (
  JSON.parse(readFileSync(join(PATIENTS_DIR, 'planted.json'), 'utf8')) as {
    patients: Record<string, { patientId: string }>;
  }
).patients['hcv.json']!.patientId;

let hub: TestHub;
let ehr: SandboxEhr;
let browser: Browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  hub = await startTestHub();
  ehr = await startSandboxEhr({
    hub: {
      url: hub.url,
      programId: hub.demo.programId,
      mintToken: () => hub.mint({ role: 'presenter', sub: 'sandbox-clinician', name: 'Dr. Sandbox Clinician' }),
    },
  });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await ehr?.close();
  await hub?.close();
});

interface Opened {
  page: Page;
  context: BrowserContext;
  app: FrameLocator;
  problems: string[];
}

/** A browser context on the chart of the HCV patient, with script errors and CSP violations collected. */
async function openChart(): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Trusted Type|Refused/i.test(m.text())) problems.push(m.text());
  });
  await page.goto(`${ehr.ehrUrl}/?patient=${HCV}`);
  await page.locator('body[data-ready="true"]').waitFor();
  return { page, context, problems, app: page.frameLocator('#app-frame') };
}

/** Presses "Present to ECHO" in the chart. */
const present = (page: Page) => page.getByRole('button', { name: 'Present to ECHO' }).click();

/** The case form's error box, once shown. */
async function errorShown(app: FrameLocator): Promise<string> {
  const box = app.locator('echo-case-form [part="error"]');
  await box.waitFor({ timeout: 30_000 });
  return ((await box.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Picks the hepatitis C template and waits for the fill-in step. */
async function pickTemplate(app: FrameLocator): Promise<void> {
  await app
    .locator('echo-case-form [part~="template-button"]', { hasText: /hepatitis c/i })
    .first()
    .click({ timeout: 30_000 });
  await app.locator('echo-case-form form[part="form"]').waitFor({ timeout: 20_000 });
}

/** How many fields were pre-filled from the record. */
const prefilledCount = (app: FrameLocator) => app.locator('echo-case-form [part="source"]').count();

/** Runs `change` on the sandbox's FHIR batch request just before the server answers it. */
async function onBatch(context: BrowserContext, change: () => Promise<void> | void): Promise<void> {
  await context.route(`${ehr.fhirBaseUrl}`, async (route) => {
    if (route.request().method() === 'POST') await change();
    await route.continue();
  });
  await context.route(`${ehr.fhirBaseUrl}/`, async (route) => {
    if (route.request().method() === 'POST') await change();
    await route.continue();
  });
}

const FHIR_FROM = () => ehr.fhirRequests.length;

describe('SMART sessions that fail clearly: <echo-case-form> in the sandbox EHR', () => {
  test('successful path: launch with online_access → pre-filled form, no notice, no error', async () => {
    const { page, app, problems, context } = await openChart();
    const grants = ehr.auth.tokenRequests.length;
    await present(page);
    await pickTemplate(app);
    assert.ok((await prefilledCount(app)) >= 1, 'pre-filled from the record');
    assert.equal(await app.locator('echo-case-form [part~="unread-notice"]').count(), 0);
    assert.equal(await app.locator('echo-case-form [part="error"]').count(), 0);
    const tokens = ehr.auth.tokenRequests.slice(grants);
    assert.deepEqual(
      tokens.map((t) => `${t.grantType} ${t.status}`),
      ['authorization_code 200'],
    );
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('expired token (the batch is answered 401 after its lifetime): "session expired" and Launch again', async () => {
    ehr.auth.configure({ onlineAccess: false }); // nothing to refresh with
    const { page, app, problems, context } = await openChart();
    try {
      await context.clock.install();
      const seen = FHIR_FROM();
      await onBatch(context, async () => {
        // The token's hour passes while the request is on its way; the server expires it too.
        await context.clock.fastForward(3_700_000);
        ehr.auth.expireAccessTokens();
      });
      await present(page);
      const text = await errorShown(app);
      assert.ok(text.includes(en.caseForm.smartExpired), text);
      assert.doesNotMatch(text, /not_found|could not be read:/);
      assert.equal(await app.getByRole('button', { name: en.caseForm.launchAgain }).count(), 1);
      assert.equal(await app.locator('echo-case-form form[part="form"]').count(), 0, 'no blank form');
      const calls = ehr.fhirRequests.slice(seen);
      assert.deepEqual(
        calls.map((c) => `${c.method} ${c.status}`),
        ['POST 401'],
        'one batch answered 401, no fallback to single GETs',
      );
      await page.screenshot({ path: join(SHOTS, 'expired.png') });
      assert.deepEqual(problems, []);
    } finally {
      ehr.auth.configure({ onlineAccess: true });
      await context.close();
    }
  });

  test('revoked token (the refresh is refused too): its own message; Launch again brings the form back', async () => {
    const { page, app, problems, context } = await openChart();
    await onBatch(context, () => void ehr.auth.revokeAll());
    const grants = ehr.auth.tokenRequests.length;
    await present(page);
    const text = await errorShown(app);
    assert.ok(text.includes(en.caseForm.smartRevoked), text);
    assert.ok(!text.includes(en.caseForm.smartExpired));
    assert.deepEqual(
      ehr.auth.tokenRequests.slice(grants).map((t) => `${t.grantType} ${t.status}`),
      ['authorization_code 200', 'refresh_token 400'],
      'the SDK tried its refresh token before giving up',
    );
    await page.screenshot({ path: join(SHOTS, 'revoked.png') });

    // The EHR lets the user in again: "Launch again" goes back to the launch URL, a new grant, the form.
    await context.unrouteAll();
    await app.getByRole('button', { name: en.caseForm.launchAgain }).click();
    await pickTemplate(app);
    assert.ok((await prefilledCount(app)) >= 1, 'pre-filled after the new launch');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('narrowed scopes: what is granted is pre-filled, the rest is named in a notice and never asked for', async () => {
    ehr.auth.configure({
      grantScopes: 'patient/Patient.rs patient/Condition.rs patient/Observation.rs?category=laboratory',
    });
    const { page, app, problems, context } = await openChart();
    try {
      const seen = FHIR_FROM();
      await present(page);
      await pickTemplate(app);
      const notice = app.locator('echo-case-form [part~="unread-notice"]');
      assert.equal(
        ((await notice.textContent()) ?? '').trim(),
        en.caseForm.unreadSections('medications, allergies, and vital signs', 3),
      );
      assert.ok((await prefilledCount(app)) >= 1, 'lab results still pre-fill the form');
      const [batch] = ehr.fhirRequests.slice(seen);
      assert.deepEqual(
        batch!.entries!.map((e) => e.url.split('?')[0]),
        ['Patient/' + HCV, 'Condition', 'Observation'],
        'only what the scopes cover was asked for',
      );
      assert.ok(batch!.entries!.every((e) => e.status === 200));
      const summary = (await app.locator('#sections').textContent()) ?? '';
      assert.match(summary, /Not shared by the EHR .*medications, allergies, vital signs/);
      await page.screenshot({ path: join(SHOTS, 'narrowed.png') });
      assert.deepEqual(problems, []);
    } finally {
      ehr.auth.configure({ grantScopes: null });
      await context.close();
    }
  });

  test('scopes without the patient record: "access not granted", before any FHIR request', async () => {
    ehr.auth.configure({ grantScopes: 'patient/Condition.rs' });
    const { page, app, context } = await openChart();
    try {
      const seen = FHIR_FROM();
      await present(page);
      const text = await errorShown(app);
      assert.ok(text.includes(en.caseForm.smartForbidden), text);
      assert.equal(ehr.fhirRequests.length, seen, 'nothing was asked of the FHIR server');
    } finally {
      ehr.auth.configure({ grantScopes: null });
      await context.close();
    }
  });

  test('refresh before expiry: a token with 45 s left is refreshed before the context is fetched', async () => {
    ehr.auth.configure({ tokenTtlSeconds: 45 }); // under the SDK's 60 s margin
    const { page, app, problems, context } = await openChart();
    try {
      const grants = ehr.auth.tokenRequests.length;
      const seen = FHIR_FROM();
      await present(page);
      await pickTemplate(app);
      assert.ok((await prefilledCount(app)) >= 1);
      const tokens = await until('the refresh', async () => {
        const list = ehr.auth.tokenRequests.slice(grants).map((t) => `${t.grantType} ${t.status}`);
        return list.length >= 2 ? list : undefined;
      });
      assert.deepEqual(tokens.slice(0, 2), ['authorization_code 200', 'refresh_token 200']);
      assert.ok(
        ehr.fhirRequests.slice(seen).every((r) => r.status === 200),
        'every FHIR request carried a good token',
      );
      assert.deepEqual(problems, []);
    } finally {
      ehr.auth.configure({ tokenTtlSeconds: 3600 });
      await context.close();
    }
  });
});
