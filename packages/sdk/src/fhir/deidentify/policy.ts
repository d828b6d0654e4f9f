import { EchoError } from '../../errors.js';
import { FREE_TEXT_KINDS, refuseAddition } from './allow-list.js';
import type { AllowListAdditions, FreeTextKind } from './allow-list.js';

/**
 * The 18 identifier kinds of HIPAA Safe Harbor, 45 CFR 164.514(b)(2)(i)(A)–(R), as named in reports.
 * Ages over 89 are reported under `dates` (the rule groups them with date elements).
 */
export const SAFE_HARBOR_KINDS = [
  'names',
  'geographic',
  'dates',
  'phone',
  'fax',
  'email',
  'ssn',
  'medical-record-number',
  'health-plan-number',
  'account-number',
  'certificate-license-number',
  'vehicle-identifier',
  'device-identifier',
  'url',
  'ip-address',
  'biometric',
  'full-face-photo',
  'other-identifier',
] as const;

/** One of the 18 Safe Harbor identifier kinds. */
export type SafeHarborKind = (typeof SAFE_HARBOR_KINDS)[number];

/**
 * A de-identification policy. Policies are plain JSON so a programme can keep its own next to its
 * case templates; every field except `name` is optional and falls back to {@link SAFE_HARBOR_POLICY}.
 */
export interface DeidPolicy {
  /** Name recorded in the report, e.g. `"safe-harbor"`. */
  name: string;
  /**
   * Keep the first three digits of ZIP codes (Safe Harbor allows it unless the 3-digit area has
   * 20,000 people or fewer, see `restrictedZip3`). `false` removes postal codes altogether.
   */
  keepZip3?: boolean;
  /** 3-digit ZIP areas that become `"000"`. Defaults to {@link RESTRICTED_ZIP3}. */
  restrictedZip3?: readonly string[];
  /** Narrative (`text.div`): `"scrub"` keeps the text with identifiers redacted; `"remove"` drops it. */
  narrative?: 'scrub' | 'remove';
  /**
   * Secret for the keyed hash (HMAC-SHA256) that replaces resource ids. The same key gives the same
   * pseudonymous ids (so a follow-up case links to the first); without one every call draws a random key,
   * and two de-identifications of the same chart cannot be linked.
   */
  idKey?: string;
  /**
   * The date ages are computed at (ISO `YYYY-MM-DD`). Defaults to the latest full date in the record,
   * which keeps the result a pure function of its input.
   */
  referenceDate?: string;
  /** Base of rewritten `Bundle.entry.fullUrl`s. */
  fullUrlBase?: string;
  /** Extension URLs removed outright (on top of the identifying ones Safe Harbor implies). */
  removeExtensions?: readonly string[];
  /** More strings to redact from all free text (a facility's name, a small town's landmark…). */
  extraIdentifiers?: readonly string[];
  /** Largest accepted input, in resources (entries plus contained resources). */
  maxResources?: number;
  /**
   * Additions to the allow-list (elements per resource type, extensions), e.g. US Core race and ethnicity for a
   * health-equity programme. Nothing that is a Safe Harbor identifier can be added: such a policy is refused.
   */
  allow?: AllowListAdditions;
  /**
   * Free text kept (through the scrubber): `notes` (Annotations, conclusions), `valueString` (observations written as
   * text), `narrative` (`text.div`). Default none; `<echo-case-form>` asks for what the case template reads.
   */
  freeText?: readonly FreeTextKind[];
}

/** A policy with every option filled in. */
export type ResolvedDeidPolicy = Required<DeidPolicy>;

/**
 * 3-digit ZIP areas with 20,000 people or fewer: the 17 HHS lists (2000 Census) plus 205, 369, 753 and 772,
 * which later censuses put under the threshold too. Safe Harbor turns them into `"000"`.
 */
export const RESTRICTED_ZIP3: readonly string[] = Object.freeze([
  '036',
  '059',
  '063',
  '102',
  '203',
  '205',
  '369',
  '556',
  '692',
  '753',
  '772',
  '790',
  '821',
  '823',
  '830',
  '831',
  '878',
  '879',
  '884',
  '890',
  '893',
]);

/** Extensions whose values identify a person and are always removed, with the kind they carry. */
export const IDENTIFYING_EXTENSIONS: Readonly<Record<string, SafeHarborKind>> = Object.freeze({
  'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName': 'names',
  'http://hl7.org/fhir/StructureDefinition/patient-birthPlace': 'geographic',
  'http://hl7.org/fhir/StructureDefinition/patient-birthTime': 'dates',
  'http://hl7.org/fhir/StructureDefinition/geolocation': 'geographic',
  'http://hl7.org/fhir/StructureDefinition/patient-nationality': 'geographic',
  'http://hl7.org/fhir/StructureDefinition/iso21090-SC-coding': 'other-identifier',
  'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthplace': 'geographic',
});

