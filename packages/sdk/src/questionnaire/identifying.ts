/**
 * In-place warnings for free text the presenter typed: the patient's own identifiers (from the ORIGINAL record,
 * collected on the EHR side and kept in the browser) and the generic Safe Harbor patterns of the de-identifier.
 * @packageDocumentation
 */
import { compileKnownTerms, findTextIdentifiers } from '../fhir/deidentify/free-text.js';
import type { KnownTerms } from '../fhir/deidentify/free-text.js';
import type { SafeHarborKind } from '../fhir/deidentify/policy.js';
import type { FhirResource } from '../types.js';
import type { IdentifyingFinding, IdentifyingHints, IdentifyingKind } from './types.js';

const PERSON_TYPES = new Set(['Patient', 'RelatedPerson', 'Person']);
const STOPWORDS = new Set(['de', 'del', 'la', 'las', 'los', 'van', 'von', 'der', 'den', 'da', 'dos', 'das', 'le']);
const STOPWORDS_TITLES = new Set(['the', 'and', 'jr', 'sr', 'ii', 'iii', 'mr', 'mrs', 'ms', 'dr', 'md', 'rn', 'phd']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/**
 * Collects the identifiers of the patient (and related persons) from the ORIGINAL record — names and their parts,
 * identifier values (MRN…), phone numbers, emails, address lines, cities and ZIP codes — for
 * {@link findIdentifyingText}. Call it on the EHR side before de-identification; keep the result in memory only
 * (never send, store or log it).
 * @param record - a Bundle, a resource, or a list of resources (e.g. `fetchCaseContext(...).resources`).
 */
export function identifierHintsFrom(
  record: FhirResource | FhirResource[] | { resources: FhirResource[] },
): IdentifyingHints {
  const hints: { [K in keyof IdentifyingHints]: Set<string> } = {
    names: new Set(),
    identifiers: new Set(),
    phones: new Set(),
    emails: new Set(),
    addresses: new Set(),
  };
  const addName = (n: unknown) => {
    const parts: string[] = [];
    if (typeof n === 'string') parts.push(n);
    else if (isObj(n)) {
      if (typeof n.text === 'string') parts.push(n.text);
      if (typeof n.family === 'string') parts.push(n.family);
      for (const g of list(n.given)) if (typeof g === 'string') parts.push(g);
    }
    for (const p of parts) {
      if (p.trim().length >= 2) hints.names.add(p.trim());
      for (const w of p.split(/[\s,-]+/)) {
        const lower = w.toLowerCase().replace(/\.$/, '');
        if (w.length >= 3 && !STOPWORDS.has(lower) && !STOPWORDS_TITLES.has(lower)) hints.names.add(w);
      }
    }
  };
  const addTelecom = (t: unknown) => {
    if (!isObj(t) || typeof t.value !== 'string') return;
    if (t.system === 'email' || t.value.includes('@')) hints.emails.add(t.value);
    else if (t.system === 'url') hints.identifiers.add(t.value);
    else hints.phones.add(t.value);
  };
  const addAddress = (a: unknown) => {
    if (!isObj(a)) return;
    for (const l of list(a.line)) if (typeof l === 'string') hints.addresses.add(l);
    for (const k of ['city', 'district', 'text', 'postalCode']) if (typeof a[k] === 'string') hints.addresses.add(a[k]);
  };
  const addIdentifier = (id: unknown) => {
    if (isObj(id) && typeof id.value === 'string' && id.value.length >= 4) hints.identifiers.add(id.value);
  };
  const walk = (v: unknown, depth: number) => {
    if (depth > 64) return;
    if (Array.isArray(v)) return v.forEach((x) => walk(x, depth + 1));
    if (!isObj(v)) return;
    if (typeof v.resourceType === 'string' && PERSON_TYPES.has(v.resourceType)) {
      list(v.name).forEach(addName);
      list(v.telecom).forEach(addTelecom);
      list(v.address).forEach(addAddress);
      for (const c of list(v.contact)) {
        if (!isObj(c)) continue;
        list(c.name).forEach(addName);
        list(c.telecom).forEach(addTelecom);
        list(c.address).forEach(addAddress);
      }
    }
    for (const [k, child] of Object.entries(v)) {
      if (k === 'identifier' || k.endsWith('Identifier')) list(child).forEach(addIdentifier);
      if (k === 'coding' || k === 'valueQuantity' || k === 'meta' || k === 'text') continue;
      walk(child, depth + 1);
    }
  };
  walk(isObj(record) && 'resources' in record ? record.resources : record, 0);
  return {
    names: [...hints.names],
    identifiers: [...hints.identifiers],
    phones: [...hints.phones],
    emails: [...hints.emails],
    addresses: [...hints.addresses],
  };
}

const KIND: Partial<Record<SafeHarborKind, IdentifyingKind>> = {
  names: 'name',
  dates: 'date',
  phone: 'phone',
  fax: 'phone',
  email: 'email',
  ssn: 'ssn',
  'medical-record-number': 'mrn',
  'account-number': 'mrn',
  geographic: 'address',
  url: 'url',
  'ip-address': 'url',
};

const compiled = new WeakMap<IdentifyingHints, KnownTerms | undefined>();

function known(hints: IdentifyingHints): KnownTerms | undefined {
  if (compiled.has(hints)) return compiled.get(hints);
  const terms = compileKnownTerms([
    ['email', hints.emails, ''],
    ['medical-record-number', hints.identifiers, ''],
    ['phone', hints.phones, ''],
    ['geographic', hints.addresses, ''],
    ['names', hints.names, ''],
  ]);
  compiled.set(hints, terms);
  return terms;
}

/**
 * Spans of free text that look identifying: the patient's own names, MRNs/identifiers, phones, emails and address
 * parts from `hints` (accents, case and separators ignored: "(505) 555-0142" matches "505.555.0142"), plus the
 * de-identifier's generic patterns in English, Spanish, Portuguese and French — dates (a year alone is fine), phone
 * numbers, emails, web and IP addresses, SSNs, numbers after a keyword ("MRN 12345678", "CPF …", "permis n° …"),
 * plates, street addresses, names after a title or a relation ("Dr. Ruiz", "esposa Guadalupe", "sa fille Chloé") and
 * workplaces ("works at …", "trabalha na …"). Sorted, without overlaps; neighbouring findings of one kind separated by
 * a space are merged. Linear in the length of `text`.
 * @param text - what the presenter typed.
 * @param hints - from {@link identifierHintsFrom} on the original record; omit for generic patterns only.
 * @param options - `certainOnly`: only findings whose shape settles them (`certain: true`), for less work (the hub's
 * PHI guard).
 */
export function findIdentifyingText(
  text: string,
  hints?: IdentifyingHints,
  options: { certainOnly?: boolean } = {},
): IdentifyingFinding[] {
  if (!text) return [];
  const out: IdentifyingFinding[] = [];
  for (const f of findTextIdentifiers(text, hints ? known(hints) : undefined, undefined, options.certainOnly)) {
    const kind = KIND[f.kind] ?? 'id';
    const last = out[out.length - 1];
    // "Marguerite Thibodeaux": one finding, not two
    if (last && last.kind === kind && f.start - last.end <= 2 && !text.slice(last.end, f.start).trim()) {
      last.end = f.end;
      last.certain ||= f.certain;
    } else out.push({ start: f.start, end: f.end, kind, safeHarborKind: f.kind, certain: f.certain });
  }
  return out;
}
