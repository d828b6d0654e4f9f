/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import 'axe-core';
import type * as Axe from 'axe-core';
import type { Case } from '@teleecho/sdk';
import '../define/echo-recommendation-viewer.js';
import type { EchoCopyToChartEvent } from '../events/echo-copy-to-chart.js';
import type { EchoRecommendationAcknowledgedEvent } from '../events/echo-recommendation-acknowledged.js';
import { en } from '../translations/en.js';
import { es } from '../translations/es.js';
import type { TestHub } from '@teleecho/test-kit/elements';
import { cleanup, fixture, shadow, shadowAll, testHub, waitFor } from '@teleecho/test-kit/elements';
import type { EchoRecommendationViewer } from './echo-recommendation-viewer.js';
import { amend, call, draft, issue, mint, presentedCase, startHub, stopHub, stored } from './test-helpers.js';

const axe = (window as unknown as { axe: typeof Axe }).axe;
const t = en.recommendations;

const recs = (el: Element) => shadowAll(el, '[part="recommendation"]');
const numbers = (el: Element) => recs(el).map((r) => r.dataset.number);
const liveRegion = (el: Element) => shadow(el, '[role="status"][aria-live="polite"]')?.textContent?.trim() ?? '';
const text = (el: Element | null) => (el as HTMLElement | null)?.innerText?.replace(/\s+/g, ' ').trim() ?? '';

function mountViewer(
  hub: TestHub,
  caseId?: string,
  token = hub.tokens.presenter,
  attrs = '',
): EchoRecommendationViewer {
  return fixture<EchoRecommendationViewer>(
    `<echo-recommendation-viewer hub-url="${hub.url}" token="${token}" ${caseId ? `case-id="${caseId}"` : ''}
      ${attrs}></echo-recommendation-viewer>`,
    document.querySelector('main') ?? document.body,
  );
}

/** Waits until the viewer has loaded its case from the hub (the stream is open by then). */
async function loaded(el: EchoRecommendationViewer): Promise<void> {
  await waitFor(
    () => shadow(el, '[part="case-title"]') && text(shadow(el, '[part="message"]')) !== t.loading,
    'the case',
  );
  await waitFor(() => !shadow(el, '[part="offline"]'), 'online');
}

