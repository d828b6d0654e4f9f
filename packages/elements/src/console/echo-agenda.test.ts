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
import { readCase, submitCase, transition } from '../testing/console-fixtures.js';
import type { TestHub } from '../testing/fixtures.js';
import {
  cleanup,
  createSession,
  daysFromNow,
  fixture,
  shadow,
  shadowAll,
  testHub,
  waitFor,
} from '../testing/fixtures.js';
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

  it('lets a facilitator open the session and mark a case presented on the hub', async () => {
    const value = await scheduled(hub, 'To present', sessionId);
    const el = await mountAgenda(hub, sessionId, hub.tokens.facilitator);
    const opened: string[] = [];
    el.addEventListener('echo-session-open', (e: EchoSessionOpenEvent) => opened.push(e.detail.sessionId));
    shadow<HTMLButtonElement>(el, '[part~="open-button"]')?.click();
    expect(opened).to.deep.equal([sessionId]);

    shadow<HTMLButtonElement>(el, '[part~="presented-button"]')?.click();
    await waitFor(() => entries(el)[0] === '1. To present (Presented)', 'the presented status');
    expect((await readCase(hub, value.id)).status).to.equal('presented');
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
