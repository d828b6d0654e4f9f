import { compileKnownTerms } from './free-text.js';
import type { KnownTerms } from './free-text.js';
import {
  DATE_RE,
  FULL_DATE_RE,
  INSTANT_KEYS,
  MAX_DEPTH,
  PERSON_TYPES,
  invalid,
  isObject,
  isOver89,
} from './fhir-json.js';
import type { Json, JsonObject } from './fhir-json.js';
import { DEFAULT_EXTENSIONS } from './allow-list.js';
import { IDENTIFYING_EXTENSIONS } from './policy.js';
import type { ResolvedDeidPolicy } from './policy.js';

/** Subtrees that carry neither identifiers nor the dates ages are computed at: codes, quantities, narrative. */
const SKIP = new Set(['coding', 'valueQuantity', 'referenceRange', 'interpretation', 'meta', 'div', 'category']);

const DEFAULT_EXTENSION_URLS = new Set(DEFAULT_EXTENSIONS.map((e) => e.url));

interface Person {
  birthDate?: string;
}

/** What the first pass learns about the record. */
export interface Scan {
  known: KnownTerms | undefined;
  forbiddenYears: Set<string>;
  referenceDate: string;
  resourceCount: number;
}

/** First pass: the record's own identifiers, the reference date for ages, and the birth years of the very old. */
export function scanRecord(resources: JsonObject[], policy: ResolvedDeidPolicy): Scan {
  const terms: Record<'names' | 'geographic' | 'phone' | 'email' | 'other-identifier', Set<string>> = {
    names: new Set(),
    geographic: new Set(),
    phone: new Set(),
    email: new Set(),
    'other-identifier': new Set(policy.extraIdentifiers),
  };
  const people: Person[] = [];
  let latest = '';
  let resourceCount = 0;
  const addName = (n: Json) => {
    if (typeof n === 'string') {
      addNameText(n);
      return;
    }
    if (!isObject(n)) return;
    if (typeof n.family === 'string') addNameText(n.family);
    for (const g of Array.isArray(n.given) ? n.given : []) if (typeof g === 'string') addNameText(g);
    if (typeof n.text === 'string') addNameText(n.text);
  };
  const addNameText = (s: string) => {
    terms.names.add(s);
    for (const part of s.split(/[\s,]+/)) {
      if (part.length >= 3 && !NAME_STOPWORDS.has(part.toLowerCase())) terms.names.add(part);
      for (const sub of part.split('-'))
        if (sub.length >= 3 && !NAME_STOPWORDS.has(sub.toLowerCase())) terms.names.add(sub);
    }
  };
  const addTelecom = (t: Json) => {
    if (!isObject(t) || typeof t.value !== 'string') return;
    if (t.system === 'email' || t.value.includes('@')) terms.email.add(t.value);
    else if (t.system === 'url') terms['other-identifier'].add(t.value);
    else terms.phone.add(t.value);
  };
  const addAddress = (a: Json) => {
    if (!isObject(a)) return;
    for (const l of Array.isArray(a.line) ? a.line : []) if (typeof l === 'string') terms.geographic.add(l);
    for (const k of ['city', 'district', 'text'] as const) if (typeof a[k] === 'string') terms.geographic.add(a[k]);
    if (typeof a.postalCode === 'string' && /\d{5}/.test(a.postalCode)) {
      terms.geographic.add(a.postalCode);
      terms.geographic.add(a.postalCode.slice(0, 5));
    }
  };
  const addIdentifier = (id: Json) => {
    if (isObject(id) && typeof id.value === 'string' && id.value.length >= 4) terms['other-identifier'].add(id.value);
  };
  const each = (v: Json | undefined, f: (x: Json) => void) =>
    Array.isArray(v) ? v.forEach(f) : v !== undefined && f(v);

  const visitPerson = (res: JsonObject) => {
    each(res.name, addName);
    each(res.telecom, addTelecom);
    each(res.address, addAddress);
    const person: Person = {};
    if (typeof res.birthDate === 'string') person.birthDate = res.birthDate;
    people.push(person);
    for (const c of Array.isArray(res.contact) ? res.contact : []) {
      if (!isObject(c)) continue;
      each(c.name, addName);
      each(c.telecom, addTelecom);
      each(c.address, addAddress);
    }
  };
  const walk = (v: Json, key: string, depth: number) => {
    if (depth > MAX_DEPTH) invalid('The input is nested too deeply.');
    if (Array.isArray(v)) {
      for (const x of v) walk(x, key, depth + 1);
      return;
    }
    if (typeof v === 'string') {
      const c0 = v.charCodeAt(0);
      if (c0 >= 48 && c0 <= 57 && key !== 'birthDate' && !INSTANT_KEYS.has(key)) {
        const m = FULL_DATE_RE.exec(v);
        if (m && DATE_RE.test(v) && v.slice(0, 10) > latest) latest = v.slice(0, 10);
      }
      return;
    }
    if (typeof v === 'number' && !Number.isFinite(v)) invalid('The input has a non-finite number.');
    if (!isObject(v)) {
      if (v !== null && typeof v !== 'boolean' && typeof v !== 'number') invalid('The input is not JSON data.');
      return;
    }
    if (typeof v.resourceType === 'string' && key !== 'entry') {
      resourceCount++;
      if (PERSON_TYPES.has(v.resourceType)) visitPerson(v);
    }
    if (typeof v.url === 'string' && IDENTIFYING_EXTENSIONS[v.url] === 'names' && typeof v.valueString === 'string') {
      addNameText(v.valueString);
    }
    // Extensions off the allow-list are dropped; what they held (an employer, a relative, a licence number) is
    // still this record's own identifier wherever it reappears in free text.
    if (typeof v.url === 'string' && !DEFAULT_EXTENSION_URLS.has(v.url)) {
      if (v.valueHumanName !== undefined) addName(v.valueHumanName);
      if (v.valueAddress !== undefined) addAddress(v.valueAddress);
      if (v.valueContactPoint !== undefined) addTelecom(v.valueContactPoint);
      if (v.valueIdentifier !== undefined) addIdentifier(v.valueIdentifier);
      if (typeof v.valueString === 'string' && /\d|\S\s+\S/.test(v.valueString.trim()) && v.valueString.length >= 4) {
        terms['other-identifier'].add(v.valueString.trim());
      }
    }
    if (typeof v.authorString === 'string') addNameText(v.authorString);
    for (const k of Object.keys(v)) {
      if (SKIP.has(k)) continue;
      if (k === 'identifier' || k.endsWith('Identifier')) each(v[k], addIdentifier);
      if (k === 'telecom' && !(typeof v.resourceType === 'string' && PERSON_TYPES.has(v.resourceType))) {
        each(v[k], addTelecom);
      }
      walk(v[k]!, k, depth + 1);
    }
  };
  for (const res of resources) walk(res, 'resource', 0);

  const referenceDate = policy.referenceDate ? policy.referenceDate.slice(0, 10) : latest;
  const forbiddenYears = new Set<string>();
  for (const p of people) {
    if (p.birthDate && isOver89(p.birthDate, referenceDate)) forbiddenYears.add(p.birthDate.slice(0, 4));
  }
  const placeholders: Record<keyof typeof terms, string> = {
    names: '[NAME]',
    geographic: '[ADDRESS]',
    phone: '[PHONE]',
    email: '[EMAIL]',
    'other-identifier': '[ID]',
  };
  const known = compileKnownTerms(
    (['email', 'other-identifier', 'phone', 'geographic', 'names'] as const).map(
      (kind) => [kind, terms[kind], placeholders[kind]] as const,
    ),
  );
  return { known, forbiddenYears, referenceDate, resourceCount };
}

const NAME_STOPWORDS = new Set([
  'de',
  'del',
  'la',
  'las',
  'los',
  'van',
  'von',
  'der',
  'den',
  'da',
  'dos',
  'das',
  'le',
  'the',
  'and',
  'jr',
  'jr.',
  'sr',
  'sr.',
  'ii',
  'iii',
  'mr',
  'mrs',
  'ms',
  'dr',
  'dr.',
  'md',
  'rn',
  'phd',
]);
