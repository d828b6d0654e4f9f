/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { setViewport } from '@web/test-runner-commands';
import 'axe-core';
import type * as Axe from 'axe-core';
import type { Recommendation } from '@teleecho/sdk';
import '../define/echo-case-queue.js';
import '../define/echo-agenda.js';
import '../define/echo-recommendation-editor.js';
import type { EchoRecommendationSavedEvent } from '../events/echo-recommendation-saved.js';
import { en } from '../translations/en.js';
import { pt } from '../translations/pt.js';
import {
  hubAs,
  presentedCase,
  readCase,
  readRecommendations,
  submitCase,
  transition,
  typeInto,
} from '@teleecho/test-kit/elements/console';
import type { TestHub } from '@teleecho/test-kit/elements';
import {
  cleanup,
  createSession,
  daysFromNow,
  fixture,
  shadow,
  shadowAll,
  testHub,
  waitFor,
} from '@teleecho/test-kit/elements';
import type { EchoRecommendationEditor } from './echo-recommendation-editor.js';

const axe = (window as unknown as { axe: typeof Axe }).axe;

const recs = (el: Element) => shadowAll(el, '[part~="recommendation"]');
const rec = (el: Element, text: string) =>
  recs(el).find((r) => r.querySelector('[part="body"]')?.textContent?.includes(text)) ?? null;
const liveRegion = (el: Element) => shadow(el, '[role="status"]')?.textContent?.trim() ?? '';

async function mountEditor(hub: TestHub, caseId: string, token = hub.tokens.specialist, attributes = '') {
  const el = fixture<EchoRecommendationEditor>(
    `<echo-recommendation-editor hub-url="${hub.url}" token="${token}" case-id="${caseId}" ${attributes}>
    </echo-recommendation-editor>`,
  );
  await waitFor(() => shadow(el, '[part="case"], [part="error"]'), 'the case');
  return el;
}

/** Fills the new-recommendation form (the last form) and saves the draft. */
async function writeDraft(el: EchoRecommendationEditor, body: string, category = '', followUp = '') {
  const form = shadowAll<HTMLFormElement>(el, 'form').at(-1) as HTMLFormElement;
  typeInto(form.querySelector('textarea') as HTMLTextAreaElement, body);
  if (category) typeInto(form.querySelector('select') as HTMLSelectElement, category);
  if (followUp) typeInto(form.querySelector('input[type="date"]') as HTMLInputElement, followUp);
  await el.updateComplete;
  form.querySelector<HTMLButtonElement>('[part~="save-button"]')?.click();
  await waitFor(() => rec(el, body), `the draft "${body}"`);
}

