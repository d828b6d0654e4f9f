/**
 * A realistic, fully filled and de-identified response for each shipped template (used by tests of the model, the
 * hub and `<echo-case-form>`). Pure data: safe to import in browsers.
 * @packageDocumentation
 */
import { createResponse, finalizeResponse, parsePath, setAnswers } from '@teleecho/sdk/questionnaire';
import type {
  AnswerValue,
  Questionnaire,
  QuestionnaireResponse,
  QuestionnaireResponseAnswer,
} from '@teleecho/sdk/questionnaire';
import { AGE_BANDS } from './builders.js';
import { CASE_TEMPLATES } from './index.js';

type Fill = Record<string, AnswerValue | AnswerValue[]>;

const s = (valueString: string): AnswerValue => ({ valueString });
const q = (value: number, code: string, unit = code): AnswerValue => ({
  valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code },
});
const gender = (code: string): AnswerValue => ({
  valueCoding: {
    system: 'http://hl7.org/fhir/administrative-gender',
    code,
    display: code[0]!.toUpperCase() + code.slice(1),
  },
});
const sct = (code: string, display: string): AnswerValue => ({
  valueCoding: { system: 'http://snomed.info/sct', code, display },
});
const NEGATIVE = sct('260385009', 'Negative');
const POSITIVE = sct('10828004', 'Positive');

