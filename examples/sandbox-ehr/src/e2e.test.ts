// End to end in headless Chromium: the chart page launches the example SMART app in an iframe
// (iss + launch), the app authorizes with PKCE, gets a token, fetches the case context and shows it.
// Tampered state and a stripped PKCE verifier are refused visibly. Screenshot: SANDBOX_EHR_SCREENSHOT
// (default /tmp/sandbox-ehr-chart.png).
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from '@teleecho/test-kit';
import type { Browser, Page } from 'playwright-core';
import { FIXTURE_PATIENT_ID } from './patients.js';
import { startSandboxEhr } from './server.js';
import type { SandboxEhr } from './server.js';

const SCREENSHOT = process.env.SANDBOX_EHR_SCREENSHOT ?? join(tmpdir(), 'sandbox-ehr-chart.png');

let ehr: SandboxEhr;
let browser: Browser;
before(async () => {
  ehr = await startSandboxEhr();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await ehr?.close();
});

/** Opens the chart of the fixture patient and collects page errors and CSP violations. */
async function openChart(
  patientId = FIXTURE_PATIENT_ID,
  blockStorage = false,
): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  if (blockStorage) {
    // What Chromium does to a third-party frame when the user blocks site data: storage access throws.
    await page.addInitScript(`if (location.origin === ${JSON.stringify(ehr.appUrl)}) {
      for (const name of ['sessionStorage', 'localStorage']) {
        Object.defineProperty(window, name, { get() { throw new DOMException('blocked', 'SecurityError'); } });
      }
    }`);
  }
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused/i.test(m.text())) problems.push(m.text());
  });
  await page.goto(`${ehr.ehrUrl}/?patient=${patientId}`);
  await page.locator('body[data-ready="true"]').waitFor();
  return { page, problems };
}

