/**
 * The allow-list: for every resource type a case may carry, the elements of clinical content that may leave, and
 * how each is treated. Everything not listed here is dropped and reported (default deny), so an identifier in a
 * place nobody anticipated (a vendor extension, a new element) cannot leak.
 * @packageDocumentation
 */
import type { SafeHarborKind } from './policy.js';

/**
 * How one element is treated.
 * - `code`: kept as it is (codes, systems, statuses, booleans, numbers).
 * - `date`: a `date`/`dateTime`, cut to its year (birth years of the very old become `[DATE]`).
 * - `instant`: an exact point in time: removed.
 * - `text`: short terminology text (`Coding.display`, `CodeableConcept.text`): kept, through the free-text scrubber.
 * - `ref`: a reference string, rewritten to the keyed hash of its target.
 * - `canonical`: a canonical URL of a definition (profile, instantiated protocol): kept.
 * - `free:notes` / `free:valueString` / `free:narrative`: free text, kept (scrubbed) only when the policy's
 *   `freeText` asks for that kind — that is, when the case template reads it.
 * - `birthDate`, `address`: Patient demographics with rules of their own (year; state, country and ZIP3).
 * - any other name: a complex type of {@link DATATYPES}, whose own elements are allowed in turn.
 */
export type ElementRule =
  | 'code'
  | 'date'
  | 'instant'
  | 'text'
  | 'ref'
  | 'canonical'
  | 'free:notes'
  | 'free:valueString'
  | 'free:narrative'
  | 'birthDate'
  | 'address'
  | DatatypeName;

/** Kinds of free text a policy (from the case template) can ask to keep. */
export const FREE_TEXT_KINDS = ['notes', 'valueString', 'narrative'] as const;
/** One of {@link FREE_TEXT_KINDS}. */
export type FreeTextKind = (typeof FREE_TEXT_KINDS)[number];

/** The elements allowed in one complex type or resource. */
export type ElementRules = Readonly<Record<string, ElementRule>>;

const quantity = { value: 'code', comparator: 'code', unit: 'code', system: 'code', code: 'code' } as const;