/** The built-in HIPAA Safe Harbor policy. */
export const SAFE_HARBOR_POLICY: Readonly<ResolvedDeidPolicy> = Object.freeze({
  name: 'safe-harbor',
  keepZip3: true,
  restrictedZip3: RESTRICTED_ZIP3,
  narrative: 'scrub',
  idKey: '',
  referenceDate: '',
  fullUrlBase: 'https://deidentified.invalid/fhir',
  removeExtensions: Object.freeze([]) as readonly string[],
  extraIdentifiers: Object.freeze([]) as readonly string[],
  maxResources: 1_000_000,
  allow: Object.freeze({}) as AllowListAdditions,
  freeText: Object.freeze([]) as readonly FreeTextKind[],
});

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/**
 * Merges a (possibly JSON-parsed) policy over {@link SAFE_HARBOR_POLICY}, checking every field.
 * @throws EchoError `invalid_policy` when a field has the wrong type.
 */
export function resolvePolicy(policy?: Partial<DeidPolicy> | null): ResolvedDeidPolicy {
  if (policy === undefined || policy === null) return { ...SAFE_HARBOR_POLICY };
  if (typeof policy !== 'object' || Array.isArray(policy)) {
    throw new EchoError('invalid_policy', 'A de-identification policy must be a JSON object.');
  }
  const p = policy as Record<string, unknown>;
  const fail = (field: string, expected: string): never => {
    throw new EchoError('invalid_policy', `Policy field "${field}" must be ${expected}.`);
  };
  const check = (field: string, ok: (v: unknown) => boolean, expected: string) => {
    if (p[field] !== undefined && !ok(p[field])) fail(field, expected);
  };
  check('name', (v) => typeof v === 'string' && v.length > 0, 'a non-empty string');
  check('keepZip3', (v) => typeof v === 'boolean', 'a boolean');
  check('restrictedZip3', (v) => isStringArray(v) && v.every((z) => /^\d{3}$/.test(z)), 'an array of 3-digit strings');
  check('narrative', (v) => v === 'scrub' || v === 'remove', '"scrub" or "remove"');
  check('idKey', (v) => typeof v === 'string', 'a string');
  check('referenceDate', (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v), 'an ISO date');
  check('fullUrlBase', (v) => typeof v === 'string', 'a string');
  check('removeExtensions', isStringArray, 'an array of strings');
  check('extraIdentifiers', isStringArray, 'an array of strings');
  check('maxResources', (v) => typeof v === 'number' && v > 0, 'a positive number');
  check(
    'freeText',
    (v) => isStringArray(v) && v.every((k) => (FREE_TEXT_KINDS as readonly string[]).includes(k)),
    `an array of ${FREE_TEXT_KINDS.map((k) => `"${k}"`).join(', ')}`,
  );
  check('allow', (v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'an object');
  const unknown = Object.keys(p).filter((k) => !(k in SAFE_HARBOR_POLICY));
  if (unknown.length) {
    throw new EchoError(
      'invalid_policy',
      `Unknown policy field "${unknown[0]}": a policy can add to the allow-list but cannot switch off Safe Harbor.`,
    );
  }
  if (p.allow !== undefined) {
    const allow = p.allow as AllowListAdditions;
    for (const key of Object.keys(allow)) {
      if (key !== 'elements' && key !== 'extensions') fail(`allow.${key}`, 'absent (only elements and extensions)');
    }
    const identifying = (allow.extensions ?? []).find((e) => IDENTIFYING_EXTENSIONS[e?.url]);
    if (identifying) {
      throw new EchoError(
        'invalid_policy',
        `Extension ${identifying.url} can never be kept: it is a HIPAA Safe Harbor identifier (${IDENTIFYING_EXTENSIONS[identifying.url]}).`,
      );
    }
    const refusal = refuseAddition(allow);
    if (refusal) throw new EchoError('invalid_policy', refusal);
  }
  const merged: Record<string, unknown> = { ...SAFE_HARBOR_POLICY };
  for (const key of Object.keys(SAFE_HARBOR_POLICY)) if (p[key] !== undefined) merged[key] = p[key];
  return merged as unknown as ResolvedDeidPolicy;
}