describe('SMART EHR launch in Chromium', () => {
  test('chart → iframe app → authorize → token → case context shown', async () => {
    const { page, problems } = await openChart();
    assert.match((await page.locator('#patient-name').textContent()) ?? '', /FIXTURE, Rosa/);
    assert.match((await page.locator('#problems').textContent()) ?? '', /Chronic hepatitis C/);
    const fhirBefore = ehr.fhirRequests.length;
    assert.equal(await page.locator('#app-pane').isVisible(), false, 'the app pane opens only on request');

    await page.getByRole('button', { name: 'Present to ECHO' }).click();
    await page.locator('#app-pane').waitFor({ state: 'visible' });
    const app = page.frameLocator('#app-frame');
    await app.locator('body[data-state="ready"]').waitFor({ timeout: 20_000 });
    const frameUrl = new URL(page.frame({ url: (u) => u.origin === ehr.appUrl })!.url());
    assert.equal(frameUrl.searchParams.get('code'), null, 'the code is removed from the address bar');

    const text = (await app.locator('main').textContent()) ?? '';
    assert.match(text, /Problem list \(2\)/);
    assert.match(text, /Chronic hepatitis C/);
    assert.match(text, /Medication summary \(2\)/);
    assert.match(text, /sofosbuvir\/velpatasvir/, 'the included Medication resolves the request');
    assert.match(text, /Penicillin/);
    assert.match(text, /HCV RNA/);
    assert.match(text, /Weight: 71.5 kg \(2026\)/, 'clinical values stay; dates keep the year only');
    assert.doesNotMatch(text, /2026-11-18/);
    assert.match(text, /De-identified \(HIPAA Safe Harbor\): \d+ changes/);
    assert.match(text, /Patient: 65 y, female/);
    for (const identifier of ['Rosa', 'Fixture', 'MRN-FX-40021', '505-555-0142', 'Mesa Verde']) {
      assert.ok(!text.includes(identifier), `${identifier} does not appear in the app`);
    }
    assert.equal(await app.locator('#banner').isHidden(), true, 'the EHR shows the banner (need_patient_banner false)');
    const fhirCalls = ehr.fhirRequests.slice(fhirBefore);
    assert.equal(fhirCalls.length, 1, 'the context arrives in one FHIR round trip');
    assert.equal(fhirCalls[0]!.method, 'POST');
    assert.equal(fhirCalls[0]!.status, 200);

    await page.screenshot({ path: SCREENSHOT });
    assert.deepEqual(problems, [], 'no script errors or CSP violations');
    await page.close();
  });

  test('on a 360 px phone the chart does not scroll sideways and the teleECHO panel stacks full width', async () => {
    const { page, problems } = await openChart();
    await page.setViewportSize({ width: 360, height: 640 });
    const sideways = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(await sideways(), 0, 'the chart fits 360 px');
    await page.getByRole('button', { name: 'Present to ECHO' }).click();
    await page.frameLocator('#app-frame').locator('body[data-state="ready"]').waitFor({ timeout: 20_000 });
    const pane = (await page.locator('#app-pane').boundingBox())!;
    const chart = (await page.locator('.columns').boundingBox())!;
    assert.ok(pane.width >= 320, `the panel gets the width of the phone (${pane.width} px)`);
    assert.ok(pane.y >= chart.y + chart.height, 'the panel sits under the chart');
    assert.equal(await sideways(), 0, 'still no sideways scrolling with the panel open');
    const inView = await page.locator('#app-pane').evaluate((el) => el.getBoundingClientRect().top < innerHeight);
    assert.ok(inView, 'opening the panel brings it into view');
    await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-360.png') });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('works with blocked frame storage (window.name fallback); shows 90+ for a patient over 89', async () => {
    const { page, problems } = await openChart('pat-pall-005', true);
    await page.getByRole('button', { name: 'Present to ECHO' }).click();
    const app = page.frameLocator('#app-frame');
    await app.locator('body[data-state="ready"]').waitFor({ timeout: 20_000 });
    const text = (await app.locator('main').textContent()) ?? '';
    assert.match(text, /Patient: 90\+/);
    assert.match(text, /De-identified/);
    const frame = page.frame({ url: (u) => u.origin === ehr.appUrl })!;
    assert.equal(await frame.evaluate(() => window.name), '', 'window.name is given back after the launch');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a tampered state is refused visibly, and nothing is fetched', async () => {
    const { page } = await openChart();
    // Playwright does not route redirect targets, so answer the authorize request ourselves and
    // redirect back to the app with the state changed, as an attacker in the middle would.
    await page.route(`${ehr.ehrUrl}/auth/authorize**`, async (route) => {
      const response = await route.fetch({ maxRedirects: 0 });
      const back = new URL(response.headers().location!);
      back.searchParams.set('state', `${back.searchParams.get('state')}tampered`);
      return route.fulfill({ status: 302, headers: { location: back.toString() } });
    });
    const fhirBefore = ehr.fhirRequests.length;
    await page.getByRole('button', { name: 'Present to ECHO' }).click();
    const alert = page.frameLocator('#app-frame').getByRole('alert');
    await alert.waitFor({ timeout: 20_000 });
    assert.match((await alert.textContent()) ?? '', /Launch refused \(smart_state_mismatch\)/);
    assert.equal(ehr.fhirRequests.length, fhirBefore, 'no FHIR call was made');
    await page.close();
  });

  test('a launch link naming another issuer is refused visibly', async () => {
    const page = await browser.newPage();
    const contacted: string[] = [];
    page.on('request', (r) => contacted.push(new URL(r.url()).origin));
    await page.goto(`${ehr.appUrl}/?iss=${encodeURIComponent('https://evil.example/fhir')}&launch=x`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /smart_issuer_not_allowed/);
    assert.ok(!contacted.includes('https://evil.example'), 'the foreign issuer was never contacted');
    await page.close();
  });

  test('a token request without the PKCE verifier is refused visibly', async () => {
    const { page } = await openChart();
    await page.route(`${ehr.ehrUrl}/auth/token`, async (route) => {
      const form = new URLSearchParams(route.request().postData() ?? '');
      form.delete('code_verifier');
      return route.continue({ postData: form.toString() });
    });
    const fhirBefore = ehr.fhirRequests.length;
    await page.getByRole('button', { name: 'Present to ECHO' }).click();
    const alert = page.frameLocator('#app-frame').getByRole('alert');
    await alert.waitFor({ timeout: 20_000 });
    assert.match((await alert.textContent()) ?? '', /Launch refused \(smart_token_failed\).*code_verifier/);
    assert.equal(ehr.fhirRequests.length, fhirBefore, 'no FHIR call was made');
    await page.close();
  });
});
