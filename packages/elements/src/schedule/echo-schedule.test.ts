/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import 'axe-core';
import type * as Axe from 'axe-core';
import '../define.js';
import type { EchoSessionSelectEvent } from '../events/echo-session-select.js';
import { en } from '../translations/en.js';
import { es } from '../translations/es.js';
import { fr } from '../translations/fr.js';
import { pt } from '../translations/pt.js';
import type { Translation } from '../translations/types.js';
import type { TestHub } from '@teleecho/test-kit/elements';
import {
  cleanup,
  createSession,
  daysFromNow,
  fixture,
  patchSession,
  shadow,
  shadowAll,
  testHub,
  waitFor,
} from '@teleecho/test-kit/elements';
import type { EchoSchedule } from './echo-schedule.js';

const axe = (window as unknown as { axe: typeof Axe }).axe;

const DATE_OPTIONS: Intl.DateTimeFormatOptions = {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
  timeZone: 'UTC',
};

const titles = (el: Element) => shadowAll(el, '[part="title"]').map((t) => t.textContent?.trim());
const rows = (el: Element) => shadowAll<HTMLButtonElement>(el, '[part="item"]');
const liveRegion = (el: Element) => shadow(el, '[role="status"]')?.textContent?.trim() ?? '';
const isVisible = (el: Element | null) => !!el && el.getBoundingClientRect().height > 0;

/** Mounts `<echo-schedule>` for `hub` and waits until it has finished loading. */
async function mountSchedule(
  hub: TestHub,
  attributes = '',
  token = hub.tokens.participant,
  parent: Element = document.querySelector('main') ?? document.body,
): Promise<EchoSchedule> {
  const el = fixture<EchoSchedule>(
    `<echo-schedule hub-url="${hub.url}" token="${token}" program-id="${hub.programId}" time-zone="UTC"
      ${attributes}></echo-schedule>`,
    parent,
  );
  await waitFor(() => !shadow(el, '.loading') && el.shadowRoot?.querySelector('[part~="base"]'), 'loading to end');
  return el;
}

