/**
 * Localisation: which language an element speaks, its translations, and locale-aware formatting.
 * @packageDocumentation
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { en } from '../translations/en.js';
import type { Translation } from '../translations/types.js';

/** The language used when nothing else matches. */
export const FALLBACK_TRANSLATION: Translation = en;

const translations = new Map<string, Translation>([[en.$code, en]]);

/**
 * The bundled languages other than English, each in its own chunk: a page loads only the language it shows
 * (English is always there as the fallback).
 */
const bundled: Record<string, () => Promise<Translation>> = {
  es: () => import('../translations/es.js').then((m) => m.es),
  pt: () => import('../translations/pt.js').then((m) => m.pt),
  fr: () => import('../translations/fr.js').then((m) => m.fr),
  ar: () => import('../translations/ar.js').then((m) => m.ar),
  hi: () => import('../translations/hi.js').then((m) => m.hi),
  ru: () => import('../translations/ru.js').then((m) => m.ru),
  sw: () => import('../translations/sw.js').then((m) => m.sw),
  vi: () => import('../translations/vi.js').then((m) => m.vi),
};
const loading = new Map<string, Promise<void>>();

function bundledCode(lang: string): string | undefined {
  const code = lang.toLowerCase();
  if (code in bundled) return code;
  const base = code.split('-')[0] ?? '';
  return base in bundled ? base : undefined;
}

/**
 * Loads a bundled translation (es, pt, fr, ar, hi, ru, sw, vi) for a BCP 47 tag if it is not loaded yet. Resolves
 * at once for English, for registered translations and for languages we do not ship; never rejects (a failed load
 * keeps English). Elements call it before they render, so hosts rarely need to.
 */
export function loadTranslation(lang: string): Promise<void> {
  if (getTranslation(lang)) return Promise.resolve();
  const code = bundledCode(lang);
  if (!code) return Promise.resolve();
  const existing = loading.get(code);
  if (existing) return existing;
  const pending = bundled[code]!().then(
    (t) => {
      if (!translations.has(t.$code)) translations.set(t.$code, t);
    },
    () => {
      loading.delete(code);
    },
  );
  loading.set(code, pending);
  return pending;
}

/**
 * Adds (or replaces) translations, keyed by their `$code`, so hosts can ship another language or reword one.
 * Elements already on the page pick it up on their next render.
 */
export function registerTranslation(...added: Translation[]): void {
  for (const t of added) translations.set(t.$code.toLowerCase(), t);
  for (const controller of connected) controller.host.requestUpdate();
}

/** The translation for a BCP 47 tag (`"pt-BR"` → Portuguese), or `undefined` when none is registered. */
export function getTranslation(lang: string): Translation | undefined {
  const code = lang.toLowerCase();
  return translations.get(code) ?? translations.get(code.split('-')[0] ?? '');
}

/** The nearest non-empty `name` attribute at or above `el`, crossing shadow roots up to `<html>`. */
function closestAttribute(el: Element, name: string): string | undefined {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element) {
      const value = node.getAttribute(name);
      if (value) return value;
    }
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return undefined;
}

function isValidLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

const connected = new Set<LocalizeController>();
let documentObserver: MutationObserver | undefined;

function watchDocument(): void {
  if (documentObserver || typeof MutationObserver === 'undefined') return;
  documentObserver = new MutationObserver(() => {
    for (const controller of connected) controller.host.requestUpdate();
  });
  documentObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
}

/** A host the controller can serve: a reactive element. */
export type LocalizeHost = ReactiveControllerHost & HTMLElement;

/**
 * Picks the element's language — its own `lang`, else the closest ancestor's (across shadow roots), else
 * `<html lang>`, else English — and re-renders the host when `<html lang>` changes.
 * Unknown languages fall back to English for both words and formats, so a page never mixes two languages.
 */
export class LocalizeController implements ReactiveController {
  constructor(readonly host: LocalizeHost) {
    host.addController(this);
  }

  hostConnected(): void {
    connected.add(this);
    watchDocument();
  }

  hostDisconnected(): void {
    connected.delete(this);
    if (connected.size === 0) {
      documentObserver?.disconnect();
      documentObserver = undefined;
    }
  }

  /**
   * Resolves when the translation the element asks for is loaded (a bundled language loads on first use);
   * `undefined` when it already is, so rendering need not wait.
   */
  ready(): Promise<void> | undefined {
    const requested = this.host.lang || closestAttribute(this.host, 'lang');
    if (!requested || getTranslation(requested) || !bundledCode(requested)) return undefined;
    return loadTranslation(requested);
  }

  /** The BCP 47 tag used for formatting, e.g. `"pt-BR"`; `"en"` when the requested language is not available. */
  get lang(): string {
    const requested = this.host.lang || closestAttribute(this.host, 'lang');
    const translation = requested ? getTranslation(requested) : undefined;
    if (!requested || !translation) return FALLBACK_TRANSLATION.$code;
    return isValidLocale(requested) ? requested : translation.$code;
  }

  /** The translation in use. */
  get term(): Translation {
    return getTranslation(this.lang) ?? FALLBACK_TRANSLATION;
  }

  /**
   * Writing direction of the element's content: the host's own `dir`, else its language's. (Not the page's: an
   * English element on a right-to-left page — e.g. when the page's language has no translation — reads left to
   * right.) Text from the hub, which may be in any language, is isolated with `<bdi>` by the elements.
   */
  get dir(): 'ltr' | 'rtl' {
    const dir = (this.host.dir || '').toLowerCase(); // undefined until set: Lit owns the property
    if (dir === 'rtl' || dir === 'ltr') return dir;
    return this.term.$dir;
  }

  /** Formats a date in the element's language (and `timeZone`, default the viewer's). */
  dateTime(date: Date | string, options: Intl.DateTimeFormatOptions = {}): string {
    return new Intl.DateTimeFormat(this.lang, options).format(typeof date === 'string' ? new Date(date) : date);
  }

  /** A duration such as "1 hour, 30 minutes" / "1 hora y 30 minutos", from minutes. */
  duration(minutes: number): string {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    const unit = (value: number, u: 'hour' | 'minute') =>
      new Intl.NumberFormat(this.lang, { style: 'unit', unit: u, unitDisplay: 'long' }).format(value);
    const parts = [...(hours ? [unit(hours, 'hour')] : []), ...(rest || !hours ? [unit(rest, 'minute')] : [])];
    return new Intl.ListFormat(this.lang, { style: 'long', type: 'unit' }).format(parts);
  }
}
