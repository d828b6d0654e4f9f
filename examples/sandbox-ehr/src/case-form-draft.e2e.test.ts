// A half-filled case survives a real page reload: in headless Chromium, the sandbox EHR's chart opens the SMART app
// ("Present to ECHO") in a cross-origin iframe, the presenter picks an answer and types into <echo-case-form>, the
// draft autosaves, and the chart page is reloaded. After the app is launched again, the form says its draft was
// restored and shows what was chosen and typed (drafts live in IndexedDB, partitioned under the chart's site);
// "Discard draft" brings back the pre-filled form, and another reload stays that way. A reload right after typing,
// within the autosave delay (400 ms), keeps the text too: the draft is journalled synchronously at `pagehide`
// (an IndexedDB write started there does not finish before the page goes).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchChromium, startTestHub, until } from '@teleecho/test-kit';
import type { TestHub } from '@teleecho/test-kit';
import type { Browser, Frame, Page } from 'playwright-core';
import { en } from '../../../packages/elements/src/translations/en.js';
import { PATIENTS_DIR } from './patients.js';
import { startSandboxEhr } from './server.js';
import type { SandboxEhr } from './server.js';

const PATIENT = (
  JSON.parse(readFileSync(join(PATIENTS_DIR, 'planted.json'), 'utf8')) as {
    patients: Record<string, { patientId: string }>;
  }
).patients['hcv.json']!.patientId;
const TYPED = 'Asks about retreatment after a relapse in 2019; adherent, no alcohol.';

let hub: TestHub;
let ehr: SandboxEhr;
let browser: Browser;

before(async () => {
  hub = await startTestHub();
  ehr = await startSandboxEhr({
    hub: {
      url: hub.url,
      programId: hub.demo.programId,
      mintToken: () => hub.mint({ role: 'presenter', sub: 'draft-clinician', name: 'Dr. Draft Clinician' }),
    },
  });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await ehr?.close();
  await hub?.close();
});

/** On the chart (already loaded): "Present to ECHO", the hepatitis C template; returns the app frame. */
async function presentToEcho(page: Page): Promise<Frame> {
  await page.locator('body[data-ready="true"]').waitFor();
  await page.getByRole('button', { name: 'Present to ECHO' }).click();
  const frame = page.frameLocator('#app-frame');
  await frame.locator('body[data-state="ready"]').waitFor({ timeout: 30_000 });
  await frame
    .locator('echo-case-form [part~="template-button"]', { hasText: /hepatitis c/i })
    .first()
    .click();
  await frame.locator('echo-case-form form[part="form"]').waitFor({ timeout: 20_000 });
  return page.frame({ url: (u) => u.origin === ehr.appUrl })!;
}

/** In the app frame (a string: tsx would add helpers the page does not have): two questions to answer. */
const PICK_QUESTIONS = `(() => {
  const fields = [...document.querySelector('echo-case-form').shadowRoot.querySelectorAll('[part="field"]')];
  const text = fields.find((f) => f.querySelector('textarea') && !f.querySelector('textarea').value);
  const choice = fields.find((f) => f.dataset.type === 'choice' && f.querySelectorAll('input[type=radio]').length > 1 &&
    !f.querySelector('input[type=radio]:checked'));
  return { textPath: text && text.dataset.path, choicePath: choice && choice.dataset.path };
})()`;

/**
 * In the app frame: whether a saved draft of <echo-case-form> (IndexedDB "teleecho-case-form", store "drafts", which
 * the form has opened by then) contains `text`.
 */
const savedDraftHas = (text: string) => `new Promise((resolve) => {
  const open = indexedDB.open('teleecho-case-form');
  open.onerror = () => resolve(false);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('drafts')) return (db.close(), resolve(false));
    const all = db.transaction('drafts', 'readonly').objectStore('drafts').getAll();
    all.onerror = () => (db.close(), resolve(false));
    all.onsuccess = () => (db.close(), resolve(JSON.stringify(all.result).includes(${JSON.stringify(text)})));
  };
})`;

const DRAFT_NOTICE = 'echo-case-form [part~="notice"].draft';

/** The value of the control of the question at `path`. */
const valueAt = (app: Frame, path: string) =>
  app.locator(`echo-case-form [part="field"][data-path="${path}"] [part~="control"]`).first().inputValue();

describe('<echo-case-form> draft across a page reload (sandbox EHR, real Chromium)', () => {
  // First in the file: in a browser that has not written any IndexedDB yet, the write started at `pagehide` is lost
  // every time without the journal.
  test('text typed just before a reload (no autosave yet) is back after it', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${ehr.ehrUrl}/?patient=${PATIENT}`);
    let app = await presentToEcho(page);
    const { textPath } = (await app.evaluate(PICK_QUESTIONS)) as { textPath?: string };
    assert.ok(textPath, 'an empty free-text question');
    const typed = 'Typed right before the reload: genotype 3, prior sofosbuvir.';
    await app.locator(`echo-case-form [part="field"][data-path="${textPath}"] textarea`).fill(typed);
    // no wait for the autosave: the page goes at once
    await page.reload();

    app = await presentToEcho(page);
    await app.locator(DRAFT_NOTICE).waitFor();
    assert.equal(await valueAt(app, textPath), typed, 'the text typed just before the reload is back');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a chosen answer and typed text are back after reloading the chart; discarding starts over', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${ehr.ehrUrl}/?patient=${PATIENT}`);
    let app = await presentToEcho(page);
    assert.equal(await app.locator(DRAFT_NOTICE).count(), 0, 'a fresh form has no restored draft');

    // the first empty free-text question, and the first single-choice question with nothing chosen
    const { textPath, choicePath } = (await app.evaluate(PICK_QUESTIONS)) as { textPath?: string; choicePath?: string };
    assert.ok(textPath && choicePath, 'an empty free-text question and an unanswered single-choice question');
    const prefilledText = await valueAt(app, textPath);
    const radios = (frame: Frame) =>
      frame.locator(`echo-case-form [part="field"][data-path="${choicePath}"] input[type="radio"]`);
    await radios(app).last().check();
    await app.locator(`echo-case-form [part="field"][data-path="${textPath}"] textarea`).fill(TYPED);
    // The draft autosaves shortly after the last change; reload once it is stored (the text, typed last, is in it).
    await until('the draft in IndexedDB', async () => app.evaluate(savedDraftHas(TYPED)), 10_000);

    await page.reload();
    app = await presentToEcho(page);
    const notice = app.locator(DRAFT_NOTICE);
    await notice.waitFor();
    assert.match((await notice.textContent()) ?? '', /Draft restored \(saved /);
    assert.equal(await valueAt(app, textPath), TYPED, 'the typed text is back');
    assert.equal(await radios(app).last().isChecked(), true, 'the chosen answer is back');
    assert.equal(await app.locator(`echo-case-form [part="field"][data-path="${choicePath}"] :checked`).count(), 1);

    await notice.getByRole('button', { name: en.caseForm.discardDraft }).click();
    await notice.waitFor({ state: 'detached' });
    await until('the pre-filled form is back', async () => (await valueAt(app, textPath)) === prefilledText);
    assert.equal(await app.locator(`echo-case-form [part="field"][data-path="${choicePath}"] :checked`).count(), 0);

    await page.reload();
    app = await presentToEcho(page);
    await until('the form is pre-filled again', async () => (await valueAt(app, textPath)) === prefilledText);
    assert.equal(await app.locator(DRAFT_NOTICE).count(), 0, 'no draft after discarding');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