/** Complex datatypes (and backbone elements, named `Resource.element`) with their allowed elements. */
export const DATATYPES = {
  Coding: { system: 'code', version: 'code', code: 'code', display: 'text', userSelected: 'code' },
  CodeableConcept: { coding: 'Coding', text: 'text' },
  Quantity: quantity,
  Range: { low: 'Quantity', high: 'Quantity' },
  Ratio: { numerator: 'Quantity', denominator: 'Quantity' },
  Period: { start: 'date', end: 'date' },
  Reference: { reference: 'ref', type: 'code', display: 'text' },
  Annotation: { text: 'free:notes', time: 'date' },
  Meta: { profile: 'canonical', security: 'Coding' },
  Timing: { repeat: 'Timing.repeat', code: 'CodeableConcept' },
  'Timing.repeat': {
    boundsDuration: 'Quantity',
    boundsRange: 'Range',
    boundsPeriod: 'Period',
    count: 'code',
    countMax: 'code',
    duration: 'code',
    durationMax: 'code',
    durationUnit: 'code',
    frequency: 'code',
    frequencyMax: 'code',
    period: 'code',
    periodMax: 'code',
    periodUnit: 'code',
    dayOfWeek: 'code',
    timeOfDay: 'code',
    when: 'code',
    offset: 'code',
  },
  Dosage: {
    sequence: 'code',
    text: 'text',
    additionalInstruction: 'CodeableConcept',
    patientInstruction: 'text',
    timing: 'Timing',
    asNeededBoolean: 'code',
    asNeededCodeableConcept: 'CodeableConcept',
    site: 'CodeableConcept',
    route: 'CodeableConcept',
    method: 'CodeableConcept',
    doseAndRate: 'Dosage.doseAndRate',
    maxDosePerPeriod: 'Ratio',
    maxDosePerAdministration: 'Quantity',
    maxDosePerLifetime: 'Quantity',
  },
  'Dosage.doseAndRate': {
    type: 'CodeableConcept',
    doseRange: 'Range',
    doseQuantity: 'Quantity',
    rateRatio: 'Ratio',
    rateRange: 'Range',
    rateQuantity: 'Quantity',
  },
  ReferenceRange: {
    low: 'Quantity',
    high: 'Quantity',
    type: 'CodeableConcept',
    appliesTo: 'CodeableConcept',
    age: 'Range',
    text: 'text',
  },
  'Observation.component': {
    code: 'CodeableConcept',
    valueQuantity: 'Quantity',
    valueCodeableConcept: 'CodeableConcept',
    valueString: 'free:valueString',
    valueBoolean: 'code',
    valueInteger: 'code',
    valueRange: 'Range',
    valueRatio: 'Ratio',
    valueTime: 'code',
    valueDateTime: 'date',
    valuePeriod: 'Period',
    dataAbsentReason: 'CodeableConcept',
    interpretation: 'CodeableConcept',
    referenceRange: 'ReferenceRange',
  },
  'Condition.stage': { summary: 'CodeableConcept', assessment: 'Reference', type: 'CodeableConcept' },
  'Condition.evidence': { code: 'CodeableConcept', detail: 'Reference' },
  'Patient.communication': { language: 'CodeableConcept', preferred: 'code' },
  'AllergyIntolerance.reaction': {
    substance: 'CodeableConcept',
    manifestation: 'CodeableConcept',
    description: 'text',
    onset: 'date',
    severity: 'code',
    exposureRoute: 'CodeableConcept',
    note: 'Annotation',
  },
  'Procedure.performer': { function: 'CodeableConcept', actor: 'Reference' },
  'Procedure.focalDevice': { action: 'CodeableConcept', manipulated: 'Reference' },
  'Immunization.performer': { function: 'CodeableConcept', actor: 'Reference' },
  'Immunization.reaction': { date: 'date', detail: 'Reference', reported: 'code' },
  'Immunization.protocolApplied': {
    targetDisease: 'CodeableConcept',
    doseNumberPositiveInt: 'code',
    seriesDosesPositiveInt: 'code',
  },
  'Medication.ingredient': {
    itemCodeableConcept: 'CodeableConcept',
    itemReference: 'Reference',
    isActive: 'code',
    strength: 'Ratio',
  },
  'MedicationRequest.dispenseRequest': {
    validityPeriod: 'Period',
    numberOfRepeatsAllowed: 'code',
    quantity: 'Quantity',
    expectedSupplyDuration: 'Quantity',
  },
  'MedicationRequest.substitution': { allowedBoolean: 'code', reason: 'CodeableConcept' },
  'Encounter.hospitalization': {
    admitSource: 'CodeableConcept',
    reAdmission: 'CodeableConcept',
    dietPreference: 'CodeableConcept',
    specialCourtesy: 'CodeableConcept',
    specialArrangement: 'CodeableConcept',
    dischargeDisposition: 'CodeableConcept',
  },
  'Encounter.diagnosis': { condition: 'Reference', use: 'CodeableConcept', rank: 'code' },
  'Encounter.participant': { type: 'CodeableConcept', period: 'Period', individual: 'Reference' },
  'Encounter.statusHistory': { status: 'code', period: 'Period' },
  'DiagnosticReport.media': { link: 'Reference' },
  'DocumentReference.content': { format: 'Coding' },
  'Bundle.request': { method: 'code' },
} as const satisfies Record<string, Record<string, string>>;

/** The name of a complex type in {@link DATATYPES}. */
export type DatatypeName = keyof typeof DATATYPES;

/** Elements every resource may carry (`id`, `contained`, `extension` and `modifierExtension` have rules of their own). */
const DOMAIN_RESOURCE = { meta: 'Meta', language: 'code', text: 'free:narrative' } as const;

const subjectAndEncounter = { subject: 'Reference', encounter: 'Reference' } as const;

/**
 * The resource types a case may carry, with their allowed elements. A resource of any other type is dropped whole.
 * Identifiers, names, contacts, attachments and free text outside `free:*` are absent on purpose.
 */
