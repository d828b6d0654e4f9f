import { EchoError } from '../../errors.js';
import type { DeidentificationChange, DeidentificationReport, FhirResource } from '../../types.js';
import { scrubText, scrubXhtml } from './free-text.js';
import type { ScrubResult, TextScrubContext } from './free-text.js';
import { DATE_RE, INSTANT_KEYS, MAX_DEPTH, PERSON_TYPES, invalid, isObject, isOver89 } from './fhir-json.js';
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
  /** The de-identified resources, in input order (bundle entries without a resource are skipped). */
  resources: FhirResource[];
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

const DEFINITIONAL = new Set([
  'Questionnaire',
  'StructureDefinition',
  'ValueSet',
  'CodeSystem',
  'ConceptMap',
  'CapabilityStatement',
  'OperationDefinition',
  'SearchParameter',
  'ImplementationGuide',
  'PlanDefinition',
  'ActivityDefinition',
  'Library',
  'Measure',
  'NamingSystem',
  'StructureMap',
]);
/** Elements kept verbatim: codes and structure, never free text. */
const VERBATIM = new Set([
  'resourceType',
  'system',
  'code',
  'version',
  'unit',
  'status',
  'intent',
  'use',
  'gender',
  'language',
  'contentType',
  'comparator',
  'mode',
  'priority',
  'criticality',
  'severity',
  'kind',
  'linkId',
  'definition',
  'questionnaire',
  'profile',
  'valueCode',
  'valueId',
  'valueOid',
  'valueCanonical',
  'instantiatesCanonical',
  'instantiatesUri',
  'mimeType',
  'relation',
  'entryType',
  'method',
  'class',
  'fhirVersion',
  'operation',
  'interaction',
]);
/** Elements with a rule of their own in transformProperty (never taken by the fast path). */
const SPECIAL_KEYS = new Set([
  'id',
  'value',
  'identifier',
  'valueIdentifier',
  'masterIdentifier',
  'udiCarrier',
  'serialNumber',
  'lotNumber',
  'subscriberId',
  'telecom',
  'valueContactPoint',
  'name',
  'valueHumanName',
  'authorString',
  'photo',
  'position',
  'address',
  'valueAddress',
  'birthDate',
  'display',
  'url',
  'valueUrl',
  'valueUri',
  'data',
  'hash',
  'date',
  'link',
  'fullUrl',
  'response',
  'meta',
  'text',
  'accessionIdentifier',
  'ifNoneExist',
  'ifMatch',
  'ifNoneMatch',
  'ifModifiedSince',
]);
const REF_RE = /^(?:.*\/)?([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;
const REMOVE = Symbol('remove');

type Out = Json | typeof REMOVE;

/** Shared state of one de-identification. */
interface Run {
  policy: ResolvedDeidPolicy;
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
  /** Depth of the element inside its resource (1 = the resource's own elements). */
  level: number;
}

/**
 * De-identifies FHIR R4 resources following HIPAA Safe Harbor (45 CFR 164.514(b)(2)): the 18 identifier kinds are
 * removed or generalised in structured elements and in free text (narrative, notes, `valueString`, extensions,
 * contained resources, `Reference.display`), while clinical codes, values and units stay.
 *
 * - Names, telecom, identifiers, photos, attachment contents and URLs are removed; addresses keep state, country
 *   and a 3-digit ZIP (`000` in sparsely populated areas); dates keep their year; ages over 89 become `90+` and the
 *   birth date is dropped.
 * - Resource ids become keyed hashes (HMAC-SHA256 with `policy.idKey`, or a random key per call), and every
 *   reference, `fullUrl` and contained `#id` is rewritten the same way so references still resolve.
 * - The record's own identifiers (patient, relatives, staff: names, MRN, phones, street, city, email) are also
 *   redacted from all free text.
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

function run(parsed: ParsedInput, policy: ResolvedDeidPolicy): DeidentifyResult {
  const scan = scanRecord(parsed.resources, policy);
  const restricted = new Set(policy.restrictedZip3);
  const zip = (zip5: string) => generalizeZip(zip5, policy, restricted) ?? '[ZIP]';
  const r: Run = {
    policy,
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
  let bundle: FhirBundle | undefined;
  if (parsed.bundle) {
    const out = transformResource(parsed.bundle, r, 0) as JsonObject;
    for (const entry of (out.entry ?? []) as JsonObject[]) {
      if (isObject(entry.resource)) resources.push(entry.resource as FhirResource);
    }
    bundle = out as unknown as FhirBundle;
  } else {
    for (const res of parsed.resources) resources.push(transformResource(res, r, 0) as FhirResource);
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
  const result: DeidentifyResult = { resources, report };
  if (bundle) result.bundle = bundle;
  return result;
}

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
  replacement?: string,
) {
  const path = pathOf(w) + suffix;
  const c: DeidentifyChange = { path: path ? `${w.resourceType}.${path}` : w.resourceType, kind, action };
  if (replacement !== undefined) c.replacement = replacement;
  if (w.resource) c.resource = w.resource;
  r.changes.push(c);
}

const sub = (w: Where, key: string | number): Where => ({
  resourceType: w.resourceType,
  resource: w.resource,
  parent: w,
  key,
  depth: w.depth + 1,
  level: typeof key === 'number' ? w.level : w.level + 1,
});

/** Transforms a resource (top-level or contained); its id becomes a keyed hash. */
function transformResource(res: JsonObject, r: Run, depth: number, contained = false): Json {
  const type = res.resourceType as string;
  const newId = typeof res.id === 'string' ? (contained ? r.hash(`#${res.id}`) : r.hash(`${type}/${res.id}`)) : '';
  const resource = newId ? `${type}/${newId}` : type;
  const w: Where = { resourceType: type, resource, parent: undefined, key: '', depth, level: 0 };
  const out = transformObject(res, r, w, contained) as JsonObject;
  if (newId) {
    out.id = newId;
    change(r, w, 'id', 'other-identifier', 'redacted', newId);
  }
  return out;
}

function transformValue(v: Json, key: string, parent: JsonObject, r: Run, w: Where): Out {
  if (w.depth > MAX_DEPTH) invalid('The input is nested too deeply.');
  if (Array.isArray(v)) {
    const out: Json[] = [];
    v.forEach((x, i) => {
      const t = transformValue(x, key, parent, r, sub(w, i));
      if (t !== REMOVE) out.push(t);
    });
    return out.length === 0 && v.length > 0 ? REMOVE : out;
  }
  if (isObject(v)) {
    if (typeof v.resourceType === 'string' && (key === 'contained' || key === 'resource')) {
      const nested = transformResource(v, r, w.depth + 1, key === 'contained') as JsonObject;
      return nested;
    }
    const out = transformObject(v, r, w, false);
    return isObject(out) && Object.keys(out).length === 0 && Object.keys(v).length > 0 ? REMOVE : out;
  }
  if (typeof v === 'string') return transformString(v, key, r, w);
  if (typeof v === 'number' && !Number.isFinite(v)) invalid('The input has a non-finite number.');
  if (v !== null && typeof v !== 'boolean' && typeof v !== 'number') invalid('The input is not JSON data.');
  return v;
}

/**
 * Transforms a string element. `suffix` is appended to `w`'s path in reports, so leaf strings can be handled
 * without allocating a position of their own.
 */
function transformString(v: string, key: string, r: Run, w: Where, suffix = ''): Out {
  if (VERBATIM.has(key)) return v;
  if (key === 'reference') return rewriteReference(v, r);
  const c0 = v.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) {
    if (INSTANT_KEYS.has(key) && DATE_RE.test(v.slice(0, 10))) {
      change(r, w, suffix, 'dates', 'removed');
      return REMOVE;
    }
    const date = DATE_RE.exec(v);
    if (date) {
      if (date[1] === v) return v;
      change(r, w, suffix, 'dates', 'generalized', date[1]);
      return date[1]!;
    }
  }
  if (key === 'div' && r.policy.narrative === 'remove') {
    change(r, w, suffix, 'names', 'removed');
    return REMOVE;
  }
  const cacheKey = key === 'div' ? `\u0000${v}` : v;
  let res = r.scrubbed.get(cacheKey);
  if (!res) {
    res = key === 'div' ? scrubXhtml(v, r.text) : scrubText(v, r.text);
    r.scrubbed.set(cacheKey, res);
  }
  for (const k of res.kinds) change(r, w, suffix, k, 'redacted');
  return res.text;
}

function rewriteReference(ref: string, r: Run): string {
  if (ref.startsWith('#')) return ref.length > 1 ? `#${r.hash(`#${ref.slice(1)}`)}` : ref;
  if (ref.startsWith('urn:uuid:') || ref.startsWith('urn:oid:')) return `urn:uuid:${r.hash(ref)}`;
  const m = REF_RE.exec(ref.split('?')[0]!);
  if (m && !ref.includes('?')) return `${m[1]}/${r.hash(`${m[1]}/${m[2]}`)}`;
  return `urn:uuid:${r.hash(ref)}`;
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

/** Removes a whole element, reporting one change per array item. */
function removeAll(v: Json, r: Run, w: Where, kindOf: (item: Json) => SafeHarborKind): typeof REMOVE {
  if (Array.isArray(v)) v.forEach((item, i) => change(r, w, `[${i}]`, kindOf(item), 'removed'));
  else change(r, w, '', kindOf(v), 'removed');
  return REMOVE;
}

function transformObject(obj: JsonObject, r: Run, w: Where, contained: boolean): Json {
  const isExtension =
    typeof obj.url === 'string' && Object.keys(obj).some((k) => k.startsWith('value') || k === 'extension');
  if (isExtension) {
    const url = obj.url as string;
    const kind = IDENTIFYING_EXTENSIONS[url] ?? (r.removeExtensions.has(url) ? 'other-identifier' : undefined);
    if (kind) {
      change(r, w, '', kind, 'removed');
      return REMOVE as unknown as Json;
    }
  }
  const isAttachment = typeof obj.contentType === 'string' || (typeof obj.data === 'string' && 'url' in obj);
  const isPerson = w.level === 0 && PERSON_TYPES.has(w.resourceType);
  const out: JsonObject = {};
  for (const key of Object.keys(obj)) {
    const v = obj[key]!;
    if (
      (typeof v === 'string' && VERBATIM.has(key)) ||
      ((typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) && !SPECIAL_KEYS.has(key))
    ) {
      out[key] = v; // fast path: codes, systems, units, flags and numbers are copied as they are
      continue;
    }
    if (typeof v === 'string' && !SPECIAL_KEYS.has(key) && key[0] !== '_' && !key.endsWith('Identifier')) {
      const t = transformString(v, key, r, w, w.parent ? `.${key}` : key);
      if (t !== REMOVE) out[key] = t;
      continue;
    }
    const ws = sub(w, key);
    const t = transformProperty(key, v, obj, r, ws, { isExtension, isAttachment, isPerson, contained });
    if (t !== REMOVE) out[key] = t;
  }
  if (isExtension && !Object.keys(out).some((k) => k.startsWith('value') || k === 'extension')) {
    return REMOVE as unknown as Json;
  }
  // Ages: a Quantity in years above 89 becomes ">= 90".
  if (typeof obj.value === 'number' && obj.value > 89 && isYears(obj)) {
    out.value = 90;
    out.comparator = '>=';
    change(r, w, '', 'dates', 'generalized', '90+');
  }
  if (w.level === 0 && typeof obj.birthDate === 'string' && isOver89(obj.birthDate, r.referenceDate)) {
    const ext = Array.isArray(out.extension) ? out.extension : [];
    out.extension = [...ext, { url: AGE_OVER_89_EXTENSION, valueString: '90+' }];
  }
  if (w.level === 0 && w.resourceType !== 'Bundle') {
    const meta = isObject(out.meta) ? out.meta : {};
    const security = Array.isArray(meta.security) ? meta.security : [];
    out.meta = {
      ...meta,
      security: [...security, { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'DEID' }],
    };
  }
  return out;
}

function isYears(q: JsonObject): boolean {
  const unit = typeof q.code === 'string' ? q.code : typeof q.unit === 'string' ? q.unit : '';
  return /^(a|yr|yrs|year|years|y)$/i.test(unit);
}

interface ObjectInfo {
  isExtension: boolean;
  isAttachment: boolean;
  isPerson: boolean;
  contained: boolean;
}

function transformProperty(key: string, v: Json, parent: JsonObject, r: Run, w: Where, info: ObjectInfo): Out {
  if (key === 'id') {
    if (w.level === 1) return typeof v === 'string' ? v : REMOVE; // the resource id, replaced by transformResource
    return typeof v === 'string' ? r.hash(`#${v}`) : REMOVE;
  }
  if (key.startsWith('_')) {
    const base = key.slice(1);
    if (['birthDate', 'name', 'telecom', 'address', 'photo', 'url', 'data'].includes(base)) return REMOVE;
    return transformValue(v, key, parent, r, w);
  }
  if (key === 'identifier' || key.endsWith('Identifier') || key === 'valueIdentifier') {
    return removeAll(v, r, w, identifierKind);
  }
  if (key === 'udiCarrier' || key === 'serialNumber' || key === 'lotNumber') {
    return removeAll(v, r, w, () => 'device-identifier');
  }
  if (key === 'subscriberId') return removeAll(v, r, w, () => 'health-plan-number');
  if (key === 'ifNoneExist' || key === 'ifMatch' || key === 'ifNoneMatch' || key === 'ifModifiedSince') {
    return removeAll(v, r, w, () => 'other-identifier'); // conditional requests search by identifiers
  }
  if (key === 'telecom' || key === 'valueContactPoint') {
    return removeAll(
      v,
      r,
      w,
      (t) => (isObject(t) && typeof t.system === 'string' && TELECOM_KIND[t.system]) || 'phone',
    );
  }
  if (key === 'name' || key === 'valueHumanName') {
    if (typeof v !== 'string' || info.isPerson) return removeAll(v, r, w, () => 'names');
  }
  if (key === 'authorString') return removeAll(v, r, w, () => 'names');
  if (key === 'photo') return removeAll(v, r, w, () => 'full-face-photo');
  if (key === 'position') return removeAll(v, r, w, () => 'geographic');
  if (key === 'address' || key === 'valueAddress') {
    if (typeof v === 'string')
      return removeAll(v, r, w, () => (/^\d+\.\d+\.\d+\.\d+$|:/.test(v) ? 'ip-address' : 'url'));
    return generalizeAddresses(v, r, w);
  }
  if (key === 'birthDate' && w.level === 1) return transformBirthDate(v, r, w);
  if (key === 'display' && 'reference' in parent) {
    const ref = typeof parent.reference === 'string' ? parent.reference : '';
    const target = REF_RE.exec(ref)?.[1] ?? (ref.startsWith('#') ? 'contained' : '');
    if (PERSON_TYPES.has(target) || target === 'contained') return removeAll(v, r, w, () => 'names');
  }
  if (key === 'url') {
    if (info.isExtension || (w.level === 1 && DEFINITIONAL.has(w.resourceType))) return v;
    if (w.parent?.key === 'request' && typeof v === 'string') {
      const target = v.split('?')[0]!; // a conditional query would carry identifiers
      return /^[A-Z][A-Za-z]+$/.test(target) ? target : rewriteReference(target, r);
    }
    return removeAll(v, r, w, () => 'url');
  }
  if (key === 'valueUrl' || (key === 'valueUri' && typeof v === 'string' && /^(https?:|ftp:|www\.)/i.test(v))) {
    return removeAll(v, r, w, () => 'url');
  }
  if (info.isAttachment && (key === 'data' || key === 'hash')) {
    const image = typeof parent.contentType === 'string' && parent.contentType.startsWith('image/');
    return removeAll(v, r, w, () => (image ? 'full-face-photo' : 'other-identifier'));
  }
  if (w.level === 1 && w.resourceType === 'DocumentReference' && key === 'date') {
    return removeAll(v, r, w, () => 'dates');
  }
  if (w.level === 1 && w.resourceType === 'Bundle') {
    if (key === 'link') return removeAll(v, r, w, () => 'url');
  }
  if (key === 'fullUrl' && typeof v === 'string') return rewriteFullUrl(v, r);
  if (key === 'response' && w.resourceType === 'Bundle' && w.level === 2) return REMOVE;
  if (key === 'meta' && isObject(v)) {
    const meta: JsonObject = {};
    for (const k of ['profile', 'security', 'tag'] as const) if (v[k] !== undefined) meta[k] = v[k];
    if (typeof v.source === 'string') change(r, w, '.source', 'other-identifier', 'removed');
    return transformValue(meta, key, parent, r, w);
  }
  if (key === 'text' && isObject(v) && typeof v.div === 'string' && r.policy.narrative === 'remove') {
    return removeAll(v, r, w, () => 'names');
  }
  return transformValue(v, key, parent, r, w);
}

function rewriteFullUrl(url: string, r: Run): string {
  if (url.startsWith('urn:')) return `urn:uuid:${r.hash(url)}`;
  const m = REF_RE.exec(url);
  if (m) return `${r.fullUrlBase}/${m[1]}/${r.hash(`${m[1]}/${m[2]}`)}`;
  return `urn:uuid:${r.hash(url)}`;
}

function transformBirthDate(v: Json, r: Run, w: Where): Out {
  if (typeof v !== 'string' || !DATE_RE.test(v)) return removeAll(v, r, w, () => 'dates');
  if (isOver89(v, r.referenceDate)) {
    change(r, w, '', 'dates', 'removed', '90+');
    return REMOVE;
  }
  const year = v.slice(0, 4);
  if (year !== v) change(r, w, '', 'dates', 'generalized', year);
  return year;
}

function generalizeAddresses(v: Json, r: Run, w: Where): Out {
  if (Array.isArray(v)) {
    const out: Json[] = [];
    v.forEach((a, i) => {
      const t = generalizeAddresses(a, r, sub(w, i));
      if (t !== REMOVE) out.push(t);
    });
    return out;
  }
  if (!isObject(v)) return removeAll(v, r, w, () => 'geographic');
  const out: JsonObject = {};
  if (typeof v.use === 'string') out.use = v.use;
  if (typeof v.type === 'string') out.type = v.type;
  if (typeof v.state === 'string') out.state = v.state;
  if (typeof v.country === 'string') out.country = v.country;
  const removed = Object.keys(v).filter((k) => !['use', 'type', 'state', 'country', 'postalCode'].includes(k));
  if (removed.length) change(r, w, '', 'geographic', 'removed');
  if (typeof v.postalCode === 'string') {
    const zip3 = generalizeZip(v.postalCode, r.policy, r.restricted);
    if (zip3 !== undefined) {
      out.postalCode = zip3;
      change(r, w, '.postalCode', 'geographic', 'generalized', zip3);
    } else change(r, w, '.postalCode', 'geographic', 'removed');
  }
  return out;
}
