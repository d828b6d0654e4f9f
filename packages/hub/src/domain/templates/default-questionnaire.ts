import type { Questionnaire } from '@teleecho/sdk/questionnaire';

/** The general clinical case form every new programme gets: a FHIR R4 Questionnaire. */
export function defaultQuestionnaire(): Questionnaire {
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