/** Answers by path key (`meds[1]/dose`), per template. */
export const SAMPLE_ANSWERS: Readonly<Record<string, Fill>> = {
  hcv: {
    'patient/age-band': s(AGE_BANDS[4]!),
    'patient/sex': gender('male'),
    'hcv/diagnosis-year': { valueDate: '2019' },
    'hcv/genotype': s('3'),
    'hcv/hcv-rna': q(1250000, '[IU]/mL', 'IU/mL'),
    'hcv/treatment-experienced': { valueBoolean: true },
    'hcv/prior-treatment/prior-regimen': s('Peginterferon + ribavirin'),
    'hcv/prior-treatment/prior-year': { valueDate: '2014' },
    'hcv/prior-treatment/prior-outcome': s('Relapse'),
    'liver/alt': q(88, 'U/L'),
    'liver/ast': q(71, 'U/L'),
    'liver/platelets': q(132, '10*3/uL', '×10³/µL'),
    'liver/fib4': { valueDecimal: 2.86 },
    'liver/elastography': q(11.2, 'kPa'),
    'liver/cirrhosis': {
      valueCoding: {
        system: 'https://teleecho.dev/fhir/CodeSystem/cirrhosis-status',
        code: 'compensated',
        display: 'Compensated cirrhosis',
      },
    },
    'liver/child-pugh': s('A'),
    'comorbidities/hbsag': s('Negative'),
    'comorbidities/hiv': NEGATIVE,
    'comorbidities/egfr': q(74, 'mL/min/{1.73_m2}', 'mL/min/1.73 m²'),
    'medications/medication': s('Omeprazole'),
    'medications/medication-dose': q(40, 'mg'),
    'medications[1]/medication': s('Amlodipine'),
    'medications[1]/medication-dose': q(5, 'mg'),
    'substance-use/alcohol': s('Within low-risk limits'),
    'substance-use/injection-drug-use': { valueBoolean: true },
    'substance-use/oat': { valueBoolean: true },
    'specialist-questions/question': s(
      'Genotype 3 with compensated cirrhosis after interferon relapse: sofosbuvir/velpatasvir with ribavirin, or voxilaprevir?',
    ),
    'specialist-questions[1]/question': s('Does the omeprazole need to change during treatment?'),
  },
  hiv: {
    'patient/age-band': s('30-39'),
    'patient/sex': gender('female'),
    'patient/pregnant': { valueBoolean: false },
    'hiv/diagnosis-year': { valueDate: '2016' },
    'hiv/cd4': q(312, '/uL', 'cells/µL'),
    'hiv/viral-load': q(850, '{copies}/mL', 'copies/mL'),
    'hiv/nadir-cd4': { valueInteger: 145 },
    'art/on-art': { valueBoolean: true },
    'art/regimen/art-drug': s('Efavirenz/tenofovir disoproxil/emtricitabine'),
    'art/regimen/art-start': { valueDate: '2017' },
    'art/adherence': s('80–94%'),
    'art/resistance-test': { valueBoolean: true },
    'art/resistance-mutations': s('K103N, M184V'),
    'coinfections/opportunistic': [s('Oesophageal candidiasis')],
    'coinfections/hbsag': NEGATIVE,
    'coinfections/hcv-antibody': NEGATIVE,
    'coinfections/egfr': q(96, 'mL/min/{1.73_m2}', 'mL/min/1.73 m²'),
    'specialist-questions/question': s(
      'Viral load 850 copies/mL on efavirenz-based therapy with K103N and M184V: switch to a dolutegravir regimen now?',
    ),
  },
  'dr-tb': {
    'patient/age-band': s('40-49'),
    'patient/sex': gender('male'),
    'patient/weight': q(54.5, 'kg'),
    'tb/diagnosis-year': { valueDate: '2026' },
    'tb/site': s('Pulmonary'),
    'tb/resistance': s('Pre-XDR-TB'),
    'tb/confirmed-by': [s('Xpert MTB/XDR'), s('Phenotypic DST')],
    'tb/previous-tb': { valueBoolean: true },
    'hiv/hiv-status': POSITIVE,
    'hiv/cd4': q(210, '/uL', 'cells/µL'),
    'regimen/drug': s('Bedaquiline'),
    'regimen/dose': q(200, 'mg'),
    'regimen[1]/drug': s('Pretomanid'),
    'regimen[1]/dose': q(200, 'mg'),
    'regimen[2]/drug': s('Linezolid'),
    'regimen[2]/dose': q(600, 'mg'),
    'monitoring/treatment-month': { valueInteger: 3 },
    'monitoring/culture': s('Negative'),
    'monitoring/qtcf': q(468, 'ms'),
    'monitoring/adverse-events': [s('Peripheral neuropathy'), s('QT prolongation')],
    'monitoring/neuropathy-grade': s('2'),
    'monitoring/alt': q(41, 'U/L'),
    'specialist-questions/question': s('Grade 2 neuropathy at month 3 of BPaL: reduce linezolid to 300 mg or stop it?'),
  },
  t2d: {
    'patient/age-band': s('50-59'),
    'patient/sex': gender('female'),
    'diabetes/diagnosis-year': { valueDate: '2012' },
    'diabetes/hba1c': q(9.4, '%'),
    'diabetes/egfr': q(48, 'mL/min/{1.73_m2}', 'mL/min/1.73 m²'),
    'diabetes/uacr': q(310, 'mg/g'),
    'diabetes/ldl': q(112, 'mg/dL'),
    'diabetes/bmi': q(34.2, 'kg/m2', 'kg/m²'),
    'diabetes/systolic': q(146, 'mm[Hg]', 'mmHg'),
    complications: [s('Chronic kidney disease'), s('Retinopathy')],
    'medications/medication': s('Metformin'),
    'medications/dose': q(2000, 'mg'),
    'medications[1]/medication': s('Basal insulin'),
    'medications[1]/dose': q(38, '[IU]', 'units'),
    insulin: { valueBoolean: true },
    hypoglycaemia: { valueInteger: 1 },
    barriers: [s('Cost of medication'), s('Transport')],
    'specialist-questions/question': s(
      'HbA1c 9.4% with eGFR 48 and albuminuria on metformin and basal insulin: add an SGLT2 inhibitor or a GLP-1 agonist first?',
    ),
  },
  palliative: {
    'patient/age-band': s('70-79'),
    'patient/sex': gender('male'),
    'illness/primary-diagnosis': s('Advanced cancer'),
    'illness/ecog': { valueInteger: 3 },
    'illness/prognosis': s('Months'),
    'symptoms/pain': { valueInteger: 7 },
    'symptoms/tiredness': { valueInteger: 6 },
    'symptoms/drowsiness': { valueInteger: 5 },
    'symptoms/nausea': { valueInteger: 2 },
    'symptoms/appetite': { valueInteger: 6 },
    'symptoms/dyspnoea': { valueInteger: 3 },
    'symptoms/depression': { valueInteger: 4 },
    'symptoms/anxiety': { valueInteger: 5 },
    'symptoms/wellbeing': { valueInteger: 6 },
    opioids: { valueBoolean: true },
    'opioid/opioid-drug': s('Morphine'),
    'opioid/opioid-route': s('Oral'),
    'opioid/opioid-dose': q(120, 'mg'),
    'goals/goals-discussed': { valueBoolean: true },
    'goals/advance-directive': s('No'),
    'goals/preferred-place': s('Home'),
    'goals/caregiver': s('Lives with his wife, who is exhausted; home care nurse visits twice a week.'),
    'specialist-questions/question': s(
      'Pain 7/10 with rising drowsiness on 120 mg oral morphine: rotate to another opioid, and which adjuvant for the bone pain?',
    ),
  },
  qi: {
    'project/project-title': s('Hepatitis C screening in primary care'),
    'project/setting': s('Community health center'),
    'project/population': s('Adults aged 18–79 seen at least once in the past year at two rural clinic sites.'),
    'project/population-size': { valueInteger: 4200 },
    'project/aim': s('Raise one-time HCV antibody screening of adult patients from 38% to 70% within 12 months.'),
    'measure/measure-name': s('Adults ever screened for HCV'),
    'measure/measure-type': s('Outcome'),
    'measure/baseline': { valueDecimal: 38 },
    'measure/target': { valueDecimal: 70 },
    'measure[1]/measure-name': s('Visits with a screening reminder shown'),
    'measure[1]/measure-type': s('Process'),
    'measure[1]/baseline': { valueDecimal: 0 },
    'measure[1]/target': { valueDecimal: 90 },
    'progress/start-year': { valueDate: '2026' },
    'progress/pdsa-cycles': { valueInteger: 2 },
    'progress/changes-tested': s(
      'Standing order for nurses to add the test; an EHR reminder. Nurses ordered more when the reminder fired at intake.',
    ),
    'progress/barriers': [s('EHR reporting'), s('Staff time')],
    'specialist-questions/question': s(
      'How do other clinics count patients screened elsewhere without double counting?',
    ),
  },
};

/** Builds a response from answers by path key, then finalizes it (completed, canonical, disabled items dropped). */
export function fillResponse(questionnaire: Questionnaire, answers: Fill): QuestionnaireResponse {
  let response: QuestionnaireResponse = createResponse(questionnaire, { initial: false });
  for (const [key, value] of Object.entries(answers)) {
    const list = (Array.isArray(value) ? value : [value]) as QuestionnaireResponseAnswer[];
    response = setAnswers(response, parsePath(key), list);
  }
  return finalizeResponse(questionnaire, response);
}

/** The filled, completed sample response of a shipped template (`hcv`, `hiv`, `dr-tb`, `t2d`, `palliative`, `qi`). */
export function sampleCaseResponse(name: keyof typeof SAMPLE_ANSWERS & string): QuestionnaireResponse {
  const factory = CASE_TEMPLATES[name];
  const answers = SAMPLE_ANSWERS[name];
  if (!factory || !answers) throw new Error(`no template "${name}"`);
  return fillResponse(factory(), answers);
}
