// "Present to ECHO" end to end in headless Chromium, with a real hub: the chart launches the SMART app in a
// cross-origin iframe (strict CSP with Trusted Types), the app shows <echo-case-form> with the launched patient's
// ORIGINAL context, the element de-identifies it and pre-fills the template, the presenter completes and submits it.
// Checked: pre-filled values are the patient's own (planted.json), none of the patient's planted identifiers reach the
// hub, and a submission whose answer is lost (then the browser goes offline and comes back) creates exactly one case.
// Screenshots go to $CASE_FORM_SCREENSHOT_DIR (default <tmp>/case-form-screenshots).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchChromium, startTestHub, until } from '@teleecho/test-kit';
import type { TestHub } from '@teleecho/test-kit';
import type { Case } from '@teleecho/sdk';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { PATIENTS_DIR } from './patients.js';
import { startSandboxEhr } from './server.js';
import type { SandboxEhr } from './server.js';

const SHOTS = process.env.CASE_FORM_SCREENSHOT_DIR ?? join(tmpdir(), 'case-form-screenshots');

interface Planted {
  patientId: string;
  identifiers: string[];
  clinical: { observations?: { loinc: string; year: string; value: number; comparator?: string }[] };
}
const planted = (
  JSON.parse(readFileSync(join(PATIENTS_DIR, 'planted.json'), 'utf8')) as { patients: Record<string, Planted> }
).patients;
const HCV = planted['hcv.json']!;

let hub: TestHub;
let ehr: SandboxEhr;
let browser: Browser;
let coordinator: string;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  hub = await startTestHub();
  coordinator = await hub.mint({ role: 'coordinator' });
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

async function hubGet<T>(path: string): Promise<T> {
  const res = await fetch(new URL(path, hub.url), { headers: { authorization: `Bearer ${coordinator}` } });
  assert.equal(res.status, 200, `GET ${path}`);
  return (await res.json()) as T;
}
const countCases = async () =>
  (await hubGet<{ items: Case[] }>(`/v1/cases?programId=${hub.demo.programId}&limit=100`)).items.length;

/** Opens the chart, presses "Present to ECHO", picks the hepatitis C template; returns the app frame. */
async function openCaseForm(
  patientId: string,
): Promise<{ page: Page; context: BrowserContext; app: Frame; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Trusted Type|Refused/i.test(m.text())) problems.push(m.text());
  });
  await page.goto(`${ehr.ehrUrl}/?patient=${patientId}`);
  await page.locator('body[data-ready="true"]').waitFor();
  await page.getByRole('button', { name: 'Present to ECHO' }).click();
  const frame = page.frameLocator('#app-frame');
  await frame.locator('body[data-state="ready"]').waitFor({ timeout: 30_000 });
  // No template-id: the element offers the programme's templates.
  await frame
    .locator('echo-case-form [part~="template-button"]', { hasText: /hepatitis c/i })
    .first()
    .click();
  await frame.locator('echo-case-form form[part="form"]').waitFor({ timeout: 20_000 });
  const app = page.frame({ url: (u) => u.origin === ehr.appUrl })!;
  return { page, context, app, problems };
}

/** In the app frame: the pre-filled fields (value and source) of the case form. */
const PREFILLED = `[...document.querySelector('echo-case-form').shadowRoot.querySelectorAll('[part="field"]')]
  .filter((f) => f.querySelector('[part="source"]'))
  .map((f) => ({
    path: f.dataset.path,
    value: f.querySelector('[part~="control"]')?.value ?? '',
    source: f.querySelector('[part="source"]').textContent,
  }))`;
const prefilled = (app: Frame) => app.evaluate(PREFILLED) as Promise<{ path: string; value: string; source: string }[]>;

/**
 * In the app frame: answers every empty visible question, like a presenter who knows nothing about the template.
 * (A string: tsx would add helpers to a function that do not exist in the page.)
 */
const COMPLETE_FORM = `(async () => {
  const el = document.querySelector('echo-case-form');
  const root = el.shadowRoot;
  for (let round = 0; round < 10; round++) {
    let changed = false;
    for (const field of root.querySelectorAll('[part="field"]')) {
      const boxes = [...field.querySelectorAll('input[type=radio], input[type=checkbox]')];
      const control = field.querySelector('[part~="control"]');
      if (!control) continue;
      if (boxes.length) {
        if (boxes.some((b) => b.checked)) continue;
        boxes[boxes.length > 1 && field.dataset.type === 'boolean' ? 1 : 0].click(); // booleans: "No"
      } else if (control instanceof HTMLSelectElement) {
        if (control.selectedIndex > 0) continue;
        control.selectedIndex = 1;
        control.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      } else {
        if (control.value) continue;
        const type = field.dataset.type;
        const max = control.maxLength > 0 ? control.maxLength : 200;
        control.value = type === 'date' ? '2021' : control.type === 'number' ? control.min || '1'
          : 'Treatment-experienced; adherent; asks about retreatment options.'.slice(0, max);
        control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
        control.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      }
      changed = true;
    }
    await el.updateComplete;
    if (!changed) break;
  }
})()`;
const completeForm = (app: Frame) => app.evaluate(COMPLETE_FORM);