describe('<echo-recommendation-viewer>', () => {
  let hub: TestHub;
  let theCase: Case;

  before(async () => {
    document.body.append(document.createElement('main'));
    hub = await testHub();
    theCase = await presentedCase(hub);
  });
  afterEach(() => cleanup());

  // How fast it shows is measured by `npm run bench` (recommendationDisplay), not asserted here.
  it('shows a recommendation a specialist issues, live and without reload; drafts never appear', async () => {
    const el = mountViewer(hub, theCase.id);
    await loaded(el);
    expect(text(shadow(el, '[part="case-title"]'))).to.equal('HCV, raised ALT');
    // Question texts come from the case's template (fetched alongside).
    const summary = await waitFor(() => {
      const shown = text(shadow(el, '[part="summary"]'));
      return shown.includes('Presenting problem') && shown;
    }, 'the summary with the template’s questions');
    expect(summary).to.contain('Presenting problem').and.contain('Fatigue and raised ALT for six months');
    expect(summary).to.contain('ALT (U/L)').and.contain('112');
    expect(text(shadow(el, '[part="message"]'))).to.equal(t.none);

    await draft(hub, theCase.id, 'DRAFT — not for the presenter', 'monitoring');
    await issue(
      hub,
      theCase.id,
      'Start sofosbuvir/velpatasvir for 12 weeks.\nCheck HCV RNA at week 12.',
      'treatment',
      '2031-01-15',
    );
    await waitFor(() => recs(el).length === 1, 'the issued recommendation');

    const rec = recs(el)[0]!;
    expect(text(rec.querySelector('[part="recommendation-title"]'))).to.equal('Recommendation 1');
    expect(text(rec.querySelector('[part="category"]'))).to.equal('Treatment');
    expect(rec.querySelector('[part="follow-up"] time')?.getAttribute('datetime')).to.equal('2031-01-15');
    expect(text(rec.querySelector('[part="follow-up"]'))).to.contain('January 15, 2031');
    expect(rec.querySelectorAll('[part="body"] br').length).to.equal(1); // line breaks kept
    expect(text(rec.querySelector('[part="badge"]'))).to.equal(t.badgeNew);
    await waitFor(() => liveRegion(el) === t.announceIssued(1), 'the polite announcement');
    expect(text(shadow(el, '[part="base"]'))).not.to.contain('DRAFT');
    expect(text(shadow(el, '[part="status"]'))).to.equal('Recommendations issued');
  });

  it('shows what an amendment changed: text, category and follow-up, with earlier versions', async () => {
    const c = await presentedCase(hub, hub.tokens.presenter, 'Amended case');
    const first = await issue(hub, c.id, 'Repeat ALT in 4 weeks.', 'monitoring', '2031-02-01');
    const el = mountViewer(hub, c.id);
    await loaded(el);
    await waitFor(() => recs(el).length === 1, 'the recommendation');
    await amend(hub, first.id, {
      body: 'Repeat ALT and HCV RNA in 6 weeks.',
      category: 'diagnostics',
      followUp: '2031-03-01',
    });
    await waitFor(() => liveRegion(el) === t.announceAmended(1), 'the amendment announcement');
    const rec = recs(el)[0]!;
    expect(text(rec.querySelector('[part="body"]'))).to.equal('Repeat ALT and HCV RNA in 6 weeks.');
    const changes = rec.querySelector<HTMLDetailsElement>('[part="changes"]')!;
    expect(changes.open).to.equal(true);
    const deleted = [...changes.querySelectorAll('del')].map((d) => d.textContent?.replace(t.removedText, '').trim());
    const inserted = [...changes.querySelectorAll('ins')].map((d) => d.textContent?.replace(t.addedText, '').trim());
    expect(deleted).to.include.members(['Monitoring', '4', 'February 1, 2031']);
    expect(inserted).to.include.members(['Diagnostics', 'and HCV RNA', '6', 'March 1, 2031']);
    expect(text(rec.querySelector('[part="meta"]'))).to.contain('(version 2)');
    const history = rec.querySelector<HTMLDetailsElement>('[part="history"]')!;
    history.open = true;
    expect(text(history)).to.contain('Repeat ALT in 4 weeks.').and.contain('Version 1, replaced');
    expect(getComputedStyle(changes.querySelector('del')!).textDecorationLine).to.equal('line-through');
  });

  it('acknowledges with a reply: stored on the hub, event emitted, and the case closes', async () => {
    const c = await presentedCase(hub, hub.tokens.presenter, 'Ack case');
    await issue(hub, c.id, 'Refer to hepatology if ALT stays above 100.', 'referral');
    const specialistView = mountViewer(hub, c.id, hub.tokens.specialist);
    const el = mountViewer(hub, c.id);
    await loaded(el);
    await loaded(specialistView);
    await waitFor(() => recs(specialistView).length === 1, 'the specialist view');
    expect(shadow(specialistView, '[part="ack-form"]')).to.equal(null); // only the case's presenter acknowledges

    const events: EchoRecommendationAcknowledgedEvent[] = [];
    el.addEventListener('echo-recommendation-acknowledged', (e) => events.push(e));
    const input = await waitFor(() => shadow<HTMLTextAreaElement>(el, '[part="reply-input"]'), 'the reply field');
    input.focus();
    await sendKeys({ type: 'Thanks — referral booked.' });
    shadow<HTMLButtonElement>(el, '[part="acknowledge-button"]')!.click();
    await waitFor(() => events.length === 1, 'the acknowledged event');
    expect(events[0]!.detail.acknowledgement.reply).to.equal('Thanks — referral booked.');
    const [onHub] = await stored(hub, c.id);
    expect(onHub?.acknowledgement?.reply).to.equal('Thanks — referral booked.');
    expect(shadow(el, '[part="ack-form"]')).to.equal(null);
    expect(text(shadow(el, '[part="reply"]'))).to.equal('Thanks — referral booked.');
    await waitFor(() => text(shadow(el, '[part="status"]')) === 'Closed', 'the case to close');
    // The hub team's view hears about it live.
    await waitFor(
      () => text(shadow(specialistView, '[part="reply"]')) === 'Thanks — referral booked.',
      'the reply live',
    );
    await waitFor(() => liveRegion(specialistView) === t.announceAcknowledged(1), 'the announcement');
  });

  it('copy to chart hands the host a FHIR Communication', async () => {
    const el = mountViewer(hub, theCase.id);
    await loaded(el);
    await waitFor(() => recs(el).length >= 1, 'a recommendation');
    const copies: EchoCopyToChartEvent[] = [];
    document.addEventListener('echo-copy-to-chart', (e) => copies.push(e), { once: true });
    recs(el)[0]!.querySelector<HTMLButtonElement>('[part="copy-button"]')!.click();
    expect(copies).to.have.length(1);
    const { communication, recommendation } = copies[0]!.detail;
    expect(communication.resourceType).to.equal('Communication');
    expect(JSON.stringify(communication.payload)).to.contain('sofosbuvir');
    expect(recommendation.number).to.equal(1);
  });

  it('renders hostile text as text: nothing executes, no handlers, only http(s) links', async () => {
    const c = await presentedCase(hub, hub.tokens.presenter, '<img src=x onerror="window.pwned=1">');
    const hostile = [
      '<script>window.pwned = 1</script>',
      '<img src=x onerror="window.pwned=2">',
      '<a href="javascript:window.pwned=3">click</a> javascript:window.pwned=4',
      '<svg onload="window.pwned=5"><script>window.pwned=6</script></svg>',
      'Guideline: https://www.hcvguidelines.org/treatment.',
    ].join('\n');
    await issue(hub, c.id, hostile, 'education');
    const el = mountViewer(hub, c.id);
    await loaded(el);
    await waitFor(() => recs(el).length === 1, 'the recommendation');
    const root = el.shadowRoot!;
    expect(root.querySelectorAll('script, img, svg, iframe, object, embed').length).to.equal(0);
    const withHandlers = [...root.querySelectorAll('*')].filter((n) =>
      [...n.attributes].some((a) => /^on/i.test(a.name)),
    );
    expect(withHandlers).to.deep.equal([]);
    const links = [...root.querySelectorAll('a')];
    expect(links.map((a) => a.href)).to.deep.equal(['https://www.hcvguidelines.org/treatment']);
    expect(links[0]!.rel).to.equal('noopener noreferrer');
    const body = text(recs(el)[0]!.querySelector('[part="body"]'));
    expect(body).to.contain('<script>window.pwned = 1</script>').and.contain('onerror="window.pwned=2"');
    expect(text(shadow(el, '[part="case-title"]'))).to.equal('<img src=x onerror="window.pwned=1">');
    // An injected <img src=x onerror> would have fired by the time a probe image that fails to load has.
    await new Promise((resolve) => {
      const probe = new Image();
      probe.onerror = resolve;
      probe.src = `${hub.url}/healthz`; // JSON, not an image
    });
    expect((window as unknown as { pwned?: number }).pwned).to.equal(undefined);
  });

  it('a presenter sees neither drafts nor another presenter’s case (translated error)', async () => {
    const c = await presentedCase(hub, hub.tokens.presenter, 'Private case');
    await draft(hub, c.id, 'Only a draft');
    const otherPresenter = await mint(hub, 'presenter', 'other-presenter');
    const errors: string[] = [];
    const el = mountViewer(hub, c.id, otherPresenter, 'lang="es"');
    el.addEventListener('echo-error', (e) => errors.push(e.detail.error.code));
    const error = await waitFor(() => shadow(el, '[part="error"]'), 'the error');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(text(error)).to.equal(es.recommendations.errorNotFound);
    expect(errors).to.deep.equal(['not_found']);
    expect(text(shadow(el, '[part="base"]'))).not.to.contain('Private case');

    const own = mountViewer(hub, c.id);
    await loaded(own);
    expect(recs(own)).to.have.length(0);
    const asPresenter = await call<{ items: unknown[] }>(
      'GET',
      `/v1/cases/${c.id}/recommendations`,
      undefined,
      hub.tokens.presenter,
    );
    expect(asPresenter.items).to.deep.equal([]);
  });

  it('list mode: the presenter’s cases with unread counts; reading a case clears its count', async () => {
    const listHub = await testHub();
    const a = await presentedCase(listHub, listHub.tokens.presenter, 'Case A');
    const b = await presentedCase(listHub, listHub.tokens.presenter, 'Case B');
    await issue(listHub, a.id, 'One', 'treatment');
    await issue(listHub, a.id, 'Two', 'monitoring');
    const other = await mint(listHub, 'presenter', 'someone-else');
    await presentedCase(listHub, other, 'Not mine');
    const el = mountViewer(listHub);
    const buttons = () => shadowAll(el, '[part="case-button"]');
    const unreadOf = (id: string) =>
      text(
        buttons()
          .find((x) => x.dataset.caseId === id)
          ?.querySelector('[part="unread"]') ?? null,
      );
    await waitFor(() => buttons().length === 2, 'two cases');
    expect(buttons().map((x) => text(x.querySelector('.case-title')))).to.have.members(['Case A', 'Case B']);
    await waitFor(() => unreadOf(a.id) === '2 unread', 'two unread on A');
    expect(unreadOf(b.id)).to.equal('');
    expect((await axe.run(el, { resultTypes: ['violations'] })).violations.map((v) => v.id)).to.deep.equal([]);

    await issue(listHub, b.id, 'Live one', 'education'); // arrives live
    await waitFor(() => unreadOf(b.id) === '1 unread', 'one unread on B, live');

    buttons()
      .find((x) => x.dataset.caseId === a.id)!
      .click();
    await waitFor(() => recs(el).length === 2, 'case A open');
    expect(numbers(el)).to.deep.equal(['1', '2']);
    shadow<HTMLButtonElement>(el, '[part="back-button"]')!.click();
    await waitFor(() => buttons().length === 2, 'the list again');
    await waitFor(() => unreadOf(a.id) === '' && unreadOf(b.id) === '1 unread', 'A read, B still unread');
  });

  it('offline: shows the saved copy with a note while the hub is down, then catches up once', async () => {
    const c = await presentedCase(hub, hub.tokens.presenter, 'Offline case');
    await issue(hub, c.id, 'Before the outage', 'treatment');
    const first = mountViewer(hub, c.id);
    await loaded(first);
    await waitFor(() => recs(first).length === 1, 'the first recommendation');
    cleanup();
    await stopHub();
    try {
      const el = mountViewer(hub, c.id, hub.tokens.presenter, 'lang="es"');
      const note = await waitFor(() => shadow(el, '[part="offline"]'), 'the offline note');
      expect(text(note)).to.contain('Sin conexión: se muestra la copia guardada');
      expect(numbers(el)).to.deep.equal(['1']);
      expect(text(recs(el)[0]!.querySelector('[part="body"]'))).to.equal('Before the outage');
      await startHub();
      await issue(hub, c.id, 'During the reconnect', 'monitoring');
      await waitFor(() => !shadow(el, '[part="offline"]'), 'the note to go', 15_000);
      await waitFor(() => recs(el).length === 2, 'the catch-up');
      await issue(hub, c.id, 'After', 'education');
      await waitFor(() => recs(el).length === 3, 'a live one after');
      expect(numbers(el)).to.deep.equal(['1', '2', '3']);
      await waitFor(() => liveRegion(el).includes(es.recommendations.announceIssued(3)), 'the announcement');
    } finally {
      await startHub();
    }
  });

  it('is accessible (axe, light and dark), keyboard operable, fits 360 px and prints without controls', async () => {
    try {
      await setViewport({ width: 360, height: 640 });
      for (const theme of ['light', 'dark']) {
        const el = mountViewer(hub, theCase.id, hub.tokens.presenter, `theme="${theme}"`);
        await loaded(el);
        await waitFor(() => recs(el).length >= 1, 'a recommendation');
        const results = await axe.run(el, { resultTypes: ['violations'] });
        const found = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        expect(found, `${theme} theme`).to.deep.equal([]);
        expect(el.scrollWidth, 'no sideways scrolling at 360 px').to.be.at.most(360);
        cleanup();
      }
      const before = fixture<HTMLButtonElement>('<button>before</button>', document.querySelector('main')!);
      const el = mountViewer(hub, theCase.id);
      await loaded(el);
      await waitFor(() => recs(el).length >= 1, 'a recommendation');
      before.focus();
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot?.activeElement).to.equal(shadow(el, '[part="print-button"]'));
      let printed = 0;
      const realPrint = window.print;
      window.print = () => void printed++; // the print dialog itself cannot run headless
      try {
        await sendKeys({ press: 'Enter' });
      } finally {
        window.print = realPrint;
      }
      expect(printed).to.equal(1);
      await emulateMedia({ media: 'print' });
      for (const part of ['print-button', 'copy-button', 'ack-form']) {
        const node = shadow(el, `[part="${part}"]`);
        expect(node && node.getBoundingClientRect().height, part).to.equal(0);
      }
      expect(recs(el)[0]!.getBoundingClientRect().height).to.be.greaterThan(0);
    } finally {
      await emulateMedia({ media: 'screen' });
      await setViewport({ width: 800, height: 600 });
    }
  });
});