describe('<echo-schedule>', () => {
  let hub: TestHub;
  let page: HTMLElement;

  before(() => {
    page = document.createElement('main');
    document.body.append(page);
  });
  after(() => page.remove());

  beforeEach(async () => {
    hub = await testHub();
  });
  afterEach(() => cleanup());

  it('shows the hub’s upcoming sessions soonest first, with date, duration and recurrence', async () => {
    await createSession(hub.programId, { title: 'Third', topic: 'C', startsAt: daysFromNow(9), durationMinutes: 60 });
    await createSession(hub.programId, {
      title: 'First',
      topic: 'HCV treatment in primary care',
      startsAt: daysFromNow(2),
      durationMinutes: 90,
      recurrence: 'FREQ=WEEKLY;BYDAY=TH;COUNT=12',
    });
    await createSession(hub.programId, { title: 'Second', topic: 'B', startsAt: daysFromNow(5), durationMinutes: 45 });
    await createSession(hub.programId, { title: 'Past', topic: 'old', startsAt: daysFromNow(-4), durationMinutes: 60 });

    const el = await mountSchedule(hub);
    expect(titles(el)).to.deep.equal(['First', 'Second', 'Third']);
    const first = rows(el)[0] as HTMLButtonElement;
    expect(first.textContent).to.contain('HCV treatment in primary care');
    const time = first.querySelector('time') as HTMLTimeElement;
    expect(time.textContent?.trim()).to.equal(
      new Intl.DateTimeFormat('en', DATE_OPTIONS).format(new Date(daysFromNow(2))),
    );
    expect(time.dateTime).to.equal(daysFromNow(2));
    expect(first.textContent).to.contain('1 hour, 30 minutes');
    expect(first.textContent).to.contain('Weekly');
    expect(rows(el)[1]?.textContent).to.contain('45 minutes');
    expect(rows(el)[1]?.textContent).not.to.contain('Weekly');
    expect(shadow(el, '[part="list"]')?.getAttribute('aria-label')).to.equal('Upcoming sessions');
  });

  const locales: [string, Translation, string][] = [
    ['es', es, 'Semanal'],
    ['pt', pt, 'Semanal'],
    ['fr', fr, 'Hebdomadaire'],
  ];
  for (const [lang, t, weekly] of locales) {
    it(`speaks ${t.$name} with lang="${lang}": labels, dates and durations`, async () => {
      const startsAt = daysFromNow(3);
      const live = await createSession(hub.programId, {
        title: 'Caso',
        topic: 'VHC',
        startsAt,
        durationMinutes: 60,
        recurrence: 'FREQ=WEEKLY',
      });
      await patchSession(live.id, { status: 'live' });
      const el = await mountSchedule(hub, `lang="${lang}"`);
      const row = rows(el)[0] as HTMLButtonElement;
      expect(row.querySelector('time')?.textContent?.trim()).to.equal(
        new Intl.DateTimeFormat(lang, DATE_OPTIONS).format(new Date(startsAt)),
      );
      expect(row.textContent).to.contain(weekly);
      expect(row.textContent).to.contain(
        new Intl.NumberFormat(lang, { style: 'unit', unit: 'hour', unitDisplay: 'long' }).format(1),
      );
      expect(shadow(el, '[part="badge"]')?.textContent?.trim()).to.equal(t.liveNow);
      expect(shadow(el, '[part="list"]')?.getAttribute('aria-label')).to.equal(t.upcomingSessions);
    });
  }

  it('updates live when a session goes live or is cancelled on the hub, and announces it politely', async () => {
    const session = await createSession(hub.programId, {
      title: 'HCV ECHO #42',
      topic: 'Cirrhosis',
      startsAt: daysFromNow(1),
      durationMinutes: 60,
    });
    const other = await createSession(hub.programId, {
      title: 'Later',
      topic: 'X',
      startsAt: daysFromNow(8),
      durationMinutes: 60,
    });
    const el = await mountSchedule(hub);
    expect(shadow(el, '[part="badge"]')).to.equal(null);
    const region = shadow(el, '[role="status"]') as HTMLElement;
    await waitFor(() => el.liveStatus === 'open', 'the live connection');

    await patchSession(session.id, { status: 'live' });
    const badge = await waitFor(() => shadow(el, '[part="badge"]'), 'the live badge');
    expect(badge.textContent?.trim()).to.equal('Live now');
    await waitFor(() => liveRegion(el) === en.announceLive('HCV ECHO #42'), 'the live announcement');
    expect(shadow(el, '[role="status"]')).to.equal(region); // same region, so screen readers hear the change

    await patchSession(other.id, { status: 'cancelled' });
    await waitFor(() => liveRegion(el) === en.announceCancelled('Later'), 'the cancellation announcement');
    const cancelledTitle = shadowAll(el, '[part="title"]')[1] as HTMLElement;
    expect(getComputedStyle(cancelledTitle).textDecorationLine).to.equal('line-through');
    expect(rows(el)[1]?.textContent).to.contain('Cancelled');

    await createSession(hub.programId, {
      title: 'Added later',
      topic: 'Y',
      startsAt: daysFromNow(4),
      durationMinutes: 30,
    });
    await waitFor(() => titles(el).includes('Added later'), 'the new session');
    expect(titles(el)).to.deep.equal(['HCV ECHO #42', 'Added later', 'Later']);

    await patchSession(session.id, { status: 'ended' });
    await waitFor(() => !titles(el).includes('HCV ECHO #42'), 'the ended session to leave the list');
    await waitFor(() => liveRegion(el) === en.announceEnded('HCV ECHO #42'), 'the ended announcement');
  });

  it('shows a translated error with a working retry button when the token is bad', async () => {
    await createSession(hub.programId, { title: 'Visible', topic: 'T', startsAt: daysFromNow(2), durationMinutes: 60 });
    const errors: string[] = [];
    page.addEventListener('echo-error', (e) => errors.push(e.detail.error.code));
    const el = await mountSchedule(hub, 'lang="es"', 'not-a-token');
    const error = await waitFor(() => shadow(el, '[part="error"]'), 'the error');
    expect(isVisible(error)).to.equal(true);
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.contain(es.errorUnauthorized);
    const retry = shadow<HTMLButtonElement>(el, '[part="retry-button"]') as HTMLButtonElement;
    expect(retry.textContent?.trim()).to.equal('Reintentar');
    expect(errors).to.deep.equal(['token_invalid']); // once, with the hub's stable code

    retry.click();
    await waitFor(() => errors.length === 2, 'a second attempt');
    await waitFor(() => shadow(el, '[part="error"]'), 'the error again');

    el.token = hub.tokens.participant; // the host fixes the token
    await waitFor(() => titles(el).includes('Visible'), 'the sessions after the fix');
    expect(shadow(el, '[part="error"]')).to.equal(null);
    expect(liveRegion(el)).to.equal(''); // nobody pressed anything: nothing to announce

    el.reload(); // as the retry button does
    await waitFor(() => liveRegion(el) === es.sessionCount(1), 'the count announced after a retry');
  });

  it('says so when not configured, and when the programme has no upcoming sessions', async () => {
    const bare = fixture<EchoSchedule>('<echo-schedule lang="fr"></echo-schedule>', page);
    await bare.updateComplete;
    expect(shadow(bare, '[part="error"]')?.textContent).to.contain(fr.errorNotConfigured);

    const empty = await mountSchedule(hub, 'lang="pt"');
    await waitFor(() => shadow(empty, '[part="message"]'), 'the empty state');
    expect(shadow(empty, '[part="message"]')?.textContent).to.contain(pt.noUpcomingSessions);
  });

  it('shares the client of an enclosing <echo-provider> and defaults to the token’s programme', async () => {
    await createSession(hub.programId, { title: 'Shared', topic: 'T', startsAt: daysFromNow(2), durationMinutes: 60 });
    const provider = fixture(
      `<echo-provider hub-url="${hub.url}" token="${hub.tokens.presenter}"><echo-schedule></echo-schedule></echo-provider>`,
      page,
    );
    const el = provider.querySelector('echo-schedule') as EchoSchedule;
    await waitFor(() => titles(el).includes('Shared'), 'the sessions through the provider');
  });

  it('takes its token from getToken, and reports an unusable hub-url as not set up', async () => {
    await createSession(hub.programId, {
      title: 'Via callback',
      topic: 'T',
      startsAt: daysFromNow(2),
      durationMinutes: 60,
    });
    const el = document.createElement('echo-schedule');
    let calls = 0;
    el.getToken = async () => (calls++, hub.tokens.observer);
    el.hubUrl = hub.url;
    el.programId = hub.programId;
    fixture('<div></div>', page).append(el);
    await waitFor(() => titles(el).includes('Via callback'), 'the sessions');
    expect(calls).to.be.greaterThan(0);

    const broken = fixture<EchoSchedule>(
      `<echo-schedule hub-url="not a url" token="${hub.tokens.observer}"></echo-schedule>`,
      page,
    );
    await broken.updateComplete;
    expect(shadow(broken, '[part="error"]')?.textContent).to.contain(en.errorNotConfigured);
  });

  it('has no axe violations, light and dark, with live and cancelled sessions', async () => {
    const a = await createSession(hub.programId, {
      title: 'Live one',
      topic: 'T',
      startsAt: daysFromNow(1),
      durationMinutes: 60,
    });
    const b = await createSession(hub.programId, {
      title: 'Cancelled one',
      topic: 'T',
      startsAt: daysFromNow(2),
      durationMinutes: 60,
      recurrence: 'FREQ=WEEKLY;INTERVAL=2',
    });
    await createSession(hub.programId, { title: 'Plain', topic: 'T', startsAt: daysFromNow(3), durationMinutes: 60 });
    await patchSession(a.id, { status: 'live' });
    await patchSession(b.id, { status: 'cancelled' });
    for (const theme of ['light', 'dark']) {
      const el = await mountSchedule(hub, `theme="${theme}"`);
      await waitFor(() => rows(el).length === 3, 'three rows');
      const results = await axe.run(el, { resultTypes: ['violations'] });
      const found = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(found, `${theme} theme`).to.deep.equal([]);
      cleanup();
    }
    const bad = await mountSchedule(hub, '', 'bad');
    await waitFor(() => shadow(bad, '[part="error"]'), 'the error');
    expect((await axe.run(bad, { resultTypes: ['violations'] })).violations.map((v) => v.id)).to.deep.equal([]);
  });

  it('is keyboard operable: Tab reaches each row, Enter selects it', async () => {
    const first = await createSession(hub.programId, {
      title: 'One',
      topic: 'T',
      startsAt: daysFromNow(1),
      durationMinutes: 60,
    });
    const second = await createSession(hub.programId, {
      title: 'Two',
      topic: 'T',
      startsAt: daysFromNow(2),
      durationMinutes: 60,
    });
    const before = fixture<HTMLButtonElement>('<button>before</button>', page);
    const el = await mountSchedule(hub);
    before.focus();
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(el);
    expect(el.shadowRoot?.activeElement).to.equal(rows(el)[0]);
    const selected: string[] = [];
    el.addEventListener('echo-session-select', (e: EchoSessionSelectEvent) => selected.push(e.detail.sessionId));
    await sendKeys({ press: 'Enter' });
    expect(selected).to.deep.equal([first.id]);
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot?.activeElement).to.equal(rows(el)[1]);
    await sendKeys({ press: 'Space' });
    expect(selected).to.deep.equal([first.id, second.id]);
    expect(getComputedStyle(rows(el)[1] as Element).outlineStyle).to.equal('solid'); // visible focus ring
  });

  it('cannot be broken by the host page’s CSS, and is themeable through --echo-* and ::part', async () => {
    await createSession(hub.programId, { title: 'Styled', topic: 'T', startsAt: daysFromNow(2), durationMinutes: 60 });
    const hostile = document.createElement('style');
    hostile.textContent = `
      * { color: rgb(255, 0, 0) !important; font-size: 4px !important; text-transform: uppercase !important;
          letter-spacing: 10px !important; font-style: italic !important; line-height: 1px !important; }
      button { display: none !important; }
      li, ul { display: none !important; }`;
    document.head.append(hostile);
    try {
      const el = await mountSchedule(hub);
      const row = rows(el)[0] as HTMLButtonElement;
      const title = shadow(el, '[part="title"]') as HTMLElement;
      expect(getComputedStyle(row).display).not.to.equal('none');
      expect(isVisible(row)).to.equal(true);
      expect(getComputedStyle(title).color).not.to.equal('rgb(255, 0, 0)');
      expect(parseFloat(getComputedStyle(title).fontSize)).to.be.greaterThan(12);
      expect(getComputedStyle(title).textTransform).to.equal('none');
      expect(title.textContent).to.equal('Styled');
      for (const part of [shadow(el, '[part="base"]'), shadow(el, '[part="topic"]')] as HTMLElement[]) {
        const style = getComputedStyle(part);
        expect([style.textTransform, style.letterSpacing, style.fontStyle]).to.deep.equal(['none', 'normal', 'normal']);
        expect(parseFloat(style.lineHeight)).to.be.greaterThan(12);
      }
    } finally {
      hostile.remove();
    }

    const themed = fixture<HTMLElement>('<div style="--echo-color-primary: rgb(0, 128, 0)"></div>', page);
    const theming = document.createElement('style');
    theming.textContent = 'echo-schedule::part(item) { background-color: rgb(1, 2, 3); }';
    document.head.append(theming);
    try {
      const el = await mountSchedule(hub, '', undefined, themed);
      const row = rows(el)[0] as HTMLButtonElement;
      await waitFor(() => getComputedStyle(row).borderInlineStartColor === 'rgb(0, 128, 0)', 'the primary colour');
      expect(getComputedStyle(row).backgroundColor).to.equal('rgb(1, 2, 3)');
    } finally {
      theming.remove();
    }
  });

  it('keeps its list on screen, and stays live, when moved elsewhere in the page', async () => {
    await createSession(hub.programId, { title: 'Moved', topic: 'T', startsAt: daysFromNow(2), durationMinutes: 60 });
    const el = await mountSchedule(hub);
    const elsewhere = fixture('<section></section>', page);
    elsewhere.append(el);
    await el.updateComplete;
    expect(titles(el)).to.deep.equal(['Moved']); // no flash of "Loading…"
    await waitFor(() => el.liveStatus === 'open', 'the live connection after the move');
    await createSession(hub.programId, {
      title: 'After move',
      topic: 'T',
      startsAt: daysFromNow(3),
      durationMinutes: 60,
    });
    await waitFor(() => titles(el).includes('After move'), 'a live update after the move');
  });

  it('shows the whole start time on a 360 px phone, wrapped if need be, without sideways scrolling', async () => {
    // "Thursday, December 10, 2026 at 4:00 PM UTC" wraps on a phone: the wrapped part must stay visible (it once
    // started in the clipped gutter of the "·" separators and read ")0 PM UTC").
    await createSession(hub.programId, {
      title: 'HCV ECHO weekly clinic',
      topic: 'Direct-acting antivirals: choosing a regimen',
      startsAt: daysFromNow(3, 16),
      durationMinutes: 60,
      recurrence: 'FREQ=WEEKLY;COUNT=4',
    });
    await setViewport({ width: 360, height: 640 });
    try {
      for (const lang of ['en', 'pt']) {
        const el = await mountSchedule(hub, `lang="${lang}"`);
        const time = shadow<HTMLTimeElement>(el, '[part="time"]') as HTMLTimeElement;
        const expected = new Intl.DateTimeFormat(lang, DATE_OPTIONS).format(new Date(time.dateTime));
        expect(time.textContent).to.equal(expected);
        const clip = (time.closest('.meta') as HTMLElement).getBoundingClientRect();
        const text = document.createRange();
        text.selectNodeContents(time);
        const lines = [...text.getClientRects()].filter((r) => r.width > 0);
        expect(lines.length, `${lang}: the time wraps at 360 px`).to.be.greaterThan(1);
        for (const line of lines) {
          expect(line.left, `${lang}: no line of the time starts outside its box`).to.be.at.least(clip.left - 0.5);
          expect(line.right, `${lang}: no line of the time ends outside its box`).to.be.at.most(clip.right + 0.5);
        }
        expect(document.documentElement.scrollWidth, 'no horizontal scroll at 360 px').to.be.at.most(360);
        cleanup();
      }
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('can be hidden with the hidden attribute despite its own display rule', async () => {
    const el = await mountSchedule(hub, 'hidden');
    expect(getComputedStyle(el).display).to.equal('none');
  });

  it('follows theme="dark" and the page’s colour tokens', async () => {
    const light = await mountSchedule(hub, 'theme="light"');
    const dark = await mountSchedule(hub, 'theme="dark"');
    const bg = (el: Element) => getComputedStyle(shadow(el, '[part="base"]') as Element).backgroundColor;
    expect(bg(light)).to.equal('rgb(255, 255, 255)');
    expect(bg(dark)).not.to.equal(bg(light));
  });
});
