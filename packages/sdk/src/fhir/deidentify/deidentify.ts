import { EchoError } from '../../errors.js';
import type { DeidentificationChange, DeidentificationReport, FhirResource } from '../../types.js';
import { DATATYPES, EXTENSION_VALUE_RULES, NEVER_KEPT, NEVER_KEPT_VALUES, compileAllowList } from './allow-list.js';
import type {
  AllowedExtension,
  CompiledAllowList,
  DatatypeName,
  DropReason,
  ElementRule,
  ElementRules,
  FreeTextKind,
} from './allow-list.js';
import { scrubText, scrubXhtml } from './free-text.js';
import type { ScrubResult, TextScrubContext } from './free-text.js';
import { DATE_RE, MAX_DEPTH, invalid, isObject, isOver89 } from './fhir-json.js';
import type { Json, JsonObject } from './fhir-json.js';
import { scanRecord } from './scan.js';
import { createKeyedHasher } from './keyed-hash.js';
import type { KeyedHasher } from './keyed-hash.js';
import { IDENTIFYING_EXTENSIONS, resolvePolicy } from './policy.js';
import type { DeidPolicy, ResolvedDeidPolicy, SafeHarborKind } from './policy.js';

/** A FHIR R4 Bundle, as far as de-identification cares. */
export interface FhirBundle extends FhirResource {
  resourceType: 'Bundle';
  /** `collection`, `transaction`, `searchset`… */
  type?: string;
  /** The entries; each usually carries one resource. */
  entry?: Array<{ fullUrl?: string; resource?: FhirResource; [key: string]: unknown }>;
}

/** One change in a {@link DeidentifyResult} report: a {@link DeidentificationChange} plus the resource it touched. */
export interface DeidentifyChange extends DeidentificationChange {
  /** The changed resource as `Type/<pseudonymous id>` (its type alone when it had no id). */
  resource?: string;
}

/** What {@link deidentify} returns. */
export interface DeidentifyResult {
  /**
   * The de-identified resources, in input order (bundle entries without a resource are skipped, and so are
   * resources that may not leave: types off the allow-list, or carrying an unknown modifier extension).
   */
  resources: FhirResource[];
  /** For each of `resources`, the index of the input resource it came from (inputs that were dropped have none). */
  origins: number[];
  /** The de-identified Bundle, when the input was one. */
  bundle?: FhirBundle;
  /** Every change made, with paths and identifier kinds but never the original values. */
  report: DeidentificationReport & {
    /** The legal standard applied. */
    standard: string;
    /** Number of resources processed (contained ones included). */
    resourceCount: number;
    /** Number of changes per identifier kind. */
    counts: Partial<Record<SafeHarborKind, number>>;
    /** Whether resource ids were hashed with a caller-supplied key (linkable) or a random one. */
    idKey: 'policy' | 'random';
    /** Every change, in document order. */
    changes: DeidentifyChange[];
  };
}

/** Extension marking a person whose age is over 89 (birth date removed). */
export const AGE_OVER_89_EXTENSION = 'https://teleecho.org/fhir/StructureDefinition/age-over-89';

