/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { setViewport } from '@web/test-runner-commands';
import 'axe-core';
import type * as Axe from 'axe-core';
import '../define/echo-case-queue.js';
import '../define/echo-agenda.js';
import '../define/echo-recommendation-editor.js';
import type { EchoSessionOpenEvent } from '../events/echo-session-open.js';
import { en } from '../translations/en.js';
import { fr } from '../translations/fr.js';
import { readCase, submitCase, transition } from '@teleecho/test-kit/elements/console';
import type { TestHub } from '@teleecho/test-kit/elements';
import {
  cleanup,
  createSession,
  daysFromNow,
  fixture,
  hubCall,
  shadow,
  shadowAll,
  testHub,
  waitFor,
} from '@teleecho/test-kit/elements';
import type { EchoAgenda } from './echo-agenda.js';

const axe = (window as unknown as { axe: typeof Axe }).axe;

const entries = (el: Element) =>
  shadowAll(el, '[part="item"]').map(
    (item) =>
      `${item.querySelector('[part="position"]')?.textContent?.trim()}. ${item.querySelector('[part="case-title"]')?.textContent?.trim()} (${item.querySelector('[part="status"]')?.textContent?.trim()})`,
  );

async function mountAgenda(hub: TestHub, sessionId: string, token: string, attributes = ''): Promise<EchoAgenda> {
  const el = fixture<EchoAgenda>(
    `<echo-agenda hub-url="${hub.url}" token="${token}" session-id="${sessionId}" ${attributes}></echo-agenda>`,
  );
  await waitFor(() => shadow(el, '[part="header"], [part="error"]'), 'the agenda');
  return el;
}

async function scheduled(hub: TestHub, title: string, sessionId: string, position?: number) {
  const value = await submitCase(hub, title);
  await transition(hub, value.id, { status: 'accepted' });
  return transition(hub, value.id, { status: 'scheduled', sessionId, ...(position && { position }) });
}

