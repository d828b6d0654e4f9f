/**
 * FHIR R4 Questionnaire / QuestionnaireResponse shapes used by the case-form model (the SDC subset teleECHO
 * supports; see `docs/guides/case-templates.md`).
 * @packageDocumentation
 */
import type { SafeHarborKind } from '../fhir/deidentify/policy.js';
import type { FhirResource } from '../types.js';

/** Item types the model understands. Other R4 types (`url`, `time`, `attachment`…) are rejected as `unsupportedType`. */
export type QuestionnaireItemType =
  | 'group'
  | 'display'
  | 'string'
  | 'text'
  | 'integer'
  | 'decimal'
  | 'boolean'
  | 'date'
  | 'choice'
  | 'open-choice'
  | 'quantity';

/** A FHIR `Coding`. */
export interface Coding {
  system?: string;
  version?: string;
  code?: string;
  display?: string;
}

/** A FHIR `Quantity` (UCUM: `system` `http://unitsofmeasure.org`, `code` the UCUM code). */
export interface Quantity {
  value?: number;
  comparator?: '<' | '<=' | '>=' | '>';
  unit?: string;
  system?: string;
  code?: string;
}

/** A FHIR `Extension` (only the value types the SDC extensions we read use). */
export interface Extension {
  url: string;
  valueInteger?: number;
  valueDecimal?: number;
  valueString?: string;
  valueDate?: string;
  valueCode?: string;
  valueDuration?: Quantity;
  valueQuantity?: Quantity;
  valueCoding?: Coding;
  valueCodeableConcept?: { coding?: Coding[]; text?: string };
  valueExpression?: { language?: string; expression?: string; name?: string; description?: string };
  [key: string]: unknown;
}

/**
 * One answer value (`QuestionnaireResponse.item.answer`, `Questionnaire.item.initial`, `answerOption`):
 * exactly one `value[x]` is set.
 */
export interface AnswerValue {
  valueBoolean?: boolean;
  valueDecimal?: number;
  valueInteger?: number;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  valueDate?: string;
  valueString?: string;
  valueCoding?: Coding;
  valueQuantity?: Quantity;
}

/** One `Questionnaire.item.enableWhen` condition. */
export interface EnableWhen extends AnswerValue {
  /** linkId of the item whose answer is tested (searched in the same repeat instance first, then outward). */
  question: string;
  operator: 'exists' | '=' | '!=' | '>' | '<' | '>=' | '<=';
  answerBoolean?: boolean;
  answerDecimal?: number;
  answerInteger?: number;
  answerDate?: string;
  answerString?: string;
  answerCoding?: Coding;
  answerQuantity?: Quantity;
}

/** One `Questionnaire.item.answerOption`. */
export interface AnswerOption extends AnswerValue {
  initialSelected?: boolean;
}

/** A `Questionnaire.item`. */
export interface QuestionnaireItem {
  linkId: string;
  text?: string;
  type: QuestionnaireItemType | (string & {});
  /** LOINC/SNOMED codes of the concept; `observationLinkPeriod` looks for Observations with one of these. */
  code?: Coding[];
  prefix?: string;
  required?: boolean;
  repeats?: boolean;
  readOnly?: boolean;
  maxLength?: number;
  enableWhen?: EnableWhen[];
  enableBehavior?: 'all' | 'any';
  answerOption?: AnswerOption[];
  /** Initial value(s); `initial[x]` of R4 is written `initial: [{ valueString: '…' }]`. */
  initial?: AnswerValue[];
  extension?: Extension[];
  item?: QuestionnaireItem[];
  definition?: string;
}

/** A FHIR R4 `Questionnaire` (a case template). */
export interface Questionnaire extends FhirResource {
  resourceType: 'Questionnaire';
  /** Canonical URL; responses point at `url|version`. */
  url?: string;
  version?: string;
  name?: string;
  title?: string;
  status?: 'draft' | 'active' | 'retired' | 'unknown';
  /** `['Patient']` for patient cases; absent or empty for population-health / QI cases. */
  subjectType?: string[];
  description?: string;
  extension?: Extension[];
  item?: QuestionnaireItem[];
}

/** One answer in a response item; `item` holds children of a question item (not used by the supported subset). */
export interface QuestionnaireResponseAnswer extends AnswerValue {
  item?: QuestionnaireResponseItem[];
}

/** A `QuestionnaireResponse.item` (one instance of a group, or one question with its answers). */
export interface QuestionnaireResponseItem {
  linkId: string;
  text?: string;
  answer?: QuestionnaireResponseAnswer[];
  item?: QuestionnaireResponseItem[];
}

/** A FHIR R4 `QuestionnaireResponse`: the form state of `<echo-case-form>` and the case payload. */
export interface QuestionnaireResponse extends FhirResource {
  resourceType: 'QuestionnaireResponse';
  /** Canonical of the template: `url|version`. */
  questionnaire?: string;
  status: 'in-progress' | 'completed' | 'amended' | 'entered-in-error' | 'stopped';
  authored?: string;
  item?: QuestionnaireResponseItem[];
}

/**
 * One step of an {@link ItemPath}: an item's linkId and, for an instance of a REPEATING GROUP, its 0-based index
 * (omitted or 0 for everything else). Repeating questions keep all their answers in one item, so they take no index.
 */