describe('<echo-recommendation-editor>', () => {
  let hub: TestHub;
  let sessionId: string;
  beforeEach(async () => {
    hub = await testHub();
    sessionId = (
      await createSession(hub.programId, { title: 'S', topic: 'T', startsAt: daysFromNow(1), durationMinutes: 60 })
    ).id;
  });
  afterEach(async () => {
    cleanup();
    await setViewport({ width: 800, height: 600 });
  });

  it('shows the de-identified case readably, with the de-identification report', async () => {
    const value = await submitCase(hub, 'Fatigue case', 'Fatigue and raised ALT for six months');
    await transition(hub, value.id, { status: 'accepted' });
    const el = await mountEditor(hub, value.id);
    expect(shadow(el, '[part="title"]')?.textContent).to.equal('Fatigue case');
    const answers = shadow(el, '[part="answers"]')?.textContent?.replace(/\s+/g, ' ') ?? '';
    await waitFor(() => shadow(el, '[part="answers"]')?.textContent?.includes('Presenting problem'), 'question texts');
    for (const text of ['Age (years; 90+ for older)', '52', 'Female', 'Fatigue and raised ALT for six months']) {
      expect(shadow(el, '[part="answers"]')?.textContent, text).to.contain(text);
    }
    expect(answers).not.to.contain('<');
    const report = shadow(el, '[part="deidentification"]')?.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(report).to.contain(en.console.deidentificationSummary(2, 'safe-harbor'));
    expect(report).to.contain('Patient.birthDate');
    expect(report).to.contain('1973');
  });

  it('writes drafts, edits one, and issues several at once — numbered, on the hub', async () => {
    const value = await presentedCase(hub, 'Issue case', sessionId);
    const el = await mountEditor(hub, value.id);
    const saved: string[] = [];
    el.addEventListener('echo-recommendation-saved', (e: EchoRecommendationSavedEvent) =>
      saved.push(`${e.detail.action}:${e.detail.recommendations.length}`),
    );

    shadowAll<HTMLButtonElement>(el, '[part~="save-button"]').at(-1)?.click(); // empty
    await waitFor(() => shadow(el, 'form [part="error"]')?.textContent === en.console.textRequired, 'text required');

    await writeDraft(el, 'Check HCV RNA', 'diagnostics', '2027-01-15');
    await writeDraft(el, 'Start sofosbuvir/velpatasvir', 'treatment');
    await writeDraft(el, 'No category yet');
    expect((await readRecommendations(hub, value.id)).map((r) => `${r.status}:${r.body}`)).to.deep.equal([
      'draft:Check HCV RNA',
      'draft:Start sofosbuvir/velpatasvir',
      'draft:No category yet',
    ]);
    expect(rec(el, 'Check HCV RNA')?.textContent).to.contain('Diagnostics');

    // edit the second draft
    rec(el, 'Start sofosbuvir/velpatasvir')?.querySelector<HTMLButtonElement>('[part~="edit-button"]')?.click();
    const editArea = await waitFor(() => shadow<HTMLTextAreaElement>(el, '[part~="draft"] textarea'), 'the edit form');
    expect(el.shadowRoot?.activeElement).to.equal(editArea);
    typeInto(editArea, 'Start sofosbuvir/velpatasvir for 12 weeks');
    editArea.closest('form')?.querySelector<HTMLButtonElement>('[part~="save-button"]')?.click();
    await waitFor(() => rec(el, 'for 12 weeks'), 'the edited draft');

    // a draft without a category cannot be issued
    const check = (text: string) => rec(el, text)?.querySelector<HTMLInputElement>('input[type="checkbox"]');
    check('No category yet')?.click();
    await el.updateComplete;
    shadow<HTMLButtonElement>(el, '[part~="issue-button"]')?.click();
    await waitFor(
      () => shadow(el, '.issue-bar [part="error"]')?.textContent === en.console.categoryRequired,
      'category needed',
    );
    check('No category yet')?.click();

    check('Check HCV RNA')?.click();
    check('for 12 weeks')?.click();
    await el.updateComplete;
    expect(shadow(el, '[part~="issue-button"]')?.textContent?.trim()).to.equal(en.console.issueSelected(2));
    shadow<HTMLButtonElement>(el, '[part~="issue-button"]')?.click();
    await waitFor(() => shadowAll(el, '[part~="issued"]').length === 2, 'two issued recommendations');
    const onHub = await readRecommendations(hub, value.id);
    expect(onHub.filter((r) => r.status === 'issued').map((r) => `${r.number}:${r.body}`)).to.deep.equal([
      '1:Check HCV RNA',
      '2:Start sofosbuvir/velpatasvir for 12 weeks',
    ]);
    expect(shadowAll(el, '[part="number"]').map((n) => n.textContent)).to.deep.equal(['No. 1', 'No. 2']);
    expect((await readCase(hub, value.id)).status).to.equal('recommendations_issued');
    await waitFor(() => liveRegion(el) === en.console.announceIssued(2), 'the announcement');
    expect(saved).to.deep.equal(['drafted:1', 'drafted:1', 'drafted:1', 'edited:1', 'issued:2']);
  });

  it('amends an issued recommendation with history, and shows the acknowledgement and reply live', async () => {
    const value = await presentedCase(hub, 'Amend case', sessionId);
    const draft = await hubAs<Recommendation>(hub.tokens.specialist, 'POST', `/v1/cases/${value.id}/recommendations`, {
      body: 'Repeat ALT in 4 weeks',
      category: 'monitoring',
    });
    await hubAs(hub.tokens.specialist, 'PATCH', `/v1/recommendations/${draft.id}`, { status: 'issued' });
    const el = await mountEditor(hub, value.id);
    await waitFor(() => rec(el, 'Repeat ALT in 4 weeks'), 'the issued recommendation');
    expect(rec(el, 'Repeat ALT')?.textContent).to.contain(en.console.notAcknowledged);

    rec(el, 'Repeat ALT')?.querySelector<HTMLButtonElement>('[part~="amend-button"]')?.click();
    const area = await waitFor(() => shadow<HTMLTextAreaElement>(el, '[part~="issued"] textarea'), 'the amend form');
    typeInto(area, 'Repeat ALT in 2 weeks');
    area.closest('form')?.querySelector<HTMLButtonElement>('[part~="save-button"]')?.click();
    await waitFor(() => rec(el, 'Repeat ALT in 2 weeks'), 'the amendment');
    const history = rec(el, 'in 2 weeks')?.querySelector('[part="history"]');
    expect(history?.textContent).to.contain('Repeat ALT in 4 weeks');
    const onHub = (await readRecommendations(hub, value.id))[0] as Recommendation;
    expect([onHub.version, onHub.body, onHub.history[0]?.body]).to.deep.equal([
      2,
      'Repeat ALT in 2 weeks',
      'Repeat ALT in 4 weeks',
    ]);

    await hubAs(hub.tokens.presenter, 'POST', `/v1/recommendations/${draft.id}/acknowledge`, {
      reply: 'Booked the lab for Monday.',
    });
    await waitFor(
      () => rec(el, 'in 2 weeks')?.querySelector('[part="acknowledgement"]')?.textContent?.includes('Booked the lab'),
      'the reply, live',
    );
    expect(rec(el, 'in 2 weeks')?.querySelector('[part="acknowledgement"]')?.textContent).to.contain('(version 2)');
    await waitFor(() => liveRegion(el) === en.console.announceAcknowledged(1), 'the announcement');
  });

  it('shows the issuing rule up front: "Issue" is disabled, with the reason, until the case is presented', async () => {
    const value = await submitCase(hub, 'Too early');
    await transition(hub, value.id, { status: 'accepted' });
    const el = await mountEditor(hub, value.id, hub.tokens.specialist, 'lang="pt"');
    await writeDraft(el, 'Refer to hepatology', 'referral');
    const issue = () => shadow<HTMLButtonElement>(el, '[part~="issue-button"]');
    const reason = () => shadow(el, '[part~="issue-reason"]')?.textContent?.trim();
    rec(el, 'Refer to hepatology')?.querySelector<HTMLInputElement>('input[type="checkbox"]')?.click();
    await el.updateComplete;
    // accepted, not scheduled: schedule and present first
    expect(issue()?.disabled, 'Issue is disabled on an accepted case').to.equal(true);
    expect(reason()).to.equal(pt.console.issuePresentFirst(false));
    expect(issue()?.getAttribute('aria-describedby')).to.equal('issue-reason');
    // scheduled: a specialist still waits for the presentation (the hub would answer 409)
    await transition(hub, value.id, { status: 'scheduled', sessionId });
    await waitFor(() => reason() === pt.console.issuePresentFirst(true), 'the reason for a scheduled case');
    expect(issue()?.disabled).to.equal(true);
    expect(issue()?.textContent?.trim()).to.equal(pt.console.issueSelected(1));
    // presented (in the session, by the agenda): Issue turns on by itself, live
    await hubAs(hub.tokens.facilitator, 'PATCH', `/v1/cases/${value.id}`, { status: 'presented' });
    await waitFor(() => issue()?.disabled === false, 'Issue enabled once the case is presented');
    expect(reason()).to.equal(undefined);
    // nothing ticked: disabled, and it says what to do
    rec(el, 'Refer to hepatology')?.querySelector<HTMLInputElement>('input[type="checkbox"]')?.click();
    await el.updateComplete;
    expect(issue()?.disabled).to.equal(true);
    expect(reason()).to.equal(pt.console.issueSelectFirst);
    expect((await readRecommendations(hub, value.id)).map((r) => r.status)).to.deep.equal(['draft']);

    const coordinator = await mountEditor(hub, value.id, hub.tokens.coordinator, 'lang="pt"');
    expect(shadow(coordinator, '[part="message"]')?.textContent).to.equal(pt.console.readOnlyRole);
    expect(shadowAll(coordinator, 'form').length).to.equal(0);

    const presenter = await mountEditor(hub, 'cas_not_there', hub.tokens.presenter, 'lang="pt"');
    expect(shadow(presenter, '[part="error"]')?.textContent).to.contain(pt.errorGeneric);
  });

  it('offers a facilitator "Mark as presented and issue" on a scheduled case, which does both on the hub', async () => {
    const value = await submitCase(hub, 'Consult in session');
    await transition(hub, value.id, { status: 'accepted' });
    await transition(hub, value.id, { status: 'scheduled', sessionId });
    const el = await mountEditor(hub, value.id, hub.tokens.facilitator);
    await writeDraft(el, 'Start treatment now', 'treatment');
    const button = () => shadow<HTMLButtonElement>(el, '[part~="issue-button"]');
    expect(button()?.disabled, 'nothing ticked yet').to.equal(true);
    expect(shadow(el, '[part~="issue-reason"]')?.textContent?.trim()).to.equal(en.console.issueSelectFirst);
    rec(el, 'Start treatment now')?.querySelector<HTMLInputElement>('input[type="checkbox"]')?.click();
    await el.updateComplete;
    expect(button()?.textContent?.trim()).to.equal(en.console.presentAndIssue(1));
    expect(button()?.matches('[part~="present-and-issue-button"]')).to.equal(true);
    expect(button()?.disabled).to.equal(false);
    expect(shadow(el, '[part~="issue-reason"]')).to.equal(null);
    button()?.click();
    await waitFor(() => shadowAll(el, '[part~="issued"]').length === 1, 'the issued recommendation');
    expect((await readCase(hub, value.id)).status).to.equal('recommendations_issued');
    const onHub = await readRecommendations(hub, value.id);
    expect(onHub.map((r) => `${r.status}:${r.number}:${r.body}`)).to.deep.equal(['issued:1:Start treatment now']);
    expect(shadow(el, '[part="status"]')?.textContent).to.equal(en.console.caseStatus('recommendations_issued'));
  });

  it('has no axe violations (light and dark) and fits a 360 px phone', async () => {
    const value = await presentedCase(hub, 'Accessible case', sessionId);
    const issued = await hubAs<Recommendation>(hub.tokens.specialist, 'POST', `/v1/cases/${value.id}/recommendations`, {
      body: 'A long recommendation text that needs to wrap nicely on a phone without making the page scroll sideways.',
      category: 'education',
      followUp: '2027-02-01',
    });
    await hubAs(hub.tokens.specialist, 'PATCH', `/v1/recommendations/${issued.id}`, { status: 'issued' });
    await hubAs(hub.tokens.specialist, 'PATCH', `/v1/recommendations/${issued.id}`, { body: 'Amended text.' });
    await hubAs(hub.tokens.specialist, 'POST', `/v1/cases/${value.id}/recommendations`, { body: 'A draft' });
    await setViewport({ width: 360, height: 640 });
    for (const theme of ['light', 'dark']) {
      const el = await mountEditor(hub, value.id, hub.tokens.specialist, `theme="${theme}"`);
      await waitFor(() => recs(el).length === 2, 'the recommendations');
      for (const details of shadowAll<HTMLDetailsElement>(el, 'details')) details.open = true;
      const results = await axe.run(el, { resultTypes: ['violations'] });
      const found = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(found, `${theme} theme`).to.deep.equal([]);
      expect(document.documentElement.scrollWidth, 'no horizontal scroll at 360 px').to.be.at.most(360);
      cleanup();
    }
  });
});