export const RESOURCE_ALLOW_LIST: Readonly<Record<string, ElementRules>> = {
  Patient: {
    ...DOMAIN_RESOURCE,
    active: 'code',
    gender: 'code',
    birthDate: 'birthDate',
    deceasedBoolean: 'code',
    deceasedDateTime: 'date',
    address: 'address',
    maritalStatus: 'CodeableConcept',
    multipleBirthBoolean: 'code',
    communication: 'Patient.communication',
    generalPractitioner: 'Reference',
    managingOrganization: 'Reference',
  },
  Condition: {
    ...DOMAIN_RESOURCE,
    ...subjectAndEncounter,
    clinicalStatus: 'CodeableConcept',
    verificationStatus: 'CodeableConcept',
    category: 'CodeableConcept',
    severity: 'CodeableConcept',
    code: 'CodeableConcept',
    bodySite: 'CodeableConcept',
    onsetDateTime: 'date',
    onsetAge: 'Quantity',
    onsetPeriod: 'Period',
    onsetRange: 'Range',
    abatementDateTime: 'date',
    abatementAge: 'Quantity',
    abatementPeriod: 'Period',
    abatementRange: 'Range',
    recordedDate: 'date',
    recorder: 'Reference',
    asserter: 'Reference',
    stage: 'Condition.stage',
    evidence: 'Condition.evidence',
    note: 'Annotation',
  },
  Observation: {
    ...DOMAIN_RESOURCE,
    ...subjectAndEncounter,
    status: 'code',
    category: 'CodeableConcept',
    code: 'CodeableConcept',
    basedOn: 'Reference',
    partOf: 'Reference',
    focus: 'Reference',
    effectiveDateTime: 'date',
    effectivePeriod: 'Period',
    effectiveInstant: 'instant',
    issued: 'instant',
    performer: 'Reference',
    valueQuantity: 'Quantity',
    valueCodeableConcept: 'CodeableConcept',
    valueString: 'free:valueString',
    valueBoolean: 'code',
    valueInteger: 'code',
    valueRange: 'Range',
    valueRatio: 'Ratio',
    valueTime: 'code',
    valueDateTime: 'date',
    valuePeriod: 'Period',
    dataAbsentReason: 'CodeableConcept',
    interpretation: 'CodeableConcept',
    note: 'Annotation',
    bodySite: 'CodeableConcept',
    method: 'CodeableConcept',
    specimen: 'Reference',
    device: 'Reference',
    referenceRange: 'ReferenceRange',
    hasMember: 'Reference',
    derivedFrom: 'Reference',
    component: 'Observation.component',
  },
  Medication: {
    ...DOMAIN_RESOURCE,
    code: 'CodeableConcept',
    status: 'code',
    form: 'CodeableConcept',
    amount: 'Ratio',
    ingredient: 'Medication.ingredient',
  },
  MedicationRequest: {
    ...DOMAIN_RESOURCE,
    ...subjectAndEncounter,
    status: 'code',
    statusReason: 'CodeableConcept',
    intent: 'code',
    category: 'CodeableConcept',
    priority: 'code',
    doNotPerform: 'code',
    reportedBoolean: 'code',
    medicationCodeableConcept: 'CodeableConcept',
    medicationReference: 'Reference',
    authoredOn: 'date',
    requester: 'Reference',
    reasonCode: 'CodeableConcept',
    reasonReference: 'Reference',
    courseOfTherapyType: 'CodeableConcept',
    note: 'Annotation',
    dosageInstruction: 'Dosage',
    dispenseRequest: 'MedicationRequest.dispenseRequest',
    substitution: 'MedicationRequest.substitution',
  },
  MedicationStatement: {
    ...DOMAIN_RESOURCE,
    subject: 'Reference',
    context: 'Reference',
    status: 'code',
    statusReason: 'CodeableConcept',
    category: 'CodeableConcept',
    medicationCodeableConcept: 'CodeableConcept',
    medicationReference: 'Reference',
    effectiveDateTime: 'date',
    effectivePeriod: 'Period',
    dateAsserted: 'date',
    informationSource: 'Reference',
    derivedFrom: 'Reference',
    reasonCode: 'CodeableConcept',
    reasonReference: 'Reference',
    note: 'Annotation',
    dosage: 'Dosage',
  },
  AllergyIntolerance: {
    ...DOMAIN_RESOURCE,
    ...subjectAndEncounter,
    patient: 'Reference',
    clinicalStatus: 'CodeableConcept',
    verificationStatus: 'CodeableConcept',
    type: 'code',
    category: 'code',
    criticality: 'code',
    code: 'CodeableConcept',
    onsetDateTime: 'date',
    onsetAge: 'Quantity',
    onsetPeriod: 'Period',
    onsetRange: 'Range',
    recordedDate: 'date',
    lastOccurrence: 'date',
    recorder: 'Reference',
    asserter: 'Reference',
    note: 'Annotation',
    reaction: 'AllergyIntolerance.reaction',
  },
  Procedure: {
    ...DOMAIN_RESOURCE,
    ...subjectAndEncounter,
    status: 'code',
    statusReason: 'CodeableConcept',
    category: 'CodeableConcept',
    code: 'CodeableConcept',
    performedDateTime: 'date',
    performedPeriod: 'Period',
    performedAge: 'Quantity',
    performedRange: 'Range',
    performer: 'Procedure.performer',
    reasonCode: 'CodeableConcept',
    reasonReference: 'Reference',
    bodySite: 'CodeableConcept',
    outcome: 'CodeableConcept',
    complication: 'CodeableConcept',
    followUp: 'CodeableConcept',
    note: 'Annotation',
    focalDevice: 'Procedure.focalDevice',
    usedCode: 'CodeableConcept',
  },
  Immunization: {
    ...DOMAIN_RESOURCE,
    patient: 'Reference',
    encounter: 'Reference',
    status: 'code',
    statusReason: 'CodeableConcept',
    vaccineCode: 'CodeableConcept',
    occurrenceDateTime: 'date',
    recorded: 'date',
    primarySource: 'code',
    site: 'CodeableConcept',
    route: 'CodeableConcept',
    doseQuantity: 'Quantity',
    performer: 'Immunization.performer',
    note: 'Annotation',
    reasonCode: 'CodeableConcept',
    isSubpotent: 'code',
    reaction: 'Immunization.reaction',
    protocolApplied: 'Immunization.protocolApplied',
  },
  DiagnosticReport: {
    ...DOMAIN_RESOURCE,
    ...subjectAndEncounter,
    basedOn: 'Reference',
    status: 'code',
    category: 'CodeableConcept',
    code: 'CodeableConcept',
    effectiveDateTime: 'date',
    effectivePeriod: 'Period',
    issued: 'instant',
    performer: 'Reference',
    resultsInterpreter: 'Reference',
    specimen: 'Reference',
    result: 'Reference',
    media: 'DiagnosticReport.media',
    conclusion: 'free:notes',
    conclusionCode: 'CodeableConcept',
  },
  Encounter: {
    ...DOMAIN_RESOURCE,
    subject: 'Reference',
    status: 'code',
    statusHistory: 'Encounter.statusHistory',
    class: 'Coding',
    type: 'CodeableConcept',
    serviceType: 'CodeableConcept',
    priority: 'CodeableConcept',
    episodeOfCare: 'Reference',
    basedOn: 'Reference',
    participant: 'Encounter.participant',
    period: 'Period',
    length: 'Quantity',
    reasonCode: 'CodeableConcept',
    reasonReference: 'Reference',
    diagnosis: 'Encounter.diagnosis',
    hospitalization: 'Encounter.hospitalization',
    serviceProvider: 'Reference',
    partOf: 'Reference',
  },
  Device: {
    ...DOMAIN_RESOURCE,
    status: 'code',
    type: 'CodeableConcept',
    patient: 'Reference',
  },
  DocumentReference: {
    ...DOMAIN_RESOURCE,
    subject: 'Reference',
    status: 'code',
    docStatus: 'code',
    type: 'CodeableConcept',
    category: 'CodeableConcept',
    content: 'DocumentReference.content',
  },
};