const REF_RE = /^(?:.*\/)?([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;
const REMOVE = Symbol('remove');

type Out = Json | typeof REMOVE;

/**
 * De-identifies FHIR R4 resources following HIPAA Safe Harbor (45 CFR 164.514(b)(2)) with an **allow-list**: only
 * the elements of clinical content listed for each resource type in {@link RESOURCE_ALLOW_LIST} (codes, values and
 * units, statuses, categories, interpretations, reference ranges, dosage structure, year-only dates) leave;
 * everything else — unknown elements, extensions off {@link DEFAULT_EXTENSIONS}, attachments, identifiers, names,
 * contacts — is dropped and reported (`action: "dropped"`, `reason: "not-allowed"`). Resource types off the list, and
 * resources carrying a modifier extension that is not allowed, are dropped whole.
 *
 * - Addresses keep state, country and a 3-digit ZIP (`000` in sparsely populated areas); dates keep their year; ages
 *   over 89 become `90+` and the birth date is dropped.
 * - Free text (notes, narrative, `valueString`) is kept only when `policy.freeText` asks for it (the case template
 *   reads it), always through the scrubber, which also redacts the record's own identifiers (patient, relatives,
 *   staff: names, MRN, phones, street, city, email) wherever they appear. Terminology text (`Coding.display`,
 *   `CodeableConcept.text`) is scrubbed too.
 * - Resource ids become keyed hashes (HMAC-SHA256 with `policy.idKey`, or a random key per call), and every
 *   reference, `fullUrl` and contained `#id` is rewritten the same way so references still resolve.
 *
 * Pure, synchronous and deterministic for a given `idKey`; runs unchanged in browsers and Node.
 *
 * @param input A Bundle, a resource, an array of resources, or their JSON text.
 * @param policy Policy overrides (plain JSON); defaults to {@link SAFE_HARBOR_POLICY}.
 * @throws EchoError `invalid_fhir` when the input is not FHIR JSON; `invalid_policy` for a malformed policy.
 */
export function deidentify(
  input: FhirBundle | FhirResource | FhirResource[] | string,
  policy?: Partial<DeidPolicy>,
): DeidentifyResult {
  const resolved = resolvePolicy(policy);
  try {
    return run(parseInput(input, resolved), resolved);
  } catch (error) {
    if (error instanceof EchoError) throw error;
    throw new EchoError('invalid_fhir', 'The input could not be de-identified as FHIR JSON.', { cause: error });
  }
}

interface ParsedInput {
  bundle?: JsonObject;
  resources: JsonObject[];
}

function parseInput(input: unknown, policy: ResolvedDeidPolicy): ParsedInput {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      invalid('The input is not JSON.');
    }
  }
  const checkResource = (r: unknown, where: string): JsonObject => {
    if (!isObject(r) || typeof r.resourceType !== 'string' || !/^[A-Z][A-Za-z]{1,63}$/.test(r.resourceType)) {
      invalid(`${where} is not a FHIR resource (no valid resourceType).`);
    }
    return r;
  };
  let parsed: ParsedInput;
  if (Array.isArray(value)) {
    parsed = { resources: value.map((r, i) => checkResource(r, `Item ${i}`)) };
  } else {
    const root = checkResource(value, 'The input');
    if (root.resourceType === 'Bundle') {
      if (root.entry !== undefined && !Array.isArray(root.entry)) invalid('Bundle.entry is not an array.');
      const entries = (root.entry ?? []) as Json[];
      const resources: JsonObject[] = [];
      entries.forEach((e, i) => {
        if (!isObject(e)) invalid(`Bundle.entry[${i}] is not an object.`);
        if (e.resource !== undefined) resources.push(checkResource(e.resource, `Bundle.entry[${i}].resource`));
      });
      parsed = { bundle: root, resources };
    } else parsed = { resources: [root] };
  }
  let count = 0;
  for (const r of parsed.resources) count += 1 + (Array.isArray(r.contained) ? r.contained.length : 0);
  if (count > policy.maxResources) invalid(`The input has more than ${policy.maxResources} resources.`);
  return parsed;
}

/** Shared state of one de-identification. */
interface Run {
  policy: ResolvedDeidPolicy;
  allow: CompiledAllowList;
  hash: KeyedHasher;
  changes: DeidentifyChange[];
  text: TextScrubContext;
  referenceDate: string;
  fullUrlBase: string;
  removeExtensions: Set<string>;
  restricted: Set<string>;
  /** Scrub results by input string: charts repeat the same displays, dosage texts and notes many times. */
  scrubbed: Map<string, ScrubResult>;
}

/** Position of the element being transformed. */
interface Where {
  resourceType: string;
  resource: string;
  /** The enclosing element (undefined at the resource root); the path is only built when a change is reported. */
  parent: Where | undefined;
  key: string | number;
  /** The element's path, computed on first use. */
  path?: string;
  depth: number;
}