describe('<echo-agenda>', () => {
  let hub: TestHub;
  let sessionId: string;
  beforeEach(async () => {
    hub = await testHub();
    sessionId = (
      await createSession(hub.programId, {
        title: 'HCV ECHO',
        topic: 'T',
        startsAt: daysFromNow(1),
        durationMinutes: 90,
      })
    ).id;
  });
  afterEach(async () => {
    cleanup();
    await setViewport({ width: 800, height: 600 });
  });

  it('shows the agenda in order with each case’s status, and follows changes live', async () => {
    await scheduled(hub, 'First case', sessionId);
    await scheduled(hub, 'Second case', sessionId);
    const el = await mountAgenda(hub, sessionId, hub.tokens.specialist);
    expect(shadow(el, '[part="title"]')?.textContent).to.equal('HCV ECHO');
    expect(entries(el)).to.deep.equal(['1. First case (Scheduled)', '2. Second case (Scheduled)']);
    expect(shadow(el, '[part~="open-button"]'), 'no open button for a specialist').to.equal(null);
    expect(shadow(el, '[part~="open-now-button"]')).to.equal(null);
    expect(shadow(el, '[part~="start-ad-hoc-button"]'), 'specialists do not start sessions').to.equal(null);
    expect(shadow(el, '[part~="presented-button"]')).to.equal(null);

    await scheduled(hub, 'Inserted first', sessionId, 1); // the coordinator, elsewhere
    await waitFor(() => entries(el)[0] === '1. Inserted first (Scheduled)', 'the new order without reload');
    expect(entries(el)).to.deep.equal([
      '1. Inserted first (Scheduled)',
      '2. First case (Scheduled)',
      '3. Second case (Scheduled)',
    ]);
    await waitFor(() => shadow(el, '[role="status"]')?.textContent === en.console.announceAgendaChanged, 'announced');
  });

  it('lets a facilitator open tomorrow’s session now (on the hub, for everyone) and mark a case presented', async () => {
    const value = await scheduled(hub, 'To present', sessionId);
    const el = await mountAgenda(hub, sessionId, hub.tokens.facilitator);
    const opened: string[] = [];
    el.addEventListener('echo-session-open', (e: EchoSessionOpenEvent) => opened.push(e.detail.sessionId));
    expect(shadow(el, '[part="header"]')?.textContent).to.match(/Joining opens at \d/);
    const openNow = shadow<HTMLButtonElement>(el, '[part~="open-button"]');
    expect(openNow?.textContent?.trim(), 'not open yet: "Open now"').to.equal(en.console.openNow);
    expect(openNow?.part.contains('open-now-button')).to.equal(true);
    openNow?.click();
    await waitFor(() => opened.length === 1, 'echo-session-open');
    expect(opened).to.deep.equal([sessionId]);
    const onHub = await hubCall<{ openedAt?: string; openedBy?: { role: string } }>('GET', `/v1/sessions/${sessionId}`);
    expect(onHub.openedAt, 'opened on the hub').to.be.a('string');
    expect(onHub.openedBy?.role).to.equal('facilitator');
    await waitFor(() => !shadow(el, '[part~="open-now-button"]'), 'open now: no more "Open now"');
    expect(shadow(el, '[part~="open-button"]')?.textContent?.trim()).to.equal(en.console.openSession);

    shadow<HTMLButtonElement>(el, '[part~="presented-button"]')?.click();
    await waitFor(() => entries(el)[0] === '1. To present (Presented)', 'the presented status');
    expect((await readCase(hub, value.id)).status).to.equal('presented');
  });

  it('lets a facilitator start an ad-hoc session: a title, then the agenda shows it and the host opens it', async () => {
    const el = fixture<EchoAgenda>(
      `<echo-agenda hub-url="${hub.url}" token="${hub.tokens.facilitator}"></echo-agenda>`,
    );
    const start = await waitFor(
      () => shadow<HTMLButtonElement>(el, '[part~="start-ad-hoc-button"]'),
      'the ad-hoc button (no session chosen yet)',
    );
    expect(start.textContent?.trim()).to.equal(en.console.startAdHoc);
    const opened: string[] = [];
    el.addEventListener('echo-session-open', (e: EchoSessionOpenEvent) => opened.push(e.detail.sessionId));
    start.click();
    const input = await waitFor(() => shadow<HTMLInputElement>(el, '[part="ad-hoc-form"] input'), 'the form');
    expect(input.value).to.equal(en.console.adHocDefaultTitle);
    await waitFor(() => el.shadowRoot?.activeElement === input, 'focus on the title');
    input.value = '  ';
    input.dispatchEvent(new Event('input'));
    await el.updateComplete;
    shadow<HTMLButtonElement>(el, '[part~="start-now-button"]')?.click();
    await el.updateComplete;
    expect(shadow(el, '[part="ad-hoc-form"] [part="error"]')?.textContent).to.contain(en.console.titleRequired);
    expect(shadow(el, '[part="ad-hoc-form"] input')?.getAttribute('aria-invalid')).to.equal('true');

    const field = shadow<HTMLInputElement>(el, '[part="ad-hoc-form"] input')!;
    field.value = 'Urgent consult: HCV in pregnancy';
    field.dispatchEvent(new Event('input'));
    await el.updateComplete;
    shadow<HTMLButtonElement>(el, '[part~="start-now-button"]')?.click();
    await waitFor(() => opened.length === 1, 'echo-session-open for the new session');
    expect(el.getAttribute('session-id')).to.equal(opened[0]);
    await waitFor(
      () => shadow(el, '[part="title"]')?.textContent === 'Urgent consult: HCV in pregnancy',
      'the new session’s agenda',
    );
    const onHub = await hubCall<{ adHoc?: boolean; joinWindow?: { open: boolean } }>(
      'GET',
      `/v1/sessions/${opened[0]}`,
    );
    expect(onHub.adHoc).to.equal(true);
    expect(onHub.joinWindow?.open, 'open at once').to.equal(true);
    expect(shadow(el, '[part~="open-button"]')?.textContent?.trim(), 'already open').to.equal(en.console.openSession);
  });

  it('says what went wrong in its language, and has nothing to say before it has a session', async () => {
    const missing = await mountAgenda(hub, 'ses_missing', hub.tokens.facilitator, 'lang="fr"');
    expect(shadow(missing, '[part="error"]')?.textContent).to.contain(fr.errorGeneric);
    expect(shadow(missing, '[part~="retry-button"]')?.textContent?.trim()).to.equal(fr.retry);
    const none = fixture<EchoAgenda>(
      `<echo-agenda hub-url="${hub.url}" token="${hub.tokens.facilitator}" lang="fr"></echo-agenda>`,
    );
    await none.updateComplete;
    expect(shadow(none, '[part="message"]')?.textContent?.trim()).to.equal(fr.console.noSessionSelected);
  });

  it('has no axe violations (light and dark) and fits a 360 px phone', async () => {
    await scheduled(hub, 'A case with a title long enough to wrap on a narrow phone screen, twice over', sessionId);
    await scheduled(hub, 'Short', sessionId);
    await setViewport({ width: 360, height: 640 });
    for (const theme of ['light', 'dark']) {
      const el = await mountAgenda(hub, sessionId, hub.tokens.facilitator, `theme="${theme}"`);
      await waitFor(() => entries(el).length === 2, 'the entries');
      const results = await axe.run(el, { resultTypes: ['violations'] });
      const found = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(found, `${theme} theme`).to.deep.equal([]);
      expect(document.documentElement.scrollWidth, 'no horizontal scroll at 360 px').to.be.at.most(360);
      cleanup();
    }
  });
});
