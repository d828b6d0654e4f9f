import type { FhirResource } from '@teleecho/sdk';

/** The general clinical case form every new programme gets: a FHIR R4 Questionnaire. */
export function defaultQuestionnaire(): FhirResource {
  return {
    resourceType: 'Questionnaire',
    url: 'https://teleecho.dev/fhir/Questionnaire/general-case',
    version: '1',
    name: 'GeneralClinicalCase',
    title: 'General clinical case',
    status: 'active',
    subjectType: ['Patient'],
    item: [
      {
        linkId: 'patient',
        text: 'Patient',
        type: 'group',
        item: [
          { linkId: 'age', text: 'Age (years; 90+ for older)', type: 'string', required: true, maxLength: 3 },
          {
            linkId: 'sex',
            text: 'Sex',
            type: 'choice',
            required: true,
            answerOption: [
              {
                valueCoding: { system: 'http://hl7.org/fhir/administrative-gender', code: 'female', display: 'Female' },
              },
              { valueCoding: { system: 'http://hl7.org/fhir/administrative-gender', code: 'male', display: 'Male' } },
              { valueCoding: { system: 'http://hl7.org/fhir/administrative-gender', code: 'other', display: 'Other' } },
              {
                valueCoding: {
                  system: 'http://hl7.org/fhir/administrative-gender',
                  code: 'unknown',
                  display: 'Unknown',
                },
              },
            ],
          },
        ],
      },
      { linkId: 'presenting-problem', text: 'Presenting problem', type: 'text', required: true },
      { linkId: 'history', text: 'Relevant history', type: 'text' },
      { linkId: 'medications', text: 'Current medications', type: 'text' },
      { linkId: 'labs', text: 'Relevant labs and results', type: 'text' },
      { linkId: 'questions', text: 'Question(s) for the specialists', type: 'text', required: true },
    ],
  };
}

/** A hepatitis C case form (used by the demo programme). */
export function hcvQuestionnaire(): FhirResource {
  return {
    resourceType: 'Questionnaire',
    url: 'https://teleecho.dev/fhir/Questionnaire/hcv-case',
    version: '1',
    name: 'HcvCase',
    title: 'Hepatitis C case',
    status: 'active',
    subjectType: ['Patient'],
    item: [
      { linkId: 'age', text: 'Age (years; 90+ for older)', type: 'string', required: true, maxLength: 3 },
      {
        linkId: 'sex',
        text: 'Sex',
        type: 'choice',
        required: true,
        answerOption: [
          { valueCoding: { system: 'http://hl7.org/fhir/administrative-gender', code: 'female', display: 'Female' } },
          { valueCoding: { system: 'http://hl7.org/fhir/administrative-gender', code: 'male', display: 'Male' } },
        ],
      },
      {
        linkId: 'genotype',
        text: 'HCV genotype',
        type: 'choice',
        answerOption: ['1a', '1b', '2', '3', '4', '5', '6', 'unknown'].map((code) => ({ valueString: code })),
      },
      { linkId: 'viral-load', text: 'HCV RNA viral load (IU/mL)', type: 'decimal' },
      {
        linkId: 'fibrosis',
        text: 'Fibrosis stage (e.g. FIB-4, elastography)',
        type: 'choice',
        answerOption: ['F0', 'F1', 'F2', 'F3', 'F4 (cirrhosis)'].map((code) => ({ valueString: code })),
      },
      { linkId: 'prior-treatment', text: 'Prior HCV treatment', type: 'text' },
      { linkId: 'comorbidities', text: 'Comorbidities (HIV, HBV, renal disease…)', type: 'text' },
      { linkId: 'medications', text: 'Current medications', type: 'text' },
      { linkId: 'labs', text: 'Relevant labs (ALT, platelets, eGFR…)', type: 'text' },
      { linkId: 'questions', text: 'Question(s) for the specialists', type: 'text', required: true },
    ],
  };
}

interface QItem {
  linkId?: unknown;
  required?: unknown;
  item?: unknown;
  text?: unknown;
}

/** linkIds of required items of a Questionnaire (nested items count only inside required groups). */
export function requiredLinkIds(questionnaire: FhirResource): string[] {
  const out: string[] = [];
  const walk = (items: unknown): void => {
    if (!Array.isArray(items)) return;
    for (const raw of items as QItem[]) {
      if (raw && typeof raw === 'object') {
        if (raw.required === true && typeof raw.linkId === 'string') {
          out.push(raw.linkId);
          walk(raw.item);
        }
      }
    }
  };
  walk(questionnaire.item);
  return out;
}

/** linkIds that have at least one answer anywhere in a QuestionnaireResponse. */
export function answeredLinkIds(response: FhirResource): Set<string> {
  const out = new Set<string>();
  const walk = (items: unknown): void => {
    if (!Array.isArray(items)) return;
    for (const raw of items as (QItem & { answer?: unknown })[]) {
      if (!raw || typeof raw !== 'object') continue;
      const answered = Array.isArray(raw.answer) && raw.answer.length > 0;
      const group = Array.isArray(raw.item) && raw.item.length > 0;
      if (typeof raw.linkId === 'string' && (answered || group)) out.add(raw.linkId);
      walk(raw.item);
      if (Array.isArray(raw.answer)) for (const a of raw.answer as { item?: unknown }[]) walk(a?.item);
    }
  };
  walk(response.item);
  return out;
}