function run(parsed: ParsedInput, policy: ResolvedDeidPolicy): DeidentifyResult {
  const scan = scanRecord(parsed.resources, policy);
  const restricted = new Set(policy.restrictedZip3);
  const zip = (zip5: string) => generalizeZip(zip5, policy, restricted) ?? '[ZIP]';
  const r: Run = {
    policy,
    allow: compileAllowList(policy),
    hash: createKeyedHasher(policy.idKey || undefined),
    changes: [],
    text: { known: scan.known, zip, forbiddenYears: scan.forbiddenYears },
    referenceDate: scan.referenceDate,
    fullUrlBase: policy.fullUrlBase.replace(/\/+$/, ''),
    removeExtensions: new Set(policy.removeExtensions),
    restricted,
    scrubbed: new Map(),
  };
  const resources: FhirResource[] = [];
  const origins: number[] = [];
  let bundle: FhirBundle | undefined;
  if (parsed.bundle) {
    const out = transformBundle(parsed.bundle, r, 0);
    out.entry?.forEach((e, i) => {
      if (isObject(e.resource)) {
        resources.push(e.resource as FhirResource);
        origins.push((e as unknown as { [ORIGIN]: number })[ORIGIN] ?? i);
      }
    });
    for (const e of out.entry ?? []) delete (e as unknown as { [ORIGIN]?: number })[ORIGIN];
    bundle = out;
  } else {
    parsed.resources.forEach((res, i) => {
      const t = transformResource(res, r, 0, false, '');
      if (t === REMOVE) return;
      resources.push(t as FhirResource);
      origins.push(i);
    });
  }
  const counts: Partial<Record<SafeHarborKind, number>> = {};
  for (const c of r.changes) counts[c.kind as SafeHarborKind] = (counts[c.kind as SafeHarborKind] ?? 0) + 1;
  const report: DeidentifyResult['report'] = {
    policy: policy.name,
    standard: 'HIPAA Safe Harbor, 45 CFR 164.514(b)(2)',
    resourceCount: scan.resourceCount,
    idKey: policy.idKey ? 'policy' : 'random',
    counts,
    changes: r.changes,
  };
  const result: DeidentifyResult = { resources, origins, report };
  if (bundle) result.bundle = bundle;
  return result;
}

/** Marks a Bundle entry with the index of its resource among the input's resources (removed before returning). */
const ORIGIN = Symbol('origin');

function generalizeZip(zip: string, policy: ResolvedDeidPolicy, restricted: Set<string>): string | undefined {
  if (!policy.keepZip3) return undefined;
  const digits = zip.replace(/\D/g, '');
  if (digits.length < 3) return undefined;
  const zip3 = digits.slice(0, 3);
  return restricted.has(zip3) ? '000' : zip3;
}

function pathOf(w: Where): string {
  if (w.path !== undefined) return w.path;
  const parent = w.parent ? pathOf(w.parent) : '';
  const k = w.key;
  w.path = !w.parent ? '' : typeof k === 'number' ? `${parent}[${k}]` : parent ? `${parent}.${k}` : k;
  return w.path;
}

function change(
  r: Run,
  w: Where,
  suffix: string,
  kind: SafeHarborKind,
  action: DeidentificationChange['action'],
  extra?: { replacement?: string; reason?: DropReason },
) {
  const base = pathOf(w);
  const path = base ? base + suffix : suffix.replace(/^\./, '');
  const c: DeidentifyChange = { path: path ? `${w.resourceType}.${path}` : w.resourceType, kind, action };
  if (extra?.replacement !== undefined) c.replacement = extra.replacement;
  if (extra?.reason !== undefined) c.reason = extra.reason;
  if (w.resource) c.resource = w.resource;
  r.changes.push(c);
}

const sub = (w: Where, key: string | number): Where => {
  if (w.depth >= MAX_DEPTH) invalid('The input is nested too deeply.');
  return { resourceType: w.resourceType, resource: w.resource, parent: w, key, depth: w.depth + 1 };
};

/** Checks that `v` is JSON data all the way down (so dropped subtrees cannot hide a cycle or a function). */
function checkJson(v: unknown, depth: number): void {
  if (depth > MAX_DEPTH) invalid('The input is nested too deeply.');
  if (Array.isArray(v)) for (const x of v) checkJson(x, depth + 1);
  else if (isObject(v)) for (const k of Object.keys(v)) checkJson(v[k], depth + 1);
  else if (typeof v === 'number' && !Number.isFinite(v)) invalid('The input has a non-finite number.');
  else if (v !== null && typeof v !== 'string' && typeof v !== 'boolean' && typeof v !== 'number') {
    invalid('The input is not JSON data.');
  }
}

