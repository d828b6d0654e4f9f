/// <reference types="mocha" />
// Elements defined late: a host page or a framework sets properties on the element before the script that defines
// it has run (React's first render before the CDN bundle, say). The element must use them once it is defined.
import { expect } from '@esm-bundle/chai';
import { cleanup, createSession, daysFromNow, shadow, testHub, waitFor } from '@teleecho/test-kit/elements';
import type { TestHub } from '@teleecho/test-kit/elements';
import { submitCase } from '@teleecho/test-kit/elements/console';
import { EchoAgenda } from '../console/echo-agenda.js';
import { EchoRecommendationViewer } from '../recommendations/echo-recommendation-viewer.js';
import { EchoElement } from './echo-element.js';

const mounted: Element[] = [];

/** An element of a tag nobody defined yet, in the page, with `properties` set on it as plain properties. */
function undefinedElement(tag: string, properties: Record<string, unknown>): HTMLElement {
  const el = document.createElement(tag);
  Object.assign(el, properties);
  document.body.append(el);
  mounted.push(el);
  expect(customElements.get(tag), 'not defined yet').to.equal(undefined);
  return el;
}

describe('elements defined after their properties were set (upgrade properties)', () => {
  let hub: TestHub;
  beforeEach(async () => {
    hub = await testHub();
  });
  afterEach(() => {
    cleanup();
    for (const el of mounted.splice(0)) el.remove();
  });

  it('keeps hubUrl, getToken and sessionId set before define(), then loads with them', async () => {
    const session = await createSession(hub.programId, {
      title: 'Defined late',
      topic: 'T',
      startsAt: daysFromNow(2),
      durationMinutes: 60,
    });
    let tokenCalls = 0;
    const getToken = () => {
      tokenCalls++;
      return hub.tokens.coordinator;
    };
    const el = undefinedElement('echo-late-agenda', { hubUrl: hub.url, getToken, sessionId: session.id });

    EchoAgenda.define('echo-late-agenda');

    const agenda = el as EchoAgenda;
    expect(agenda).to.be.instanceOf(EchoAgenda);
    const title = await waitFor(() => shadow(agenda, '[part="title"]'), 'the agenda loaded with the early properties');
    expect(title.textContent).to.equal('Defined late');
    expect(tokenCalls, 'the getToken set before the upgrade was called').to.be.greaterThan(0);
    expect(agenda.getToken, 'the property reads back').to.equal(getToken);
    expect(agenda.sessionId).to.equal(session.id);
    expect(shadow(agenda, '[part="message"]')?.textContent ?? '', 'not "not set up"').not.to.contain('not set up');
  });

  it('keeps token, caseId and lang set before define() on the recommendation viewer', async () => {
    const value = await submitCase(hub, 'Early case');
    const el = undefinedElement('echo-late-viewer', {
      hubUrl: hub.url,
      token: hub.tokens.presenter,
      caseId: value.id,
      lang: 'es',
    });
    EchoRecommendationViewer.define('echo-late-viewer');
    const viewer = el as EchoRecommendationViewer;
    const title = await waitFor(
      () => shadow(viewer, '[part="case-title"]'),
      'the early case, read with the early token',
    );
    expect(title.textContent?.trim()).to.equal('Early case');
    expect(shadow(viewer, '[part="base"]')?.getAttribute('lang')).to.equal('es');
  });

  it('applies a non-reactive setter of the class set before define(), once connected', () => {
    class WithSetter extends EchoElement {
      seen: string[] = [];
      set label(value: string) {
        this.seen.push(value);
      }
    }
    const el = undefinedElement('echo-late-setter', { label: 'early' });
    WithSetter.define('echo-late-setter');
    const upgraded = el as WithSetter;
    expect(upgraded.seen).to.deep.equal(['early']);
    expect(Object.prototype.hasOwnProperty.call(upgraded, 'label'), 'no own property hides the setter').to.equal(false);
  });
});
