import type { Questionnaire } from '@teleecho/sdk/questionnaire';
import {
  TEMPLATE_BASE,
  control,
  help,
  maxDecimalPlaces,
  maxValue,
  minLength,
  minValue,
  specialistQuestions,
  stringOptions,
  year,
} from './builders.js';

/** Population-health / quality-improvement case: a clinic's project, not a patient (no subject, no EHR context). */
export function qualityImprovementQuestionnaire(): Questionnaire {
  return {
    resourceType: 'Questionnaire',
    url: `${TEMPLATE_BASE}/qi-case`,
    version: '1',
    name: 'QualityImprovementCase',
    title: 'Population health / quality improvement case',
    status: 'active',
    description:
      'A clinic or population-health project (Model for Improvement): aim, measures, PDSA cycles and barriers.',
    item: [
      {
        linkId: 'project',
        text: 'Project',
        type: 'group',
        required: true,
        item: [
          { linkId: 'project-title', text: 'Project title', type: 'string', required: true, maxLength: 120 },
          {
            linkId: 'setting',
            text: 'Setting',
            type: 'open-choice',
            required: true,
            answerOption: stringOptions(
              'Primary care clinic',
              'Community health center',
              'Rural health clinic',
              'Tribal or IHS facility',
              'Hospital',
              'Public health department',
              'Correctional facility',
            ),
          },
          { linkId: 'population', text: 'Population served', type: 'text', required: true, maxLength: 1000 },
          {
            linkId: 'population-size',
            text: 'Number of people in the population',
            type: 'integer',
            extension: [minValue(1), maxValue(10000000)],
          },
          {
            linkId: 'aim',
            text: 'Aim statement',
            type: 'text',
            required: true,
            maxLength: 1000,
            extension: [minLength(20)],
            item: [
              help(
                'aim',
                'What will improve, by how much, by when — e.g. "Raise HCV screening of adults from 40% to 70% by December".',
              ),
            ],
          },
        ],
      },
      {
        linkId: 'measure',
        text: 'Measures',
        type: 'group',
        repeats: true,
        required: true,
        item: [
          { linkId: 'measure-name', text: 'Measure', type: 'string', required: true, maxLength: 200 },
          {
            linkId: 'measure-type',
            text: 'Type',
            type: 'choice',
            required: true,
            answerOption: stringOptions('Outcome', 'Process', 'Balancing'),
            extension: [control('radio-button')],
          },
          {
            linkId: 'baseline',
            text: 'Baseline (%)',
            type: 'decimal',
            extension: [minValue(0), maxValue(100), maxDecimalPlaces(1)],
          },
          {
            linkId: 'target',
            text: 'Target (%)',
            type: 'decimal',
            extension: [minValue(0), maxValue(100), maxDecimalPlaces(1)],
          },
        ],
      },
      {
        linkId: 'progress',
        text: 'Progress',
        type: 'group',
        item: [
          year('start-year', 'Year the project started', { min: '2000' }),
          {
            linkId: 'pdsa-cycles',
            text: 'PDSA cycles completed',
            type: 'integer',
            required: true,
            extension: [minValue(0), maxValue(100)],
          },
          {
            linkId: 'changes-tested',
            text: 'Changes tested and what you learned',
            type: 'text',
            maxLength: 2000,
            required: true,
            enableWhen: [{ question: 'pdsa-cycles', operator: '>', answerInteger: 0 }],
          },
          {
            linkId: 'barriers',
            text: 'Barriers',
            type: 'open-choice',
            repeats: true,
            answerOption: stringOptions(
              'Staff time',
              'EHR reporting',
              'Data quality',
              'Leadership support',
              'Patient engagement',
              'Funding',
            ),
            extension: [control('check-box')],
          },
        ],
      },
      specialistQuestions(
        'For example: how to get reliable screening data out of the EHR, or which change to test next?',
      ),
    ],
  };
}
