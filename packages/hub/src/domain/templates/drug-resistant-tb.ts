import type { Questionnaire } from '@teleecho/sdk/questionnaire';
import {
  TEMPLATE_BASE,
  control,
  help,
  lab,
  loinc,
  maxValue,
  minValue,
  patientGroup,
  pregnancyItem,
  specialistQuestions,
  stringOptions,
  testResultOptions,
  ucum,
  units,
  year,
} from './builders.js';

/** Drug-resistant tuberculosis case (regimen design, monitoring, adverse events). */
export function drugResistantTbQuestionnaire(): Questionnaire {
  return {
    resourceType: 'Questionnaire',
    url: `${TEMPLATE_BASE}/dr-tb-case`,
    version: '1',
    name: 'DrugResistantTbCase',
    title: 'Drug-resistant TB case',
    status: 'active',
    subjectType: ['Patient'],
    description:
      'Rifampicin-resistant / MDR / XDR tuberculosis: resistance profile, regimen, monitoring and adverse events.',
    item: [
      patientGroup([
        lab('weight', 'Weight', [loinc('29463-7', 'Body weight')], [ucum('kg')], { min: 2, max: 300, places: 1 }),
        pregnancyItem(),
      ]),
      {
        linkId: 'tb',
        text: 'Tuberculosis',
        type: 'group',
        required: true,
        item: [
          year('diagnosis-year', 'Year of this diagnosis', { required: true, min: '1990' }),
          {
            linkId: 'site',
            text: 'Site of disease',
            type: 'choice',
            required: true,
            answerOption: stringOptions('Pulmonary', 'Extrapulmonary', 'Pulmonary and extrapulmonary'),
            extension: [control('radio-button')],
          },
          {
            linkId: 'resistance',
            text: 'Resistance pattern',
            type: 'choice',
            required: true,
            answerOption: stringOptions('RR-TB', 'MDR-TB', 'Pre-XDR-TB', 'XDR-TB', 'Isoniazid-resistant TB'),
            item: [
              help(
                'resistance',
                'Pre-XDR: MDR/RR plus fluoroquinolone resistance. XDR: pre-XDR plus bedaquiline or linezolid resistance.',
              ),
            ],
          },
          {
            linkId: 'confirmed-by',
            text: 'Resistance confirmed by',
            type: 'open-choice',
            repeats: true,
            answerOption: stringOptions(
              'Xpert MTB/RIF',
              'Xpert MTB/XDR',
              'Line probe assay',
              'Phenotypic DST',
              'Whole-genome sequencing',
            ),
            extension: [control('check-box')],
          },
          { linkId: 'previous-tb', text: 'Treated for TB before', type: 'boolean' },
        ],
      },
      {
        linkId: 'hiv',
        text: 'HIV',
        type: 'group',
        item: [
          {
            linkId: 'hiv-status',
            text: 'HIV status',
            type: 'choice',
            required: true,
            answerOption: testResultOptions(),
          },
          {
            ...lab(
              'cd4',
              'CD4 count',
              [loinc('24467-3', 'CD3+CD4+ (T4 helper) cells [#/volume] in Blood')],
              [ucum('/uL', 'cells/µL')],
              { min: 0, max: 5000 },
            ),
            enableWhen: [
              {
                question: 'hiv-status',
                operator: '=',
                answerCoding: { system: 'http://snomed.info/sct', code: '10828004' },
              },
            ],
          },
        ],
      },
      {
        linkId: 'regimen',
        text: 'Current regimen',
        type: 'group',
        repeats: true,
        required: true,
        item: [
          {
            linkId: 'drug',
            text: 'Drug',
            type: 'open-choice',
            required: true,
            answerOption: stringOptions(
              'Bedaquiline',
              'Pretomanid',
              'Linezolid',
              'Moxifloxacin',
              'Levofloxacin',
              'Clofazimine',
              'Cycloserine',
              'Delamanid',
              'Pyrazinamide',
              'Ethambutol',
            ),
          },
          {
            linkId: 'dose',
            text: 'Daily dose',
            type: 'quantity',
            extension: [...units(ucum('mg')), minValue(0), maxValue(4000)],
          },
        ],
      },
      {
        linkId: 'monitoring',
        text: 'Monitoring',
        type: 'group',
        item: [
          {
            linkId: 'treatment-month',
            text: 'Month of treatment',
            type: 'integer',
            extension: [minValue(0), maxValue(36)],
          },
          {
            linkId: 'culture',
            text: 'Most recent sputum culture',
            type: 'choice',
            answerOption: stringOptions('Positive', 'Negative', 'Contaminated', 'Pending', 'Not done'),
          },
          {
            linkId: 'qtcf',
            text: 'QTcF',
            type: 'quantity',
            extension: [...units(ucum('ms')), minValue(250), maxValue(700)],
          },
          {
            linkId: 'adverse-events',
            text: 'Adverse events',
            type: 'choice',
            repeats: true,
            answerOption: stringOptions(
              'Peripheral neuropathy',
              'Optic neuritis',
              'Myelosuppression',
              'QT prolongation',
              'Hepatotoxicity',
              'Hearing loss',
              'Psychiatric symptoms',
            ),
            extension: [control('check-box')],
          },
          {
            linkId: 'neuropathy-grade',
            text: 'Peripheral neuropathy grade',
            type: 'choice',
            answerOption: stringOptions('1', '2', '3', '4'),
            enableWhen: [{ question: 'adverse-events', operator: '=', answerString: 'Peripheral neuropathy' }],
          },
          lab(
            'alt',
            'ALT',
            [loinc('1742-6', 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma')],
            [ucum('U/L')],
            { min: 0, max: 10000 },
          ),
        ],
      },
      specialistQuestions(
        'For example: can linezolid continue at a lower dose given the neuropathy, and what should replace it?',
      ),
    ],
  };
}
