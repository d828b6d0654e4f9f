/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import 'axe-core';
import type * as Axe from 'axe-core';
import '../define/echo-case-queue.js';
import '../define/echo-agenda.js';
import '../define/echo-recommendation-editor.js';
import type { EchoCaseSelectEvent } from '../events/echo-case-select.js';
import type { EchoCaseUpdatedEvent } from '../events/echo-case-updated.js';
import { en } from '../translations/en.js';
import { es } from '../translations/es.js';
import { readCase, readSession, submitCase, transition, typeInto } from '@teleecho/test-kit/elements/console';
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
import type { EchoCaseQueue } from './echo-case-queue.js';

const axe = (window as unknown as { axe: typeof Axe }).axe;

const titles = (el: Element) => shadowAll(el, '[part="title"]').map((t) => t.textContent?.trim());
const card = (el: Element, title: string) =>
  shadowAll(el, '[part="case"]').find((c) => c.querySelector('[part="title"]')?.textContent?.trim() === title);
const button = (el: Element, title: string, part: string) =>
  card(el, title)?.querySelector<HTMLButtonElement>(`[part~="${part}"]`) ?? null;
const liveRegion = (el: Element) => shadow(el, '[role="status"]')?.textContent?.trim() ?? '';

async function mountQueue(hub: TestHub, token = hub.tokens.coordinator, attributes = ''): Promise<EchoCaseQueue> {
  const el = fixture<EchoCaseQueue>(
    `<echo-case-queue hub-url="${hub.url}" token="${token}" ${attributes}></echo-case-queue>`,
  );
  await waitFor(() => shadow(el, '[part="filter"], [part="error"]'), 'the queue to load');
  return el;
}