function identifierKind(id: Json): SafeHarborKind {
  if (!isObject(id)) return 'other-identifier';
  const system = typeof id.system === 'string' ? id.system.toLowerCase() : '';
  const codes = JSON.stringify(id.type ?? '').toLowerCase();
  if (system.includes('ssn') || codes.includes('"ss"')) return 'ssn';
  if (codes.includes('"mr"') || system.includes('mrn')) return 'medical-record-number';
  if (codes.includes('"dl"') || codes.includes('"ppn"') || codes.includes('"md"') || system.includes('npi')) {
    return 'certificate-license-number';
  }
  if (codes.includes('"mb"') || codes.includes('"sn"') || system.includes('member')) return 'health-plan-number';
  if (codes.includes('"an"') || system.includes('account')) return 'account-number';
  if (system.includes('device') || codes.includes('"udi"')) return 'device-identifier';
  return 'other-identifier';
}

const TELECOM_KIND: Record<string, SafeHarborKind> = {
  phone: 'phone',
  fax: 'fax',
  email: 'email',
  url: 'url',
  sms: 'phone',
  pager: 'phone',
  other: 'other-identifier',
};

/** The Safe Harbor kind of an element that is an identifier by nature, one array item at a time. */
function neverKeptKind(key: string, item: Json): SafeHarborKind | undefined {
  if (key === 'identifier' || key.endsWith('Identifier')) return identifierKind(item);
  if (key === 'telecom')
    return (isObject(item) && typeof item.system === 'string' && TELECOM_KIND[item.system]) || 'phone';
  if ((key === 'photo' || key === 'attachment' || key === 'presentedForm') && isObject(item)) {
    return typeof item.contentType === 'string' && item.contentType.startsWith('image/')
      ? 'full-face-photo'
      : NEVER_KEPT[key];
  }
  return NEVER_KEPT[key];
}

/** Drops an element that is not on the allow-list, reporting it (one change per item for identifiers). */
function drop(key: string, v: Json, r: Run, w: Where): typeof REMOVE {
  checkJson(v, w.depth);
  const items = Array.isArray(v) ? v : [v];
  const attachment = key === 'attachment' || key === 'presentedForm' || key === 'photo';
  const kind0 = neverKeptKind(key, items[0] ?? null);
  if (kind0 !== undefined) {
    items.forEach((item, i) => {
      const kind = neverKeptKind(key, item) ?? kind0;
      const suffix = Array.isArray(v) ? `[${i}]` : '';
      change(r, w, suffix, kind, 'removed', attachment ? { reason: 'attachment' } : undefined);
    });
  } else {
    const kind = key.startsWith('value') ? (NEVER_KEPT_VALUES[key] ?? 'other-identifier') : 'other-identifier';
    change(r, w, '', kind, 'dropped', { reason: attachment ? 'attachment' : 'not-allowed' });
  }
  return REMOVE;
}

function transformBundle(bundle: JsonObject, r: Run, depth: number): FhirBundle {
  const type = 'Bundle';
  const newId = typeof bundle.id === 'string' ? r.hash(`${type}/${bundle.id}`) : '';
  const w: Where = {
    resourceType: type,
    resource: newId ? `Bundle/${newId}` : type,
    parent: undefined,
    key: '',
    depth,
  };
  const out: JsonObject = { resourceType: 'Bundle' };
  if (newId) out.id = newId;
  let resourceIndex = 0;
  for (const key of Object.keys(bundle)) {
    const v = bundle[key]!;
    if (key === 'resourceType' || key === 'id') continue;
    if ((key === 'type' || key === 'total') && typeof v !== 'object') out[key] = v;
    else if (key === 'entry' && Array.isArray(v)) {
      const we = sub(w, 'entry');
      const entries: JsonObject[] = [];
      v.forEach((e, i) => {
        const entry = transformEntry(e as JsonObject, r, sub(we, i));
        if (isObject((e as JsonObject).resource)) {
          if (entry) (entry as unknown as { [ORIGIN]: number })[ORIGIN] = resourceIndex;
          resourceIndex++;
        }
        if (entry) entries.push(entry);
      });
      out.entry = entries;
    } else drop(key, v, r, sub(w, key));
  }
  return out as unknown as FhirBundle;
}

