/// <reference types="mocha" />
import { expect } from '@esm-bundle/chai';
import type { Session } from '@teleecho/sdk';
import { html } from 'lit';
import { EchoDomEvent } from '../events/echo-dom-event.js';
import { EchoSessionSelectEvent } from '../events/echo-session-select.js';
import { cleanup, fixture, waitFor } from '@teleecho/test-kit/elements';
import { EchoElement } from './echo-element.js';
import { registerTranslation } from './localize.js';
import { VERSION } from './version.js';

/** A minimal element on the base class: shows its language, a date and a translated label. */
class LangProbe extends EchoElement {
  static override tagName = 'echo-test-lang-probe';
  protected override render() {
    const date = this.localize.dateTime('2026-03-05T15:00:00Z', { month: 'long', timeZone: 'UTC' });
    return html`<span id="lang">${this.localize.lang}</span><span id="label">${this.localize.term.retry}</span
      ><span id="month">${date}</span><span id="dir">${this.localize.dir}</span>`;
  }
}
LangProbe.define();

const text = (el: Element, id: string) => el.shadowRoot?.getElementById(id)?.textContent ?? '';

describe('EchoElement', () => {
  const originalLang = document.documentElement.lang;
  afterEach(() => {
    cleanup();
    document.documentElement.lang = originalLang;
  });

  describe('define()', () => {
    it('registers the tag once and can be called again without throwing', () => {
      class Twice extends EchoElement {
        static override tagName = 'echo-test-twice';
      }
      expect(Twice.define()).to.equal(Twice);
      expect(() => Twice.define()).not.to.throw();
      expect(customElements.get('echo-test-twice')).to.equal(Twice);
    });

    it('keeps a tag already taken by another copy of the library and warns once', () => {
      class FirstCopy extends EchoElement {
        static override tagName = 'echo-test-taken';
      }
      class SecondCopy extends EchoElement {
        static override tagName = 'echo-test-taken';
      }
      FirstCopy.define();
      const warnings: unknown[][] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args);
      try {
        expect(SecondCopy.define()).to.equal(FirstCopy);
        expect(() => SecondCopy.define()).not.to.throw();
      } finally {
        console.warn = warn;
      }
      expect(customElements.get('echo-test-taken')).to.equal(FirstCopy);
      expect(warnings).to.have.length(1);
      expect(String(warnings[0]?.[0])).to.contain('<echo-test-taken> is already defined');
    });

    it('registers the same class under a second tag', () => {
      class Aliased extends EchoElement {
        static override tagName = 'echo-test-alias-a';
      }
      Aliased.define();
      const second = Aliased.define('echo-test-alias-b');
      expect(customElements.get('echo-test-alias-b')).to.equal(second);
      expect(document.createElement('echo-test-alias-b')).to.be.instanceOf(Aliased);
    });

    it('exposes the package version', async () => {
      const pkg = (await (await fetch(new URL('../../package.json', import.meta.url))).json()) as { version: string };
      expect(EchoElement.version).to.equal(pkg.version);
      expect(VERSION).to.equal(pkg.version);
    });
  });

  describe('emit()', () => {
    it('dispatches typed events that bubble out of shadow DOM to the document', async () => {
      class Emitter extends EchoElement {
        static override tagName = 'echo-test-emitter';
        protected override render() {
          return html`<button>go</button>`;
        }
      }
      Emitter.define();
      const outer = fixture('<div><echo-test-emitter></echo-test-emitter></div>');
      const el = outer.querySelector('echo-test-emitter') as Emitter;
      await el.updateComplete;
      const received: EchoSessionSelectEvent[] = [];
      document.addEventListener('echo-session-select', (e) => received.push(e), { once: true });
      // Dispatched from inside the shadow root, as the elements do from their rows.
      const inner = el.shadowRoot?.querySelector('button') as HTMLButtonElement;
      const session = { id: 'ses_1', title: 'T' } as Session;
      inner.dispatchEvent(new EchoSessionSelectEvent(session));
      expect(received).to.have.length(1);
      expect(received[0]?.detail.sessionId).to.equal('ses_1');
      expect(received[0]?.target).to.equal(el); // retargeted to the host for page listeners
      expect(el.emit(new EchoDomEvent('echo-test', { ok: true }))).to.equal(true);
    });
  });

  describe('localisation', () => {
    it('uses its own lang, else the closest ancestor across shadow roots, else <html lang>, else English', async () => {
      document.documentElement.lang = 'fr';
      const outer = fixture(`<div lang="es"><echo-test-lang-probe></echo-test-lang-probe></div>`);
      const probe = outer.querySelector('echo-test-lang-probe') as LangProbe;
      await probe.updateComplete;
      expect(text(probe, 'label')).to.equal('Reintentar');
      expect(text(probe, 'month')).to.equal('marzo');

      probe.lang = 'pt-BR';
      await probe.updateComplete;
      expect(text(probe, 'lang')).to.equal('pt-BR');
      expect(text(probe, 'label')).to.equal('Tentar novamente');

      const nested = fixture<HTMLElement>('<div></div>');
      const root = nested.attachShadow({ mode: 'open' });
      root.innerHTML = '<section lang="fr"><echo-test-lang-probe></echo-test-lang-probe></section>';
      const deep = root.querySelector('echo-test-lang-probe') as LangProbe;
      await deep.updateComplete;
      expect(text(deep, 'label')).to.equal('Réessayer');

      document.documentElement.lang = '';
      const plain = fixture<LangProbe>('<echo-test-lang-probe></echo-test-lang-probe>');
      await plain.updateComplete;
      expect(text(plain, 'label')).to.equal('Try again');
    });

    it('follows a change of <html lang> without being touched', async () => {
      document.documentElement.lang = 'en';
      const probe = fixture<LangProbe>('<echo-test-lang-probe></echo-test-lang-probe>');
      await probe.updateComplete;
      expect(text(probe, 'label')).to.equal('Try again');
      document.documentElement.lang = 'es';
      await waitFor(() => text(probe, 'label') === 'Reintentar', 'the Spanish label');
      expect(text(probe, 'month')).to.equal('marzo');
    });

    it('falls back to English words and formats for a language it does not have', async () => {
      const probe = fixture<LangProbe>('<echo-test-lang-probe lang="de-AT"></echo-test-lang-probe>');
      await probe.updateComplete;
      expect(text(probe, 'lang')).to.equal('en');
      expect(text(probe, 'label')).to.equal('Try again');
      expect(text(probe, 'month')).to.equal('March');
    });

    it('takes translations registered by the host, including right-to-left ones', async () => {
      // Hebrew: right to left, and not one of the languages the kit ships
      const probe = fixture<LangProbe>('<echo-test-lang-probe lang="he"></echo-test-lang-probe>');
      await probe.updateComplete;
      expect(text(probe, 'label')).to.equal('Try again');
      const { en } = await import('../translations/en.js');
      registerTranslation({ ...en, $code: 'he', $name: 'עברית', $dir: 'rtl', retry: 'נסה שוב' });
      await waitFor(() => text(probe, 'label') === 'נסה שוב', 'the registered Hebrew label');
      expect(text(probe, 'dir')).to.equal('rtl');

      // English content stays left-to-right on a right-to-left page, unless the element itself says otherwise.
      const english = fixture('<div dir="rtl"><echo-test-lang-probe lang="en"></echo-test-lang-probe></div>');
      const inRtl = english.querySelector('echo-test-lang-probe') as LangProbe;
      await inRtl.updateComplete;
      expect(text(inRtl, 'dir')).to.equal('ltr');
      inRtl.dir = 'rtl';
      await inRtl.updateComplete;
      expect(text(inRtl, 'dir')).to.equal('rtl');
    });
  });
});
