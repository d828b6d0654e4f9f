/// <reference types="mocha" />
// Every element in Arabic, right to left, at 360 px and 1280 px: no horizontal scroll, its content starts on the
// right (the start edge of its first line of text is the element's right edge), and it speaks Arabic.
import { expect } from '@esm-bundle/chai';
import { setViewport } from '@web/test-runner-commands';
import '../define.js';
import { ar } from './ar.js';
import type { TestHub } from '@teleecho/test-kit/elements';
import { cleanup, createSession, daysFromNow, fixture, shadow, testHub, waitFor } from '@teleecho/test-kit/elements';
import { presentedCase, submitCase } from '@teleecho/test-kit/elements/console';

interface Case {
  tag: string;
  markup: (hub: TestHub, ids: Ids) => string;
  /** What shows once the element has loaded. */
  ready: string;
  /** Arabic text the element shows once loaded. */
  says: string;
}
interface Ids {
  sessionId: string;
  caseId: string;
}

const CASES: Case[] = [
  {
    tag: 'echo-schedule',
    markup: (hub) =>
      `<echo-schedule hub-url="${hub.url}" token="${hub.tokens.participant}" program-id="${hub.programId}"></echo-schedule>`,
    ready: '[part="title"]',
    says: ar.upcomingSessions,
  },
  {
    tag: 'echo-session',
    markup: (hub, ids) =>
      `<echo-session hub-url="${hub.url}" token="${hub.tokens.participant}" session-id="${ids.sessionId}"></echo-session>`,
    ready: '[part="join-button"]',
    says: ar.session.join,
  },
  {
    tag: 'echo-case-form',
    markup: (hub) =>
      `<echo-case-form hub-url="${hub.url}" token="${hub.tokens.presenter}" program-id="${hub.programId}"></echo-case-form>`,
    ready: 'form, button, [part="error"]',
    says: ar.caseForm.chooseTemplate,
  },
  {
    tag: 'echo-recommendation-viewer',
    markup: (hub) =>
      `<echo-recommendation-viewer hub-url="${hub.url}" token="${hub.tokens.presenter}"></echo-recommendation-viewer>`,
    ready: 'h2, [part="error"]',
    says: ar.recommendations.yourCases,
  },
  {
    tag: 'echo-case-queue',
    markup: (hub) => `<echo-case-queue hub-url="${hub.url}" token="${hub.tokens.coordinator}"></echo-case-queue>`,
    ready: 'select',
    says: ar.console.filterLabel,
  },
  {
    tag: 'echo-agenda',
    markup: (hub, ids) =>
      `<echo-agenda hub-url="${hub.url}" token="${hub.tokens.facilitator}" session-id="${ids.sessionId}"></echo-agenda>`,
    ready: '[part="header"]',
    says: ar.console.agenda,
  },
  {
    tag: 'echo-recommendation-editor',
    markup: (hub, ids) =>
      `<echo-recommendation-editor hub-url="${hub.url}" token="${hub.tokens.specialist}" case-id="${ids.caseId}"></echo-recommendation-editor>`,
    ready: 'textarea',
    says: ar.console.newRecommendation,
  },
  {
    tag: 'echo-evaluation',
    markup: (hub, ids) =>
      `<echo-evaluation hub-url="${hub.url}" token="${hub.tokens.participant}" session-id="${ids.sessionId}"></echo-evaluation>`,
    ready: 'form, [part="message"], [part="error"]',
    says: ar.evaluation.noEvaluation, // the test programme asks for no evaluation
  },
];

/** The boxes of every rendered line of text inside `root` (shadow roots included). */
function textRects(root: Node): DOMRect[] {
  const rects: DOMRect[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node instanceof Element && node.shadowRoot) rects.push(...textRects(node.shadowRoot));
    if (node.nodeType === Node.TEXT_NODE && node.textContent?.trim() && !node.parentElement?.closest('style')) {
      const range = document.createRange();
      range.selectNodeContents(node);
      rects.push(...[...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0));
    }
  }
  return rects;
}

function text(root: Node): string {
  let out = '';
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node instanceof Element && node.shadowRoot) out += text(node.shadowRoot);
    if (node.nodeType === Node.TEXT_NODE) out += node.textContent;
    if (node instanceof HTMLInputElement || node instanceof HTMLButtonElement) out += ` ${node.value} `;
    if (node instanceof Element && node.hasAttribute('aria-label')) out += ` ${node.getAttribute('aria-label')} `;
  }
  return out;
}

describe('right to left: every element in Arabic', () => {
  let hub: TestHub;
  const ids: Ids = { sessionId: '', caseId: '' };

  before(async () => {
    hub = await testHub();
    const session = await createSession(hub.programId, {
      title: 'جلسة التهاب الكبد C',
      topic: 'HCV',
      startsAt: daysFromNow(0, new Date().getUTCHours()),
      durationMinutes: 120,
    });
    ids.sessionId = session.id;
    ids.caseId = (await presentedCase(hub, 'حالة تليّف الكبد', session.id)).id;
    await submitCase(hub, 'إرهاق وارتفاع ALT');
  });
  afterEach(cleanup);
  after(() => setViewport({ width: 800, height: 600 }));

  for (const width of [360, 1280]) {
    for (const c of CASES) {
      it(`<${c.tag}> at ${width} px: starts on the right, no horizontal scroll, speaks Arabic`, async () => {
        await setViewport({ width, height: 800 });
        document.documentElement.lang = 'ar';
        document.documentElement.dir = 'rtl';
        try {
          const el = fixture(c.markup(hub, ids));
          await waitFor(() => shadow(el, c.ready), `<${c.tag}> loaded`);
          await new Promise((r) => setTimeout(r, 150));
          expect(getComputedStyle(el).direction, 'direction').to.equal('rtl');
          expect(document.documentElement.scrollWidth, 'no horizontal scroll').to.be.at.most(width);
          const box = el.getBoundingClientRect();
          expect(box.right, 'inside the viewport').to.be.at.most(width + 0.5);
          const rects = textRects(el.shadowRoot!);
          expect(rects.length, 'some text').to.be.greaterThan(0);
          // Lines start at the right: the text comes at least as close to the right (start) edge as to the left one.
          const rightGap = box.right - Math.max(...rects.map((r) => r.right));
          const leftGap = Math.min(...rects.map((r) => r.left)) - box.left;
          expect(rightGap, 'closer to the right edge than to the left').to.be.at.most(leftGap + 1);
          expect(Math.min(...rects.map((r) => r.left)), 'no text left of the element').to.be.at.least(box.left - 1);
          expect(text(el.shadowRoot!)).to.contain(c.says);
        } finally {
          document.documentElement.lang = 'en';
          document.documentElement.dir = 'ltr';
        }
      });
    }
  }
});