function transformEntry(e: JsonObject, r: Run, w: Where): JsonObject | undefined {
  const out: JsonObject = {};
  for (const key of Object.keys(e)) {
    const v = e[key]!;
    if (key === 'resource' && isObject(v)) {
      const t = transformResource(v, r, w.depth + 1, false, '');
      if (t === REMOVE) return undefined; // a resource that may not leave takes its entry with it
      out.resource = t;
    } else if (key === 'fullUrl' && typeof v === 'string') out.fullUrl = rewriteFullUrl(v, r);
    else if (key === 'request' && isObject(v)) {
      const request = transformShape(DATATYPES['Bundle.request'], v, r, sub(w, key)) as JsonObject;
      if (typeof v.url === 'string') {
        const target = v.url.split('?')[0]!; // a conditional query would carry identifiers
        request.url = /^[A-Z][A-Za-z]+$/.test(target) ? target : rewriteReference(target, r);
      }
      out.request = request;
    } else if (key === 'search' && isObject(v) && typeof v.mode === 'string') out.search = { mode: v.mode };
    else drop(key, v, r, sub(w, key));
  }
  return out;
}

/**
 * Transforms a resource (top-level or contained) by its allow-list; its id becomes a keyed hash. A resource type
 * that is not allowed, or a resource with a modifier extension that is not, is dropped whole (FHIR: a modifier
 * may change the meaning of everything else).
 */
function transformResource(res: JsonObject, r: Run, depth: number, contained: boolean, parentPath: string): Out {
  const type = res.resourceType as string;
  if (type === 'Bundle' && !contained) return transformBundle(res, r, depth) as unknown as Json;
  const newId = typeof res.id === 'string' ? (contained ? r.hash(`#${res.id}`) : r.hash(`${type}/${res.id}`)) : '';
  const resource = newId ? `${type}/${newId}` : type;
  const w: Where = { resourceType: parentPath ? parentPath : type, resource, parent: undefined, key: '', depth };
  const rules = r.allow.resources.get(type);
  if (!rules) {
    checkJson(res, depth);
    change(r, w, '', 'other-identifier', 'dropped', { reason: 'not-allowed' });
    return REMOVE;
  }
  const modifiers = Array.isArray(res.modifierExtension) ? res.modifierExtension : [];
  const unknownModifier = modifiers.find(
    (m) => !isObject(m) || typeof m.url !== 'string' || !r.allow.extensions.has(m.url),
  );
  if (unknownModifier !== undefined || (res.modifierExtension !== undefined && !Array.isArray(res.modifierExtension))) {
    checkJson(res, depth);
    change(r, w, '', 'other-identifier', 'dropped', { reason: 'modifier-extension' });
    return REMOVE;
  }
  const out: JsonObject = { resourceType: type };
  if (newId) {
    out.id = newId;
    change(r, w, '.id', 'other-identifier', 'redacted', { replacement: newId });
  }
  for (const key of Object.keys(res)) {
    const v = res[key]!;
    if (key === 'resourceType' || key === 'id') continue;
    const ws = sub(w, key);
    let t: Out;
    if (key === 'contained') {
      const list = Array.isArray(v) ? v : [v];
      const kept: Json[] = [];
      list.forEach((c, i) => {
        const wc = sub(ws, i);
        if (!isObject(c) || typeof c.resourceType !== 'string') {
          drop(key, c, r, wc);
          return;
        }
        const tc = transformResource(c, r, wc.depth, true, `${w.resourceType}.contained[${i}]`);
        if (tc !== REMOVE) kept.push(tc);
      });
      t = kept.length ? kept : REMOVE;
    } else t = transformElement(key, v, rules, r, ws);
    if (t !== REMOVE) out[key] = t;
  }
  if (
    typeof res.birthDate === 'string' &&
    rules.birthDate === 'birthDate' &&
    isOver89(res.birthDate, r.referenceDate)
  ) {
    const ext = Array.isArray(out.extension) ? out.extension : [];
    out.extension = [...ext, { url: AGE_OVER_89_EXTENSION, valueString: '90+' }];
  }
  const meta = isObject(out.meta) ? out.meta : {};
  const security = Array.isArray(meta.security) ? meta.security : [];
  out.meta = {
    ...meta,
    security: [...security, { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'DEID' }],
  };
  return out;
}

