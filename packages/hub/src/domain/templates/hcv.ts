import type { Questionnaire } from '@teleecho/sdk/questionnaire';
import {
  EGFR_CODES,
  TEMPLATE_BASE,
  control,
  help,
  lab,
  localOptions,
  loinc,
  maxDecimalPlaces,
  maxValue,
  minValue,
  patientGroup,
  pregnancyItem,
  testResultOptions,
  specialistQuestions,
  stringOptions,
  ucum,
  units,
  year,
} from './builders.js';

/** Hepatitis C case (treatment planning with direct-acting antivirals). */
export function hcvQuestionnaire(): Questionnaire {
  return {
    resourceType: 'Questionnaire',
    url: `${TEMPLATE_BASE}/hcv-case`,
    version: '2',
    name: 'HcvCase',
    title: 'Hepatitis C case',
    status: 'active',
    subjectType: ['Patient'],
    description: 'Chronic hepatitis C: work-up, fibrosis staging and direct-acting antiviral regimen choice.',
    item: [
      patientGroup([pregnancyItem()]),
      {
        linkId: 'hcv',
        text: 'Hepatitis C',
        type: 'group',
        required: true,
        item: [
          year('diagnosis-year', 'Year of HCV diagnosis', { required: true, min: '1960' }),
          {
            linkId: 'genotype',
            text: 'HCV genotype',
            type: 'choice',
            required: true,
            answerOption: stringOptions('1a', '1b', '2', '3', '4', '5', '6', 'Mixed', 'Not done'),
            extension: [control('drop-down')],
          },
          lab(
            'hcv-rna',
            'HCV RNA viral load',
            [loinc('11011-4', 'HCV RNA [Units/volume] (viral load) in Serum or Plasma')],
            [ucum('[IU]/mL', 'IU/mL')],
            { min: 0 },
          ),
          {
            linkId: 'treatment-experienced',
            text: 'Treated for hepatitis C before',
            type: 'boolean',
            required: true,
          },
          {
            linkId: 'prior-treatment',
            text: 'Prior treatment course',
            type: 'group',
            repeats: true,
            enableWhen: [{ question: 'treatment-experienced', operator: '=', answerBoolean: true }],
            item: [
              {
                linkId: 'prior-regimen',
                text: 'Regimen',
                type: 'open-choice',
                required: true,
                answerOption: stringOptions(
                  'Sofosbuvir/velpatasvir',
                  'Glecaprevir/pibrentasvir',
                  'Ledipasvir/sofosbuvir',
                  'Elbasvir/grazoprevir',
                  'Sofosbuvir/velpatasvir/voxilaprevir',
                  'Peginterferon + ribavirin',
                ),
              },
              year('prior-year', 'Year started'),
              {
                linkId: 'prior-outcome',
                text: 'Outcome',
                type: 'choice',
                answerOption: stringOptions('Cured (SVR12)', 'Relapse', 'Non-response', 'Stopped early', 'Unknown'),
              },
            ],
          },
        ],
      },
      {
        linkId: 'liver',
        text: 'Liver disease',
        type: 'group',
        item: [
          lab(
            'alt',
            'ALT',
            [loinc('1742-6', 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma')],
            [ucum('U/L')],
            { min: 0, max: 10000 },
          ),
          lab(
            'ast',
            'AST',
            [loinc('1920-8', 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma')],
            [ucum('U/L')],
            { min: 0, max: 10000 },
          ),
          lab(
            'platelets',
            'Platelets',
            [loinc('777-3', 'Platelets [#/volume] in Blood by Automated count')],
            [ucum('10*3/uL', '×10³/µL')],
            { min: 0, max: 2000 },
          ),
          {
            linkId: 'fib4',
            text: 'FIB-4 score',
            type: 'decimal',
            extension: [minValue(0), maxValue(50), maxDecimalPlaces(2)],
            item: [
              help(
                'fib4',
                'Age × AST ÷ (platelets × √ALT). Below 1.45 makes advanced fibrosis unlikely; above 3.25 suggests it.',
              ),
            ],
          },
          {
            linkId: 'elastography',
            text: 'Liver stiffness (transient elastography)',
            type: 'quantity',
            extension: [...units(ucum('kPa')), minValue(1.5), maxValue(75), maxDecimalPlaces(1)],
          },
          {
            linkId: 'cirrhosis',
            text: 'Cirrhosis',
            type: 'choice',
            required: true,
            answerOption: localOptions(
              'cirrhosis-status',
              ['none', 'No cirrhosis'],
              ['compensated', 'Compensated cirrhosis'],
              ['decompensated', 'Decompensated cirrhosis'],
              ['unknown', 'Not assessed'],
            ),
            extension: [control('radio-button')],
          },
          {
            linkId: 'child-pugh',
            text: 'Child–Pugh class',
            type: 'choice',
            answerOption: stringOptions('A', 'B', 'C'),
            enableBehavior: 'any',
            enableWhen: [
              { question: 'cirrhosis', operator: '=', answerCoding: { code: 'compensated' } },
              { question: 'cirrhosis', operator: '=', answerCoding: { code: 'decompensated' } },
            ],
          },
        ],
      },
      {
        linkId: 'comorbidities',
        text: 'Coinfections and kidney function',
        type: 'group',
        item: [
          {
            linkId: 'hbsag',
            text: 'Hepatitis B surface antigen',
            type: 'choice',
            answerOption: stringOptions('Negative', 'Positive', 'Not done'),
            extension: [control('radio-button')],
          },
          {
            linkId: 'hiv',
            text: 'HIV',
            type: 'choice',
            answerOption: testResultOptions(),
            extension: [control('radio-button')],
          },
          lab('egfr', 'eGFR', EGFR_CODES, [ucum('mL/min/{1.73_m2}', 'mL/min/1.73 m²')], { min: 0, max: 200 }),
        ],
      },
      {
        linkId: 'medications',
        text: 'Current medications (for drug–drug interactions)',
        type: 'group',
        repeats: true,
        item: [
          { linkId: 'medication', text: 'Medication', type: 'string', required: true, maxLength: 120 },
          {
            linkId: 'medication-dose',
            text: 'Daily dose',
            type: 'quantity',
            extension: [...units(ucum('mg'), ucum('ug', 'µg'), ucum('[IU]', 'IU')), minValue(0)],
          },
        ],
      },
      {
        linkId: 'substance-use',
        text: 'Alcohol and substance use',
        type: 'group',
        item: [
          {
            linkId: 'alcohol',
            text: 'Alcohol use',
            type: 'choice',
            answerOption: stringOptions(
              'None',
              'Within low-risk limits',
              'Above low-risk limits',
              'Alcohol use disorder',
            ),
          },
          {
            linkId: 'injection-drug-use',
            text: 'Injection drug use in the last 6 months',
            type: 'boolean',
          },
          {
            linkId: 'oat',
            text: 'On opioid agonist treatment',
            type: 'boolean',
            enableWhen: [{ question: 'injection-drug-use', operator: '=', answerBoolean: true }],
          },
        ],
      },
      specialistQuestions(
        'For example: which regimen and for how long, given the fibrosis stage and current medications?',
      ),
    ],
  };
}
