// Runs in headless Chromium (@web/test-runner): the case-form model in a browser, including pre-population with the
// FHIRPath engine loaded on demand (a separate dynamic import) from a de-identified sandbox-EHR record.
import { deidentify } from '../fhir/deidentify/index.js';
import {
  SDC,
  findIdentifyingText,
  getAnswers,
  identifierHintsFrom,
  parsePath,
  prepopulate,
  validateResponse,
} from './index.js';
import type { Questionnaire } from './index.js';

declare const describe: (name: string, body: () => void) => void;
declare const it: (name: string, body: () => Promise<void>) => void;

function ok(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Assertion failed: ${message}`);
}

const record = async (file: string) => {
  const response = await fetch(new URL(`../../../../examples/sandbox-ehr/patients/${file}`, import.meta.url));
  ok(response.ok, `fetch ${file}`);
  return response.json();
};

const FORM: Questionnaire = {
  resourceType: 'Questionnaire',
  url: 'https://example.org/q',
  version: '1',
  item: [
    {
      linkId: 'sex',
      type: 'choice',
      answerOption: [
        { valueCoding: { system: 'http://hl7.org/fhir/administrative-gender', code: 'female' } },
        { valueCoding: { system: 'http://hl7.org/fhir/administrative-gender', code: 'male' } },
      ],
      extension: [
        { url: SDC.initialExpression, valueExpression: { language: 'text/fhirpath', expression: '%patient.gender' } },
      ],
    },
    {
      linkId: 'hba1c',
      type: 'quantity',
      code: [{ system: 'http://loinc.org', code: '4548-4' }],
      extension: [{ url: SDC.observationLinkPeriod, valueDuration: { value: 2, code: 'a' } }],
    },
    { linkId: 'question', type: 'text', required: true },
  ],
};

describe('@teleecho/sdk/questionnaire in the browser', () => {
  it('pre-fills from a de-identified record with FHIRPath loaded on demand', async () => {
    const original = await record('t2d.json');
    const { response, warnings } = await prepopulate(FORM, deidentify(original), { now: new Date('2025-06-01') });
    ok(warnings.length === 0, `no warnings: ${warnings.join('; ')}`);
    ok(getAnswers(response, parsePath('sex'))[0]?.valueCoding?.code === 'female', 'sex from %patient.gender');
    ok(
      typeof getAnswers(response, parsePath('hba1c'))[0]?.valueQuantity?.value === 'number',
      'HbA1c from the Observation',
    );
    const issues = validateResponse(FORM, response);
    ok(
      issues.length === 1 && issues[0]!.path === 'question' && issues[0]!.code === 'required',
      'question still required',
    );
    const hints = identifierHintsFrom(original);
    const found = findIdentifyingText('Lorraine has CKD 3a; call 2025-02-18', hints).map((f) => f.kind);
    ok(found.join() === 'name,date', `findings: ${found.join()}`);
  });
});