/** Transforms one element of a resource or complex type by its rule; anything without a rule is dropped. */
function transformElement(key: string, v: Json, rules: ElementRules, r: Run, w: Where): Out {
  if (key === 'extension' || key === 'modifierExtension') return transformExtensions(v, r.allow.extensions, r, w);
  if (key.startsWith('_')) {
    // A primitive's id and extensions: kept only for an allowed element, and only its allowed extensions.
    if (!rules[key.slice(1)] || !isObject(v) || Array.isArray(v)) return drop(key, v, r, w);
    const ext =
      v.extension === undefined ? REMOVE : transformExtensions(v.extension, r.allow.extensions, r, sub(w, 'extension'));
    for (const k of Object.keys(v)) if (k !== 'extension') drop(k, v[k]!, r, sub(w, k));
    return ext === REMOVE ? REMOVE : { extension: ext };
  }
  const rule = rules[key];
  if (rule === undefined) return drop(key, v, r, w);
  if (Array.isArray(v)) {
    const out: Json[] = [];
    v.forEach((x, i) => {
      const t = applyRule(rule, key, x, r, sub(w, i));
      if (t !== REMOVE) out.push(t);
    });
    return out.length === 0 ? REMOVE : out;
  }
  return applyRule(rule, key, v, r, w);
}

function applyRule(rule: ElementRule, key: string, v: Json, r: Run, w: Where): Out {
  switch (rule) {
    case 'code':
      return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))
        ? v
        : drop(key, v, r, w);
    case 'canonical':
      return typeof v === 'string' && !/[?#\s]/.test(v) ? v : drop(key, v, r, w);
    case 'ref':
      return typeof v === 'string' ? rewriteReference(v, r) : drop(key, v, r, w);
    case 'date':
      return transformDate(v, key, r, w);
    case 'instant':
      checkJson(v, w.depth);
      change(r, w, '', 'dates', 'removed');
      return REMOVE;
    case 'text':
      return typeof v === 'string' ? scrub(v, false, r, w) : drop(key, v, r, w);
    case 'free:notes':
    case 'free:valueString':
      if (!r.allow.freeText.has(rule.slice(5) as FreeTextKind)) return dropFreeText(v, r, w);
      return typeof v === 'string' ? scrub(v, false, r, w) : drop(key, v, r, w);
    case 'free:narrative':
      return transformNarrative(v, r, w);
    case 'birthDate':
      return transformBirthDate(v, r, w);
    case 'address':
      return generalizeAddress(v, r, w);
    default: {
      if (!isObject(v)) return drop(key, v, r, w);
      return transformShape(DATATYPES[rule], v, r, w, rule);
    }
  }
}

/** A complex type: its allowed elements, in turn; a Quantity of years above 89 becomes `>= 90`. */
function transformShape(rules: ElementRules, v: JsonObject, r: Run, w: Where, name?: DatatypeName): Out {
  const out: JsonObject = {};
  for (const key of Object.keys(v)) {
    if (name === 'Reference' && key === 'display' && pointsToPerson(v)) {
      checkJson(v[key], w.depth);
      change(r, w, '.display', 'names', 'removed');
      continue;
    }
    const t = key === 'id' ? drop(key, v[key]!, r, sub(w, key)) : transformElement(key, v[key]!, rules, r, sub(w, key));
    if (t !== REMOVE) out[key] = t;
  }
  if (name === 'Quantity' && typeof out.value === 'number' && out.value > 89 && isYears(out)) {
    out.value = 90;
    out.comparator = '>=';
    change(r, w, '', 'dates', 'generalized', { replacement: '90+' });
  }
  if (name === 'Annotation' && out.text === undefined) return REMOVE; // a note's time alone says nothing
  return Object.keys(out).length === 0 ? REMOVE : out;
}

