/**
 * Small builders for the shipped case templates (FHIR R4 Questionnaires using the SDC subset of
 * `@teleecho/sdk/questionnaire`): codings, SDC extensions and the items every patient template shares.
 * @packageDocumentation
 */
import { SDC } from '@teleecho/sdk/questionnaire';
import type { AnswerOption, Coding, Extension, QuestionnaireItem } from '@teleecho/sdk/questionnaire';

/** Base of the canonical URLs of the shipped templates. */
export const TEMPLATE_BASE = 'https://teleecho.dev/fhir/Questionnaire';
/** LOINC. */
export const LOINC = 'http://loinc.org';
/** SNOMED CT. */
export const SNOMED = 'http://snomed.info/sct';
/** The extension `deidentify()` puts on a Patient older than 89 (birth date removed). */
const AGE_OVER_89 = 'https://teleecho.org/fhir/StructureDefinition/age-over-89';

/** A LOINC coding. */
export const loinc = (code: string, display: string): Coding => ({ system: LOINC, code, display });
/** A SNOMED CT coding. */
export const snomed = (code: string, display: string): Coding => ({ system: SNOMED, code, display });
/** A UCUM unit coding. */
export const ucum = (code: string, display = code): Coding => ({ system: SDC.ucum, code, display });

/** Options from plain strings (`valueString`). */
export const stringOptions = (...values: string[]): AnswerOption[] => values.map((valueString) => ({ valueString }));
/** Options from codings. */
export const codedOptions = (...codings: Coding[]): AnswerOption[] => codings.map((valueCoding) => ({ valueCoding }));
/** Options from a local code system: `[code, display]` pairs. */
export const localOptions = (system: string, ...pairs: [string, string][]): AnswerOption[] =>
  pairs.map(([code, display]) => ({
    valueCoding: { system: `https://teleecho.dev/fhir/CodeSystem/${system}`, code, display },
  }));

/** `observationLinkPeriod`: pre-fill from the latest matching Observation within `years`. */
export const observationLink = (years: number): Extension => ({
  url: SDC.observationLinkPeriod,
  valueDuration: { value: years, unit: 'years', system: SDC.ucum, code: 'a' },
});
/** `initialExpression` in FHIRPath, with a human description shown as the pre-fill source. */
export const initialExpression = (expression: string, description: string): Extension => ({
  url: SDC.initialExpression,
  valueExpression: { language: 'text/fhirpath', expression, description },
});
/** `minValue` / `maxValue` (integer, decimal or a `YYYY` date). */
export const minValue = (v: number | string): Extension =>
  typeof v === 'string'
    ? { url: SDC.minValue, valueDate: v }
    : Number.isInteger(v)
      ? { url: SDC.minValue, valueInteger: v }
      : { url: SDC.minValue, valueDecimal: v };
export const maxValue = (v: number | string): Extension =>
  typeof v === 'string'
    ? { url: SDC.maxValue, valueDate: v }
    : Number.isInteger(v)
      ? { url: SDC.maxValue, valueInteger: v }
      : { url: SDC.maxValue, valueDecimal: v };
/** `minLength`. */
export const minLength = (n: number): Extension => ({ url: SDC.minLength, valueInteger: n });
/** `maxDecimalPlaces`. */
export const maxDecimalPlaces = (n: number): Extension => ({ url: SDC.maxDecimalPlaces, valueInteger: n });
/** `questionnaire-unitOption`s. */
export const units = (...codings: Coding[]): Extension[] =>
  codings.map((valueCoding) => ({ url: SDC.unitOption, valueCoding }));
/** `questionnaire-itemControl`. */
export const control = (code: string): Extension => ({
  url: SDC.itemControl,
  valueCodeableConcept: { coding: [{ system: SDC.itemControlSystem, code }] },
});
/** `entryFormat` placeholder. */
export const entryFormat = (format: string): Extension => ({ url: SDC.entryFormat, valueString: format });

/** A help text child (`display` with itemControl `help`). */
export const help = (parent: string, text: string): QuestionnaireItem => ({
  linkId: `${parent}-help`,
  type: 'display',
  text,
  extension: [control('help')],
});