/** What keeps the form from the review step (for failure messages). */
const BLOCKERS = `[...document.querySelector('echo-case-form').shadowRoot
  .querySelectorAll('.invalid, .field:has(.phi:not(.confirmed)), [part="error"]')]
  .map((f) => (f.dataset.path ?? '') + ': ' + f.textContent.replace(/\\s+/g, ' ').trim()).join(' | ')`;

/** Presses "Review" and waits for the review step. */
async function toReview(app: Frame): Promise<void> {
  await app.locator('echo-case-form button[part~="primary-button"]').click();
  await until('the review step', async () => (await stepOf(app)) === 'Review', 10_000).catch(async (e: Error) => {
    throw new Error(`${e.message}: ${String(await app.evaluate(BLOCKERS))}`);
  });
}

const stepOf = (app: Frame) =>
  app.evaluate(
    `document.querySelector('echo-case-form')?.shadowRoot?.querySelector('[aria-current="step"]')?.textContent?.trim() ?? ''`,
  ) as Promise<string>;

describe('Present to ECHO: <echo-case-form> in the sandbox EHR', () => {
  test('SMART launch → pre-filled from the patient → review → submit; no planted identifier reaches the hub', async () => {
    const { page, app, problems, context } = await openCaseForm(HCV.patientId);
    const before = await countCases();
    const filled = await until('pre-filled fields', async () => {
      const fields = await prefilled(app);
      return fields.length >= 2 && fields.every((f) => f.value) ? fields : undefined;
    });
    // Values are the patient's own: a pre-filled lab equals the latest result of that LOINC code in the record.
    let matched = 0;
    for (const f of filled) {
      const loinc = /(\d{3,5}-\d)/.exec(f.source)?.[1];
      const results = (HCV.clinical.observations ?? []).filter((o) => o.loinc === loinc);
      if (!results.length) continue;
      const latest = results.sort((a, b) => b.year.localeCompare(a.year))[0]!;
      assert.equal(Number(f.value), latest.value, `${f.path} (${f.source}) is the latest ${loinc}`);
      matched += 1;
    }
    assert.ok(matched >= 1, `at least one lab pre-filled from the record (${JSON.stringify(filled)})`);
    await page.screenshot({ path: join(SHOTS, 'sandbox-fill.png') });

    await completeForm(app);
    await toReview(app);
    const shownPayload = await app.locator('echo-case-form [part="payload"] pre').textContent();
    await app.locator('echo-case-form [part="payload"] summary').click();
    await page.screenshot({ path: join(SHOTS, 'sandbox-review.png') });
    await app.locator('echo-case-form button[part~="primary-button"]').click();
    await until('the submitted step', async () => (await stepOf(app)) === 'Submitted');
    const caseId = await app.locator('echo-case-form [data-case-id]').textContent();
    assert.match(caseId ?? '', /^cas_/);
    await page.screenshot({ path: join(SHOTS, 'sandbox-submitted.png') });

    const stored = await hubGet<Case>(`/v1/cases/${caseId}`);
    assert.deepEqual(stored.response, JSON.parse(shownPayload!), 'the hub got exactly what the review showed');
    assert.ok(stored.deidentification.changes.length > 10, 'the de-identification report travels with the case');
    const leaving = JSON.stringify(stored).toLowerCase();
    const leaked = HCV.identifiers.filter((id) => leaving.includes(id.toLowerCase()));
    assert.deepEqual(leaked, [], 'no planted identifier in the stored case');
    assert.equal(await countCases(), before + 1);
    assert.deepEqual(problems, [], 'no script errors, CSP or Trusted Types violations');
    await context.close();
  });

  test('the answer is lost and the browser goes offline during submit: queued, sent when back online, one case', async () => {
    const { app, problems, context } = await openCaseForm(HCV.patientId);
    await until('pre-fill', async () => (await prefilled(app)).length > 0);
    await completeForm(app);
    await toReview(app);
    const before = await countCases();

    let delivered = 0;
    await context.route(`${hub.url}/v1/cases`, async (route) => {
      if (route.request().method() !== 'POST' || delivered > 0) return route.continue();
      delivered += 1;
      await route.fetch(); // the hub receives the case and creates it…
      await context.setOffline(true); // …and the network goes away before the answer arrives
      await route.abort('internetdisconnected');
    });
    await app.locator('echo-case-form button[part~="primary-button"]').click();
    const offline = app.locator('echo-case-form [data-status="offline"]');
    await offline.waitFor({ timeout: 20_000 });
    assert.match((await offline.textContent()) ?? '', /offline.*will be sent/i);
    assert.equal(await countCases(), before + 1, 'the hub already has it');

    await context.setOffline(false);
    await until('the submitted step', async () => (await stepOf(app)) === 'Submitted', 30_000);
    assert.equal(await countCases(), before + 1, 'exactly one case');
    const caseId = await app.locator('echo-case-form [data-case-id]').textContent();
    const cases = (await hubGet<{ items: Case[] }>(`/v1/cases?programId=${hub.demo.programId}&limit=100`)).items;
    assert.equal(cases.filter((c) => c.id === caseId).length, 1);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