/** Resource types whose display text is clinical content ("Metformin 500 mg", "Type 2 diabetes"). */
const CLINICAL_TARGETS = new Set([
  'Condition',
  'Observation',
  'Medication',
  'MedicationRequest',
  'MedicationStatement',
  'AllergyIntolerance',
  'Procedure',
  'Immunization',
  'DiagnosticReport',
  'Specimen',
  'Substance',
]);

/**
 * A reference's display may name a person, an employer or a place unless it points to clinical content: it is kept
 * (scrubbed) only for a {@link CLINICAL_TARGETS} target.
 */
function pointsToPerson(ref: JsonObject): boolean {
  const target = typeof ref.reference === 'string' ? ref.reference : '';
  const type = REF_RE.exec(target.split('?')[0]!)?.[1] ?? (typeof ref.type === 'string' ? ref.type : '');
  return !CLINICAL_TARGETS.has(type);
}

function isYears(q: JsonObject): boolean {
  const unit = typeof q.code === 'string' ? q.code : typeof q.unit === 'string' ? q.unit : '';
  return /^(a|yr|yrs|year|years|y)$/i.test(unit);
}

/** Extensions: only those on the allow-list (with their allowed value types and sub-extensions), at every level. */
function transformExtensions(v: Json, allowed: ReadonlyMap<string, AllowedExtension>, r: Run, w: Where): Out {
  const list = Array.isArray(v) ? v : [v];
  const out: Json[] = [];
  list.forEach((ext, i) => {
    const we = Array.isArray(v) ? sub(w, i) : w;
    const url = isObject(ext) && typeof ext.url === 'string' ? ext.url : '';
    const spec = url && !r.removeExtensions.has(url) ? allowed.get(url) : undefined;
    if (!isObject(ext) || !spec) {
      checkJson(ext, we.depth);
      const identifying = IDENTIFYING_EXTENSIONS[url];
      if (identifying) change(r, we, '', identifying, 'removed');
      else change(r, we, '', extensionKind(ext), 'dropped', { reason: 'not-allowed' });
      return;
    }
    const kept: JsonObject = { url };
    for (const key of Object.keys(ext)) {
      if (key === 'url') continue;
      const x = ext[key]!;
      const wk = sub(we, key);
      if (key === 'extension') {
        const nested = transformExtensions(x, new Map((spec.extensions ?? []).map((e) => [e.url, e])), r, wk);
        if (nested !== REMOVE) kept.extension = nested;
      } else if (key.startsWith('value') && spec.values?.includes(key) && EXTENSION_VALUE_RULES[key]) {
        const t = applyRule(EXTENSION_VALUE_RULES[key], key, x, r, wk);
        if (t !== REMOVE) kept[key] = t;
      } else drop(key, x, r, wk);
    }
    if (Object.keys(kept).length > 1) out.push(kept);
  });
  return out.length ? out : REMOVE;
}

/** The kind an unknown extension most likely carries, from its value's type (for the presenter's review). */
function extensionKind(ext: Json): SafeHarborKind {
  if (!isObject(ext)) return 'other-identifier';
  for (const key of Object.keys(ext)) {
    if (key === 'valueIdentifier') return identifierKind(ext[key]!);
    if (key === 'valueContactPoint') return neverKeptKind('telecom', ext[key]!) ?? 'phone';
    if (NEVER_KEPT_VALUES[key]) return NEVER_KEPT_VALUES[key];
    if (key === 'valueDate' || key === 'valueDateTime') return 'dates';
  }
  return 'other-identifier';
}

function dropFreeText(v: Json, r: Run, w: Where): typeof REMOVE {
  checkJson(v, w.depth);
  change(r, w, '', 'other-identifier', 'dropped', { reason: 'free-text' });
  return REMOVE;
}