/** One allowed extension: its URL, the `value[x]` types it may carry, and the sub-extensions it may nest. */
export interface AllowedExtension {
  /** The extension's canonical URL. */
  url: string;
  /** Allowed `value[x]` element names, e.g. `["valueCoding"]`. */
  values?: readonly string[];
  /** Allowed nested extensions (complex extensions such as US Core race). */
  extensions?: readonly AllowedExtension[];
}

/** Known clinical extensions kept by default (all others are dropped at every level). */
export const DEFAULT_EXTENSIONS: readonly AllowedExtension[] = [
  { url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex', values: ['valueCode'] },
  { url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', values: ['valueCode'] },
  { url: 'http://hl7.org/fhir/StructureDefinition/condition-assertedDate', values: ['valueDateTime'] },
];

/** `value[x]` types an allowed extension may carry, and the rule each goes through. */
export const EXTENSION_VALUE_RULES: Readonly<Record<string, ElementRule>> = {
  valueCode: 'code',
  valueBoolean: 'code',
  valueInteger: 'code',
  valueDecimal: 'code',
  valuePositiveInt: 'code',
  valueUnsignedInt: 'code',
  valueCoding: 'Coding',
  valueCodeableConcept: 'CodeableConcept',
  valueQuantity: 'Quantity',
  valueRange: 'Range',
  valueRatio: 'Ratio',
  valuePeriod: 'Period',
  valueDate: 'date',
  valueDateTime: 'date',
  valueReference: 'Reference',
  valueString: 'text',
  valueCanonical: 'canonical',
};

/**
 * What can never be kept, whatever a policy says: elements that are HIPAA Safe Harbor identifiers in any resource,
 * with the category each falls under. A policy that tries to allow one is refused (`invalid_policy`).
 */
export const NEVER_KEPT: Readonly<Record<string, SafeHarborKind>> = {
  name: 'names',
  alias: 'names',
  contact: 'names',
  link: 'other-identifier',
  telecom: 'phone',
  identifier: 'other-identifier',
  masterIdentifier: 'other-identifier',
  accessionIdentifier: 'other-identifier',
  photo: 'full-face-photo',
  presentedForm: 'other-identifier',
  attachment: 'other-identifier',
  udiCarrier: 'device-identifier',
  serialNumber: 'device-identifier',
  lotNumber: 'device-identifier',
  distinctIdentifier: 'device-identifier',
  url: 'url',
  address: 'geographic',
  location: 'geographic',
  position: 'geographic',
  birthDate: 'dates',
};

/** `value[x]` types that are identifiers by nature: never allowed in an extension. */
export const NEVER_KEPT_VALUES: Readonly<Record<string, SafeHarborKind>> = {
  valueHumanName: 'names',
  valueAddress: 'geographic',
  valueContactPoint: 'phone',
  valueIdentifier: 'other-identifier',
  valueAttachment: 'other-identifier',
  valueUrl: 'url',
  valueUri: 'url',
  valueOid: 'other-identifier',
  valueUuid: 'other-identifier',
  valueInstant: 'dates',
  valueId: 'other-identifier',
  valueSignature: 'other-identifier',
};

/** Rules a policy may give to an element it adds (complex datatypes, codes and dates). */
export const POLICY_RULES: readonly string[] = ['code', 'date', 'text', ...Object.keys(DATATYPES)];

/** Why an element was dropped: off the allow-list, free text the template did not ask for, an attachment, or a
 * resource dropped whole for a modifier extension that is not allowed. */
export type DropReason = 'not-allowed' | 'free-text' | 'attachment' | 'modifier-extension';

/** Additions a policy makes to the allow-list. */
export interface AllowListAdditions {
  /** More elements per resource type (or complex type), each with its rule, e.g. `{ Patient: { maritalStatus: "CodeableConcept" } }`. */
  elements?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** More extensions to keep (e.g. US Core race and ethnicity for a health-equity programme). */
  extensions?: readonly AllowedExtension[];
}

/** The allow-list in force for one de-identification: defaults plus the policy's additions. */
export interface CompiledAllowList {
  resources: ReadonlyMap<string, ElementRules>;
  extensions: ReadonlyMap<string, AllowedExtension>;
  freeText: ReadonlySet<FreeTextKind>;
}

/** Merges a policy's additions into the default allow-list (the policy was checked by `resolvePolicy`). */
export function compileAllowList(policy: {
  allow?: AllowListAdditions;
  freeText?: readonly FreeTextKind[];
}): CompiledAllowList {
  const resources = new Map<string, ElementRules>(Object.entries(RESOURCE_ALLOW_LIST));
  for (const [type, elements] of Object.entries(policy.allow?.elements ?? {})) {
    resources.set(type, { ...(resources.get(type) ?? {}), ...(elements as ElementRules) });
  }
  const extensions = new Map<string, AllowedExtension>();
  for (const e of [...DEFAULT_EXTENSIONS, ...(policy.allow?.extensions ?? [])]) extensions.set(e.url, e);
  return { resources, extensions, freeText: new Set(policy.freeText ?? []) };
}

/**
 * Why a policy's allow-list addition would switch off a Safe Harbor category, or `undefined` when it is acceptable.
 * @internal
 */
export function refuseAddition(additions: AllowListAdditions): string | undefined {
  for (const [type, elements] of Object.entries(additions.elements ?? {})) {
    if (!/^[A-Z][A-Za-z]{1,63}$/.test(type)) return `"${type}" is not a FHIR resource type.`;
    if (typeof elements !== 'object' || elements === null) return `allow.elements.${type} must be an object.`;
    for (const [element, rule] of Object.entries(elements)) {
      const kind = NEVER_KEPT[element] ?? (/Identifier$/.test(element) ? 'other-identifier' : undefined);
      if (kind) return `${type}.${element} can never be kept: it is a HIPAA Safe Harbor identifier (${kind}).`;
      if (NEVER_KEPT_VALUES[element]) {
        return `${type}.${element} can never be kept: it is a HIPAA Safe Harbor identifier (${NEVER_KEPT_VALUES[element]}).`;
      }
      if (!/^[a-z][A-Za-z]{0,63}$/.test(element)) return `"${element}" is not a FHIR element name.`;
      if (typeof rule !== 'string' || !POLICY_RULES.includes(rule)) {
        return `${type}.${element}: the rule must be one of ${POLICY_RULES.join(', ')}.`;
      }
    }
  }
  const checkExtensions = (list: readonly AllowedExtension[] | undefined, at: string): string | undefined => {
    if (list === undefined) return undefined;
    if (!Array.isArray(list)) return `${at} must be an array.`;
    for (const e of list) {
      if (typeof e !== 'object' || e === null || typeof e.url !== 'string' || !e.url) {
        return `${at}: every extension needs a url.`;
      }
      for (const v of e.values ?? []) {
        if (NEVER_KEPT_VALUES[v]) {
          return `Extension ${e.url}: ${v} can never be kept: it is a HIPAA Safe Harbor identifier (${NEVER_KEPT_VALUES[v]}).`;
        }
        if (!EXTENSION_VALUE_RULES[v]) return `Extension ${e.url}: "${v}" is not an allowed value type.`;
      }
      const nested = checkExtensions(e.extensions, `${at} ${e.url}`);
      if (nested) return nested;
    }
    return undefined;
  };
  return checkExtensions(additions.extensions, 'allow.extensions');
}

/** Questionnaire extension by which a case template asks for free text from the record (`valueCode`: a {@link FreeTextKind}). */
export const FREE_TEXT_EXTENSION = 'https://teleecho.org/fhir/StructureDefinition/context-free-text';

/** The parts of a Questionnaire (or one of its items) that {@link freeTextRequestedBy} reads. */
export interface TemplateItem {
  /** The item's type (`string`, `text`…). */
  type?: string;
  /** Its extensions (SDC `observationLinkPeriod`, `initialExpression`, {@link FREE_TEXT_EXTENSION}). */
  extension?: readonly { url?: string; valueCode?: string; valueExpression?: { expression?: string } }[];
  /** Nested items. */
  item?: readonly TemplateItem[];
}

/**
 * The free text a case template reads from the record, so de-identification keeps just that (scrubbed):
 * `valueString` when a text or string question is pre-filled from an observation (`observationLinkPeriod`), what an
 * `initialExpression` reads (`note`, `conclusion`, `text.div`, `valueString`), and what the template asks for by the
 * {@link FREE_TEXT_EXTENSION} extension.
 */
export function freeTextRequestedBy(questionnaire: TemplateItem): FreeTextKind[] {
  const kinds = new Set<FreeTextKind>();
  const visit = (node: TemplateItem) => {
    for (const e of node.extension ?? []) {
      const url = e.url ?? '';
      if (url === FREE_TEXT_EXTENSION && (FREE_TEXT_KINDS as readonly string[]).includes(e.valueCode ?? '')) {
        kinds.add(e.valueCode as FreeTextKind);
      }
      if (url.endsWith('observationLinkPeriod') && (node.type === 'string' || node.type === 'text')) {
        kinds.add('valueString');
      }
      const expression = e.valueExpression?.expression ?? '';
      if (expression) {
        if (/\bnote\b|\bconclusion\b/.test(expression)) kinds.add('notes');
        if (/\btext\s*\.\s*`?div\b/.test(expression)) kinds.add('narrative');
        if (/\bvalue(?:String)?\b|\bvalue\s*\.\s*ofType\(\s*string\s*\)/.test(expression)) kinds.add('valueString');
      }
    }
    for (const child of node.item ?? []) visit(child);
  };
  visit(questionnaire);
  return FREE_TEXT_KINDS.filter((k) => kinds.has(k));
}
