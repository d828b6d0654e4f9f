/// <reference types="mocha" />
// Every bundled language says everything the elements say — no key missing, none left over, none unused by the
// elements — and its functions give real text (no `undefined`, no stray `#`) for every value the elements pass,
// with the plural forms of the language's CLDR rules.
import { expect } from '@esm-bundle/chai';
import { CASE_STATUSES, RECOMMENDATION_CATEGORIES, ROLES } from '@teleecho/sdk/contract';
import { SAFE_HARBOR_KINDS } from '@teleecho/sdk';
import { getTranslation, loadTranslation } from '../internal/localize.js';
import { en } from './en.js';
import { plural } from './plural.js';
import type { Translation } from './types.js';

/** The languages shipped with the elements (English is the reference every other one is compared with). */
const BUNDLED = ['es', 'pt', 'fr', 'ar', 'hi', 'ru', 'sw', 'vi'] as const;

type Leaf = string | ((...args: never[]) => string);
type Tree = { [key: string]: Leaf | Tree };

/** `{ session: { mute: 'Mute' } }` → `['session.mute']`; `$`-keys (code, name, direction) included. */
function keyPaths(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keyPaths(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function at(tree: Tree, path: string): Leaf | Tree | undefined {
  let node: Leaf | Tree | undefined = tree;
  for (const part of path.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return node;
}

const ISSUE_CODES = [
  'required',
  'maxLength',
  'minLength',
  'minValue',
  'maxValue',
  'type',
  'option',
  'repeats',
  'readOnly',
  'enableWhen',
  'unknownItem',
  'unit',
  'unsupportedType',
  'questionnaire',
  'status',
];
const COUNTS = [0, 1, 2, 3, 4, 5, 11, 21, 22, 25, 100, 101];

/** Every value the elements pass to a function-valued key whose argument is a closed set (the rest get COUNTS or names). */
const ENUMS: Record<string, readonly (readonly unknown[])[]> = {
  recurrence: ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'].flatMap((f) => COUNTS.filter((c) => c > 0).map((c) => [f, c])),
  'session.role': ROLES.map((r) => [r]),
  'session.quality': ['excellent', 'good', 'poor', 'lost', 'unknown'].map((q) => [q]),
  'recommendations.caseStatus': CASE_STATUSES.map((s) => [s]),
  'recommendations.categoryName': RECOMMENDATION_CATEGORIES.map((c) => [c]),
  'console.caseStatus': CASE_STATUSES.map((s) => [s]),
  'console.categoryName': RECOMMENDATION_CATEGORIES.map((c) => [c]),
  'console.deidentificationAction': ['removed', 'generalized', 'redacted', 'dropped'].map((a) => [a]),
  'console.sessionStatus': ['scheduled', 'live', 'ended', 'cancelled'].map((s) => [s]),
  'console.issuePresentFirst': [[true], [false]],
  'caseForm.recordSection': ['problems', 'medications', 'allergies', 'results', 'vitalSigns'].map((s) => [s]),
  'caseForm.unreadSections': COUNTS.map((c) => ['allergies', c]),
  'caseForm.issue': ISSUE_CODES.map((code) => [code, 12]),
  'caseForm.identifyingKind': ['name', 'date', 'phone', 'mrn', 'email', 'ssn', 'address', 'url', 'id'].map((k) => [k]),
  'caseForm.deidAction': ['removed', 'generalized', 'redacted', 'dropped'].map((a) => [a]),
  'caseForm.deidReason': ['not-allowed', 'free-text', 'attachment', 'modifier-extension'].map((r) => [r]),
  'caseForm.deidKind': SAFE_HARBOR_KINDS.map((k) => [k]),
  'caseForm.caseStatus': CASE_STATUSES.map((s) => [s]),
  'evaluation.creditReason': ['session_not_ended', 'below_minimum', 'evaluation_pending', 'session_cancelled'].map(
    (r) => [r],
  ),
};

/** Arguments for a function-valued key: its closed set, or counts and a name for each parameter. */
function samples(path: string, fn: (...args: never[]) => string): (readonly unknown[])[] {
  const closed = ENUMS[path];
  if (closed) return [...closed];
  return COUNTS.map((c) => Array.from({ length: fn.length }, () => c));
}

/** What a function-valued key gave back that a user should never read. */
function broken(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.trim() === '') return `not a text: ${String(text)}`;
  if (/undefined|NaN|\[object/.test(text)) return `contains ${text.match(/undefined|NaN|\[object/)![0]}: ${text}`;
  if (text.includes('#')) return `a plural placeholder was left: ${text}`;
  return undefined;
}

/** The element modules, fetched from the test server by following relative imports from the entry points. */
async function elementSources(): Promise<string> {
  const root = new URL('../', import.meta.url);
  const seen = new Set<string>();
  const texts: string[] = [];
  let wave = [new URL('index.ts', root).href, new URL('define.ts', root).href];
  while (wave.length > 0) {
    for (const url of wave) seen.add(url);
    // One wave of modules at a time, fetched together.
    const fetched = await Promise.all(
      wave.map(async (url) => {
        const response = await fetch(url);
        expect(response.ok, `fetch ${url}`).to.equal(true);
        return { url, text: await response.text() };
      }),
    );
    const next = new Set<string>();
    for (const { url, text } of fetched) {
      if (!url.includes('/translations/')) texts.push(text);
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const href = new URL(match[1]!, url).href.split('?')[0]!;
        if (href.startsWith(root.href) && !href.includes('.test.') && !seen.has(href)) next.add(href);
      }
    }
    wave = [...next];
  }
  expect(texts.length, 'element modules found').to.be.greaterThan(20);
  return texts.join('\n');
}

describe('translations', () => {
  const reference = keyPaths(en as unknown as Tree).sort();

  for (const code of BUNDLED) {
    it(`${code}: loads as a chunk of its own and has exactly the keys of English`, async () => {
      expect(getTranslation(code), `${code} is not in the entry chunk`).to.equal(undefined);
      await loadTranslation(code);
      const t = getTranslation(code);
      expect(t, `${code} loaded`).to.not.equal(undefined);
      expect(t!.$code).to.equal(code);
      const keys = keyPaths(t as unknown as Tree).sort();
      const missing = reference.filter((k) => !keys.includes(k));
      const extra = keys.filter((k) => !reference.includes(k));
      expect(missing, `${code}: missing keys`).to.deep.equal([]);
      expect(extra, `${code}: keys English does not have`).to.deep.equal([]);
      for (const key of reference) {
        expect(typeof at(t as unknown as Tree, key), `${code}: ${key} has the kind of value English has`).to.equal(
          typeof at(en as unknown as Tree, key),
        );
      }
    });

    it(`${code}: every function gives real text for every value the elements pass`, async () => {
      await loadTranslation(code);
      const t = getTranslation(code)! as unknown as Tree;
      const problems: string[] = [];
      for (const key of reference) {
        const fn = at(t, key);
        if (typeof fn !== 'function') {
          if (typeof fn === 'string' && fn.trim() === '') problems.push(`${key}: empty`);
          continue;
        }
        for (const args of samples(key, fn)) {
          const problem = broken((fn as (...a: unknown[]) => unknown)(...args));
          if (problem) problems.push(`${key}(${args.join(', ')}): ${problem}`);
        }
      }
      expect(problems, `${code}: texts a user would read`).to.deep.equal([]);
    });
  }

  it('English is complete for every value the elements pass', () => {
    const problems: string[] = [];
    for (const key of reference) {
      const fn = at(en as unknown as Tree, key);
      if (typeof fn !== 'function') continue;
      for (const args of samples(key, fn)) {
        const problem = broken((fn as (...a: unknown[]) => unknown)(...args));
        if (problem) problems.push(`${key}(${args.join(', ')}): ${problem}`);
      }
    }
    expect(problems).to.deep.equal([]);
  });

  it('no key is unused: the elements read every key of the Translation', async function () {
    this.timeout(120_000); // fetches every module of the elements from the test server
    const source = await elementSources();
    const unused = reference
      .filter((path) => !path.startsWith('$') || path === '$dir')
      .filter((path) => {
        const name = path.split('.').pop()!;
        return !new RegExp(`\\.\\s*${name.replace('$', '\\$')}\\b|['"]${name.replace('$', '\\$')}['"]`).test(source);
      });
    expect(unused, 'keys no element reads (remove them from every locale and types.ts)').to.deep.equal([]);
  });

  it('plural forms follow each language’s rules (Intl.PluralRules)', async () => {
    await Promise.all(['ar', 'ru', 'hi', 'vi'].map((c) => loadTranslation(c)));
    const ar = getTranslation('ar')!;
    const ru = getTranslation('ru')!;
    const vi = getTranslation('vi')!;
    expect([0, 1, 2, 3, 11, 100].map((c) => ar.sessionCount(c))).to.deep.equal([
      'لا توجد جلسات قادمة',
      'جلسة قادمة واحدة',
      'جلستان قادمتان',
      '3 جلسات قادمة',
      '11 جلسة قادمة',
      '100 جلسة قادمة',
    ]);
    expect([1, 2, 5, 21, 22, 25].map((c) => ru.sessionCount(c))).to.deep.equal([
      '1 предстоящая сессия',
      '2 предстоящие сессии',
      '5 предстоящих сессий',
      '21 предстоящая сессия',
      '22 предстоящие сессии',
      '25 предстоящих сессий',
    ]);
    expect(ru.console.announceIssued(1235)).to.equal(
      `Выдано ${new Intl.NumberFormat('ru').format(1235)} рекомендаций.`,
    );
    expect(vi.sessionCount(3)).to.equal('3 buổi sắp tới');
    expect(plural('hi', 0, { one: '# सत्र (one)', other: '# (other)' })).to.equal('0 सत्र (one)');
  });

  it('Arabic is written right to left; the others left to right', async () => {
    await Promise.all(BUNDLED.map((c) => loadTranslation(c)));
    expect(BUNDLED.filter((c) => getTranslation(c)!.$dir === 'rtl')).to.deep.equal(['ar']);
    expect((getTranslation('ar') as Translation).$name).to.equal('العربية');
  });
});