describe('<echo-case-queue>', () => {
  let hub: TestHub;
  beforeEach(async () => {
    hub = await testHub();
  });
  afterEach(async () => {
    cleanup();
    await setViewport({ width: 800, height: 600 });
  });

  it('lists waiting cases oldest first; Accept changes the case on the hub; new cases arrive live', async () => {
    const first = await submitCase(hub, 'Cirrhosis and rising ALT');
    await submitCase(hub, 'HIV co-infection');
    const el = await mountQueue(hub);
    expect(titles(el)).to.deep.equal(['Cirrhosis and rising ALT', 'HIV co-infection']);
    expect(card(el, 'HIV co-infection')?.textContent).to.contain('Test presenter');

    const updates: string[] = [];
    el.addEventListener('echo-case-updated', (e: EchoCaseUpdatedEvent) => updates.push(e.detail.action));
    button(el, 'Cirrhosis and rising ALT', 'accept-button')?.click();
    await waitFor(
      () => button(el, 'Cirrhosis and rising ALT', 'schedule-button'),
      'the accepted case can be scheduled',
    );
    expect((await readCase(hub, first.id)).status).to.equal('accepted');
    expect(updates).to.deep.equal(['accepted']);
    expect(card(el, 'Cirrhosis and rising ALT')?.querySelector('[part="status"]')?.textContent).to.equal('Accepted');

    await submitCase(hub, 'Arrived while open');
    await waitFor(() => titles(el).includes('Arrived while open'), 'the new case without reload');
    await waitFor(() => liveRegion(el) === en.console.announceNewCase('Arrived while open'), 'the announcement');
  });

  it('returns a case with a reason (the reason is required, in the page’s language)', async () => {
    const value = await submitCase(hub, 'Incomplete case');
    const el = await mountQueue(hub, hub.tokens.coordinator, 'lang="es"');
    button(el, 'Incomplete case', 'return-button')?.click();
    let textarea = await waitFor(() => shadow<HTMLTextAreaElement>(el, 'textarea'), 'the reason field');
    expect(el.shadowRoot?.activeElement).to.equal(textarea);
    await sendKeys({ press: 'Escape' }); // keyboard: Escape closes the form, focus stays in the card
    await waitFor(() => !shadow(el, 'textarea'), 'Escape to close the form');
    expect(el.shadowRoot?.activeElement?.closest('[part="case"]')).to.equal(card(el, 'Incomplete case'));
    (el.shadowRoot?.activeElement as HTMLElement | null)?.blur();
    button(el, 'Incomplete case', 'return-button')?.focus();
    await sendKeys({ press: 'Enter' });
    textarea = await waitFor(() => shadow<HTMLTextAreaElement>(el, 'textarea'), 'the reason field again');
    shadow<HTMLButtonElement>(el, '[part~="confirm-button"]')?.click();
    await waitFor(() => shadow(el, '[part="form"] [part="error"]'), 'the validation message');
    expect(shadow(el, '[part="form"] [part="error"]')?.textContent).to.equal(es.console.reasonRequired);
    expect(textarea.getAttribute('aria-invalid')).to.equal('true');
    expect((await readCase(hub, value.id)).status).to.equal('submitted');

    typeInto(textarea, 'Please add the latest viral load.');
    shadow<HTMLButtonElement>(el, '[part~="confirm-button"]')?.click();
    await waitFor(() => !shadow(el, 'textarea'), 'the form to close');
    const returned = await readCase(hub, value.id);
    expect(returned.status).to.equal('returned');
    expect(returned.returnReason).to.equal('Please add the latest viral load.');
    await waitFor(() => !titles(el).includes('Incomplete case'), 'the returned case to leave the waiting list');
    await waitFor(() => el.shadowRoot?.activeElement === shadow(el, '[part="filter"]'), 'focus on the filter');
    typeInto(shadow<HTMLSelectElement>(el, '[part="filter"]') as HTMLSelectElement, 'returned');
    await waitFor(() => card(el, 'Incomplete case'), 'the returned case under its filter');
    expect(card(el, 'Incomplete case')?.textContent).to.contain(
      es.console.returnedBecause('Please add the latest viral load.'),
    );
  });

  it('schedules an accepted case on a session’s agenda at the chosen place', async () => {
    const session = await createSession(hub.programId, {
      title: 'HCV ECHO',
      topic: 'Cirrhosis',
      startsAt: daysFromNow(2),
      durationMinutes: 60,
    });
    const already = await submitCase(hub, 'Already on the agenda');
    await transition(hub, already.id, { status: 'accepted' });
    await transition(hub, already.id, { status: 'scheduled', sessionId: session.id });
    const value = await submitCase(hub, 'Urgent case');
    await transition(hub, value.id, { status: 'accepted' });
    const el = await mountQueue(hub);
    button(el, 'Urgent case', 'schedule-button')?.click();
    const position = await waitFor(
      () =>
        shadowAll<HTMLOptionElement>(el, '[name="position"] option').length === 2 &&
        shadow<HTMLSelectElement>(el, '[name="position"]'),
      'the agenda places',
    );
    expect(shadow<HTMLSelectElement>(el, '[name="session"]')?.value).to.equal(session.id);
    expect([...position.options].map((o) => o.textContent?.trim())).to.deep.equal([
      en.console.positionBefore('Already on the agenda'),
      en.console.positionLast,
    ]);
    typeInto(position, '1');
    shadow<HTMLButtonElement>(el, '[part~="confirm-button"]')?.click();
    await waitFor(() => !titles(el).includes('Urgent case'), 'the scheduled case to leave the waiting list');
    const agenda = (await readSession(hub, session.id)).agenda.map((a) => a.title);
    expect(agenda).to.deep.equal(['Urgent case', 'Already on the agenda']);
    expect((await readCase(hub, value.id)).status).to.equal('scheduled');
  });

  it('shows a specialist the cases to read, without the coordinator’s buttons', async () => {
    const value = await submitCase(hub, 'For reading');
    const el = await mountQueue(hub, hub.tokens.specialist);
    expect(button(el, 'For reading', 'accept-button')).to.equal(null);
    expect(button(el, 'For reading', 'return-button')).to.equal(null);
    const chosen: string[] = [];
    el.addEventListener('echo-case-select', (e: EchoCaseSelectEvent) => chosen.push(e.detail.caseId));
    button(el, 'For reading', 'read-button')?.click();
    expect(chosen).to.deep.equal([value.id]);
  });

  it('says, in its language, when the case changed meanwhile or the token is refused', async () => {
    const value = await submitCase(hub, 'Contended');
    const el = await mountQueue(hub, hub.tokens.coordinator, 'lang="es"');
    // Another coordinator accepts the case after this one pressed Accept and before the hub gets that request, so
    // the hub must answer 409; an accepted case stays in the open queue, with the message on its card.
    const realFetch = window.fetch;
    window.fetch = async (input, init) => {
      if (init?.method === 'PATCH' && String(input).endsWith(`/v1/cases/${value.id}`)) {
        window.fetch = realFetch;
        await transition(hub, value.id, { status: 'accepted' });
      }
      return realFetch(input, init);
    };
    const errors: string[] = [];
    el.addEventListener('echo-error', (e) => errors.push(e.detail.error.code));
    try {
      const accept = button(el, 'Contended', 'accept-button');
      expect(accept, 'the Accept button of the case').to.not.equal(null);
      accept!.click();
      const alert = await waitFor(
        () => card(el, 'Contended')?.querySelector('[part="error"][role="alert"]'),
        'the conflict',
      );
      expect(alert.textContent?.trim()).to.equal(es.console.errorConflict);
    } finally {
      window.fetch = realFetch;
    }
    expect(errors).to.deep.equal(['invalid_transition']);
    // the list shows the case as it is now
    await waitFor(
      () =>
        card(el, 'Contended')?.querySelector('[part="status"]')?.textContent?.trim() ===
        es.console.caseStatus('accepted'),
      'the card to show the case accepted',
    );
    expect(card(el, 'Contended')?.querySelector('[part="error"][role="alert"]')?.textContent?.trim()).to.equal(
      es.console.errorConflict,
    );

    const forged = `${hub.tokens.coordinator.slice(0, -4)}AAAA`; // well-formed, bad signature
    const refused = await mountQueue(hub, forged, 'lang="es"');
    expect(shadow(refused, '[part="error"]')?.textContent).to.contain(es.errorUnauthorized);
  });

  it('has no axe violations (light and dark, forms open) and fits a 360 px phone', async () => {
    await createSession(hub.programId, { title: 'S', topic: 'T', startsAt: daysFromNow(2), durationMinutes: 60 });
    await submitCase(hub, 'A case with a rather long title that has to wrap on a narrow phone screen');
    const accepted = await submitCase(hub, 'Accepted one');
    await transition(hub, accepted.id, { status: 'accepted' });
    await setViewport({ width: 360, height: 640 });
    for (const theme of ['light', 'dark']) {
      const el = await mountQueue(hub, hub.tokens.coordinator, `theme="${theme}"`);
      await waitFor(() => titles(el).length === 2, 'two cases');
      button(el, 'Accepted one', 'schedule-button')?.click();
      await waitFor(() => shadow(el, '[name="position"]'), 'the schedule form');
      shadowAll<HTMLButtonElement>(el, '[part~="return-button"]')[0]?.click();
      const results = await axe.run(el, { resultTypes: ['violations'] });
      const found = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(found, `${theme} theme`).to.deep.equal([]);
      expect(document.documentElement.scrollWidth, 'no horizontal scroll at 360 px').to.be.at.most(360);
      cleanup();
    }
  });
});