/** A lab value as a quantity pre-filled from the latest Observation with one of these codes within `years` (default 2). */
export function lab(
  linkId: string,
  text: string,
  codes: Coding[],
  unitList: Coding[],
  limits: { min?: number; max?: number; years?: number; places?: number } = {},
): QuestionnaireItem {
  return {
    linkId,
    text,
    type: 'quantity',
    code: codes,
    extension: [
      observationLink(limits.years ?? 2),
      ...units(...unitList),
      ...(limits.min === undefined ? [] : [minValue(limits.min)]),
      ...(limits.max === undefined ? [] : [maxValue(limits.max)]),
      ...(limits.places === undefined ? [] : [maxDecimalPlaces(limits.places)]),
    ],
  };
}

/** A year-only date (de-identified cases keep years only). */
export function year(
  linkId: string,
  text: string,
  options: { required?: boolean; min?: string } = {},
): QuestionnaireItem {
  return {
    linkId,
    text,
    type: 'date',
    ...(options.required && { required: true }),
    extension: [entryFormat('YYYY'), minValue(options.min ?? '1920'), maxValue('2100')],
  };
}

/** FHIRPath of the age band of the de-identified patient (year precision; `90+` when `deidentify()` marked it). */
const AGE_BAND =
  `iif(%patient.extension.where(url='${AGE_OVER_89}').exists(), '90+', ` +
  `(today().toString().substring(0,4).toInteger() - %patient.birthDate.toString().substring(0,4).toInteger())` +
  `.select(iif($this < 18, 'under-18', iif($this < 30, '18-29', iif($this < 90, ` +
  `($this div 10 * 10).toString() + '-' + ($this div 10 * 10 + 9).toString(), '90+')))))`;

/** The age bands offered (no exact age: a de-identified case needs none). */
export const AGE_BANDS = ['under-18', '18-29', '30-39', '40-49', '50-59', '60-69', '70-79', '80-89', '90+'];

/** The `patient` group of every patient template: age band and sex, both pre-filled from the de-identified Patient. */
export function patientGroup(extra: QuestionnaireItem[] = []): QuestionnaireItem {
  const gender = 'http://hl7.org/fhir/administrative-gender';
  return {
    linkId: 'patient',
    text: 'Patient',
    type: 'group',
    required: true,
    item: [
      {
        linkId: 'age-band',
        text: 'Age band (years)',
        type: 'choice',
        required: true,
        answerOption: stringOptions(...AGE_BANDS),
        extension: [initialExpression(AGE_BAND, 'Patient birth year → age band'), control('drop-down')],
      },
      {
        linkId: 'sex',
        text: 'Sex',
        type: 'choice',
        required: true,
        answerOption: codedOptions(
          { system: gender, code: 'female', display: 'Female' },
          { system: gender, code: 'male', display: 'Male' },
          { system: gender, code: 'other', display: 'Other' },
          { system: gender, code: 'unknown', display: 'Unknown' },
        ),
        extension: [initialExpression('%patient.gender', 'Patient.gender'), control('radio-button')],
      },
      ...extra,
    ],
  };
}

/** Pregnancy question, shown for female patients only. */
export function pregnancyItem(): QuestionnaireItem {
  return {
    linkId: 'pregnant',
    text: 'Currently pregnant or breastfeeding',
    type: 'boolean',
    enableWhen: [
      {
        question: 'sex',
        operator: '=',
        answerCoding: { system: 'http://hl7.org/fhir/administrative-gender', code: 'female' },
      },
    ],
  };
}

/** The group every template ends with: the presenter's question(s) for the specialists (required, repeating). */
export function specialistQuestions(hint: string): QuestionnaireItem {
  return {
    linkId: 'specialist-questions',
    text: 'Your question(s) for the specialists',
    type: 'group',
    required: true,
    repeats: true,
    item: [
      {
        linkId: 'question',
        text: 'Question',
        type: 'text',
        required: true,
        maxLength: 1000,
        extension: [minLength(10)],
        item: [help('question', hint)],
      },
    ],
  };
}

/** Positive / negative / unknown as SNOMED CT qualifier values. */
export function testResultOptions(): AnswerOption[] {
  return codedOptions(snomed('10828004', 'Positive'), snomed('260385009', 'Negative'), snomed('261665006', 'Unknown'));
}

/** eGFR: the CKD-EPI 2021, CKD-EPI 2009 and MDRD LOINC codes (whichever the lab reports). */
export const EGFR_CODES: Coding[] = [
  loinc(
    '98979-8',
    'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] by Creatinine-based formula (CKD-EPI 2021)',
  ),
  loinc('62238-1', 'Glomerular filtration rate/1.73 sq M.predicted (CKD-EPI)'),
  loinc('33914-3', 'Glomerular filtration rate/1.73 sq M.predicted (MDRD)'),
];
