import type { Questionnaire, QuestionnaireItem } from '@teleecho/sdk/questionnaire';
import {
  TEMPLATE_BASE,
  control,
  help,
  loinc,
  maxValue,
  minValue,
  patientGroup,
  specialistQuestions,
  stringOptions,
  ucum,
  units,
} from './builders.js';

/** One ESAS-r symptom score, 0 (none) to 10 (worst possible). */
const symptom = (linkId: string, text: string): QuestionnaireItem => ({
  linkId,
  text,
  type: 'integer',
  extension: [minValue(0), maxValue(10)],
});

/** Palliative care case (symptom control, opioids, goals of care). */
export function palliativeCareQuestionnaire(): Questionnaire {
  return {
    resourceType: 'Questionnaire',
    url: `${TEMPLATE_BASE}/palliative-case`,
    version: '1',
    name: 'PalliativeCareCase',
    title: 'Palliative care case',
    status: 'active',
    subjectType: ['Patient'],
    description: 'Serious illness: function, symptom burden (ESAS-r), opioids, goals of care and support.',
    item: [
      patientGroup(),
      {
        linkId: 'illness',
        text: 'Serious illness',
        type: 'group',
        required: true,
        item: [
          {
            linkId: 'primary-diagnosis',
            text: 'Primary life-limiting diagnosis',
            type: 'open-choice',
            required: true,
            answerOption: stringOptions(
              'Advanced cancer',
              'Heart failure',
              'COPD',
              'End-stage kidney disease',
              'Dementia',
              'Cirrhosis',
              'Neurodegenerative disease',
            ),
          },
          {
            linkId: 'ecog',
            text: 'ECOG performance status',
            type: 'choice',
            code: [loinc('89247-1', 'ECOG Performance Status score')],
            answerOption: [0, 1, 2, 3, 4].map((valueInteger) => ({ valueInteger })),
            extension: [control('radio-button')],
            item: [
              help(
                'ecog',
                '0 fully active · 1 light work · 2 self-care, up over half the day · 3 in bed or chair over half the day · 4 completely disabled.',
              ),
            ],
          },
          {
            linkId: 'prognosis',
            text: 'Estimated prognosis',
            type: 'choice',
            answerOption: stringOptions('Days', 'Weeks', 'Months', 'A year or more', 'Uncertain'),
          },
        ],
      },
      {
        linkId: 'symptoms',
        text: 'Symptoms today (ESAS-r, 0 = none, 10 = worst possible)',
        type: 'group',
        item: [
          symptom('pain', 'Pain'),
          symptom('tiredness', 'Tiredness'),
          symptom('drowsiness', 'Drowsiness'),
          symptom('nausea', 'Nausea'),
          symptom('appetite', 'Lack of appetite'),
          symptom('dyspnoea', 'Shortness of breath'),
          symptom('depression', 'Depression'),
          symptom('anxiety', 'Anxiety'),
          symptom('wellbeing', 'Wellbeing'),
        ],
      },
      {
        linkId: 'opioids',
        text: 'Takes opioids',
        type: 'boolean',
        required: true,
      },
      {
        linkId: 'opioid',
        text: 'Opioids',
        type: 'group',
        repeats: true,
        required: true,
        enableWhen: [{ question: 'opioids', operator: '=', answerBoolean: true }],
        item: [
          {
            linkId: 'opioid-drug',
            text: 'Opioid',
            type: 'open-choice',
            required: true,
            answerOption: stringOptions(
              'Morphine',
              'Oxycodone',
              'Hydromorphone',
              'Fentanyl',
              'Methadone',
              'Buprenorphine',
              'Tramadol',
            ),
          },
          {
            linkId: 'opioid-route',
            text: 'Route',
            type: 'choice',
            answerOption: stringOptions('Oral', 'Transdermal', 'Subcutaneous', 'Intravenous', 'Sublingual'),
          },
          {
            linkId: 'opioid-dose',
            text: 'Total daily dose',
            type: 'quantity',
            extension: [...units(ucum('mg'), ucum('ug/h', 'µg/h')), minValue(0)],
          },
        ],
      },
      {
        linkId: 'goals',
        text: 'Goals of care',
        type: 'group',
        item: [
          { linkId: 'goals-discussed', text: 'Goals of care discussed with patient or family', type: 'boolean' },
          {
            linkId: 'advance-directive',
            text: 'Advance directive or treatment limits documented',
            type: 'choice',
            answerOption: stringOptions('Yes', 'No', 'Unknown'),
            enableWhen: [{ question: 'goals-discussed', operator: '=', answerBoolean: true }],
          },
          {
            linkId: 'preferred-place',
            text: 'Preferred place of care at end of life',
            type: 'open-choice',
            answerOption: stringOptions('Home', 'Hospice', 'Hospital', 'Care home', 'Not yet known'),
            enableWhen: [{ question: 'goals-discussed', operator: '=', answerBoolean: true }],
          },
          { linkId: 'caregiver', text: 'Caregiver support and concerns', type: 'text', maxLength: 1000 },
        ],
      },
      specialistQuestions(
        'For example: how to rotate opioids given rising pain and new drowsiness, and how to raise goals of care?',
      ),
    ],
  };
}