/** Scrubs one string (cached: charts repeat the same displays and notes). */
function scrub(v: string, xhtml: boolean, r: Run, w: Where): Out {
  const cacheKey = xhtml ? `\u0000${v}` : v;
  let res = r.scrubbed.get(cacheKey);
  if (!res) {
    res = xhtml ? scrubXhtml(v, r.text) : scrubText(v, r.text);
    r.scrubbed.set(cacheKey, res);
  }
  for (const k of res.kinds) change(r, w, '', k, 'redacted');
  return res.text;
}

function transformNarrative(v: Json, r: Run, w: Where): Out {
  if (!r.allow.freeText.has('narrative') || r.policy.narrative === 'remove') return dropFreeText(v, r, w);
  if (!isObject(v) || typeof v.div !== 'string') return drop('text', v, r, w);
  const out: JsonObject = {};
  if (typeof v.status === 'string') out.status = v.status;
  const div = scrub(v.div, true, r, sub(w, 'div'));
  if (div === REMOVE) return REMOVE;
  out.div = div;
  return out;
}

function transformDate(v: Json, key: string, r: Run, w: Where): Out {
  const date = typeof v === 'string' ? DATE_RE.exec(v) : null;
  if (!date) {
    checkJson(v, w.depth);
    change(r, w, '', 'dates', 'removed');
    return REMOVE;
  }
  const year = date[1]!;
  if (r.text.forbiddenYears.has(year) && key !== 'birthDate') {
    change(r, w, '', 'dates', 'removed');
    return REMOVE;
  }
  if (year !== v) change(r, w, '', 'dates', 'generalized', { replacement: year });
  return year;
}

function rewriteReference(ref: string, r: Run): string {
  if (ref.startsWith('#')) return ref.length > 1 ? `#${r.hash(`#${ref.slice(1)}`)}` : ref;
  if (ref.startsWith('urn:uuid:') || ref.startsWith('urn:oid:')) return `urn:uuid:${r.hash(ref)}`;
  const m = REF_RE.exec(ref.split('?')[0]!);
  if (m && !ref.includes('?')) return `${m[1]}/${r.hash(`${m[1]}/${m[2]}`)}`;
  return `urn:uuid:${r.hash(ref)}`;
}

function rewriteFullUrl(url: string, r: Run): string {
  if (url.startsWith('urn:')) return `urn:uuid:${r.hash(url)}`;
  const m = REF_RE.exec(url);
  if (m) return `${r.fullUrlBase}/${m[1]}/${r.hash(`${m[1]}/${m[2]}`)}`;
  return `urn:uuid:${r.hash(url)}`;
}

function transformBirthDate(v: Json, r: Run, w: Where): Out {
  if (typeof v !== 'string' || !DATE_RE.test(v)) return drop('birthDate', v, r, w);
  if (isOver89(v, r.referenceDate)) {
    change(r, w, '', 'dates', 'removed', { replacement: '90+' });
    return REMOVE;
  }
  const year = v.slice(0, 4);
  if (year !== v) change(r, w, '', 'dates', 'generalized', { replacement: year });
  return year;
}

/** An address keeps `use`, `type`, `state`, `country` and a 3-digit ZIP (`000` in restricted areas). */
function generalizeAddress(v: Json, r: Run, w: Where): Out {
  if (!isObject(v)) return drop('address', v, r, w);
  const out: JsonObject = {};
  for (const k of ['use', 'type', 'state', 'country'] as const) if (typeof v[k] === 'string') out[k] = v[k];
  const removed = Object.keys(v).filter((k) => !['use', 'type', 'state', 'country', 'postalCode'].includes(k));
  if (removed.length) {
    checkJson(v, w.depth);
    change(r, w, '', 'geographic', 'removed');
  }
  if (typeof v.postalCode === 'string') {
    const zip3 = generalizeZip(v.postalCode, r.policy, r.restricted);
    if (zip3 !== undefined) {
      out.postalCode = zip3;
      change(r, w, '.postalCode', 'geographic', 'generalized', { replacement: zip3 });
    } else change(r, w, '.postalCode', 'geographic', 'removed');
  }
  return Object.keys(out).length ? out : REMOVE;
}