export interface PathSegment {
  linkId: string;
  index?: number;
}

/**
 * Address of an item in a response: the linkIds from the top level down, e.g. the dose of the second medication
 * `[{ linkId: 'meds', index: 1 }, { linkId: 'dose' }]`. Written as a string by {@link pathKey}: `meds[1]/dose`.
 */
export type ItemPath = readonly PathSegment[];

/** What a {@link ValidationIssue} is about (stable; the element translates by code). */
export type ValidationCode =
  | 'required'
  | 'maxLength'
  | 'minLength'
  | 'minValue'
  | 'maxValue'
  | 'type'
  | 'option'
  | 'repeats'
  | 'readOnly'
  | 'enableWhen'
  | 'unknownItem'
  | 'unit'
  | 'unsupportedType'
  | 'questionnaire'
  | 'status';

/** One problem found by `validateResponse`. */
export interface ValidationIssue {
  /** {@link pathKey} of the item (`''` for the response itself), e.g. `meds[1]/dose`. */
  path: string;
  /** The same path as segments. */
  segments: ItemPath;
  /** The item's linkId (`''` for the response itself). */
  linkId: string;
  code: ValidationCode;
  /** Plain English, e.g. "At most 3 characters". Elements should translate by `code` + `limit`. */
  message: string;
  /** The limit broken (`maxLength`, `minValue`…), when there is one. */
  limit?: number | string;
}

/** Options of `validateResponse`. */
export interface ValidateOptions {
  /**
   * `draft`: only checks what the presenter has typed (types, limits, options) — no `required`.
   * `submit` (default): everything, including `required`, unknown items and answers to disabled items.
   */
  mode?: 'draft' | 'submit';
}

/** Where a pre-filled answer came from (shown next to the field). */
export interface PrefillSource {
  path: string;
  segments: ItemPath;
  linkId: string;
  kind: 'observation' | 'expression' | 'initial';
  /** Human-readable provenance, e.g. `Observation 2024 · LOINC 4548-4` or `Patient.birthDate → age band`. */
  detail: string;
}

/** The DE-IDENTIFIED case context `prepopulate` reads: `deidentify()`'s result, its resources, or a Bundle. */
export type PrefillContext =
  | { resources: FhirResource[] }
  | FhirResource[]
  | (FhirResource & { resourceType: 'Bundle'; entry?: { resource?: FhirResource }[] });

/** Options of `prepopulate`. */
export interface PrefillOptions {
  /** "Now" (for `observationLinkPeriod` and ages); default the current time. */
  now?: Date;
  /** Start from this response instead of a fresh one (only EMPTY items are filled). */
  response?: QuestionnaireResponse;
}

/** What `prepopulate` returns. */
export interface PrefillResult {
  response: QuestionnaireResponse;
  sources: PrefillSource[];
  /** Expressions that failed to evaluate (the item stays empty), as messages. */
  warnings: string[];
}

/** Kinds of identifying text `findIdentifyingText` reports. */
export type IdentifyingKind = 'name' | 'date' | 'phone' | 'mrn' | 'email' | 'ssn' | 'address' | 'url' | 'id';

/** One identifying-looking span in free text. */
export interface IdentifyingFinding {
  /** UTF-16 offsets, `text.slice(start, end)` is the match. */
  start: number;
  end: number;
  kind: IdentifyingKind;
  /** The Safe Harbor kind, finer than `kind` (e.g. `vehicle-identifier`, `ip-address`, `account-number`). */
  safeHarborKind: SafeHarborKind;
  /**
   * The shape alone settles it: an e-mail, a full date, a phone number, an SSN, a number after a keyword ("MRN",
   * "CPF", "licence"), a street address, the patient's own identifiers. Uncertain findings rest on context or
   * capitals ("wife Guadalupe", "works at Acme", "March 2021") and may be ordinary text the presenter can keep.
   */
  certain: boolean;
}

/**
 * The patient's own identifiers, collected from the ORIGINAL record before de-identification, so free text can be
 * checked for them. Keep in the browser: never send, store or log them.
 */
export interface IdentifyingHints {
  names: string[];
  identifiers: string[];
  phones: string[];
  emails: string[];
  addresses: string[];
}

/** Limits and presentation hints of an item, read from core elements and SDC extensions. */
export interface ItemConstraints {
  /** The item's `maxLength`; for `string`, `text` and `open-choice` items without one, `DEFAULT_MAX_LENGTH`. */
  maxLength?: number;
  minLength?: number;
  /** Number, or a `YYYY[-MM[-DD]]` string for dates. */
  minValue?: number | string;
  maxValue?: number | string;
  maxDecimalPlaces?: number;
  /** Allowed units of a quantity (`questionnaire-unitOption`), first is the default. */
  units: Coding[];
  /** `questionnaire-itemControl` code (`radio-button`, `drop-down`, `check-box`, `help`…). */
  itemControl?: string;
  /** Help text: a `display` child with itemControl `help`, or a `flyover` one. */
  help?: string;
  /** `entryFormat` extension (a placeholder such as `YYYY`). */
  placeholder?: string;
  /** True when the item has `observationLinkPeriod` or `initialExpression`. */
  prefillable: boolean;
}
