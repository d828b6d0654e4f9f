import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { PATIENTS_DIR } from '@teleecho/example-sandbox-ehr';
import { deidentify } from '../fhir/deidentify/index.js';
import type { FhirBundle } from '../fhir/deidentify/index.js';
import type { FhirResource } from '../types.js';
import {
  SDC,
  findIdentifyingText,
  getAnswers,
  identifierHintsFrom,
  parsePath,
  prepopulate,
  setAnswers,
} from './index.js';
import type { Questionnaire } from './index.js';

/** A sandbox-EHR patient's ORIGINAL record (real fixture files). */
const record = (file: string): FhirBundle => JSON.parse(readFileSync(join(PATIENTS_DIR, file), 'utf8')) as FhirBundle;
const planted = JSON.parse(readFileSync(join(PATIENTS_DIR, 'planted.json'), 'utf8')) as {
  patients: Record<string, { identifiers: string[] }>;
};
const NOW = new Date('2025-06-01T00:00:00Z');

const AGE_BAND =
  "iif(%patient.extension.where(url='https://teleecho.org/fhir/StructureDefinition/age-over-89').exists(), '90+', " +
  '(today().toString().substring(0,4).toInteger() - %patient.birthDate.toString().substring(0,4).toInteger())' +
  ".select(iif($this < 90, ($this div 10 * 10).toString() + 's', '90+')))";
const lab = (linkId: string, code: string, years: number, unit?: string) => ({
  linkId,
  type: 'quantity' as const,
  code: [{ system: 'http://loinc.org', code }],
  extension: [
    { url: SDC.observationLinkPeriod, valueDuration: { value: years, code: 'a' } },
    ...(unit ? [{ url: SDC.unitOption, valueCoding: { system: SDC.ucum, code: unit } }] : []),
  ],
});
const FORM: Questionnaire = {
  resourceType: 'Questionnaire',
  url: 'https://example.org/q',
  version: '1',
  item: [
    {
      linkId: 'patient',
      type: 'group',
      item: [
        {
          linkId: 'age-band',
          type: 'string',
          extension: [
            {
              url: SDC.initialExpression,
              valueExpression: { language: 'text/fhirpath', expression: AGE_BAND, description: 'age band' },
            },
          ],
        },
        {
          linkId: 'sex',
          type: 'choice',
          answerOption: [
            { valueCoding: { system: 'http://hl7.org/fhir/administrative-gender', code: 'female', display: 'Female' } },
            { valueCoding: { system: 'http://hl7.org/fhir/administrative-gender', code: 'male', display: 'Male' } },
          ],
          extension: [
            {
              url: SDC.initialExpression,
              valueExpression: { language: 'text/fhirpath', expression: '%patient.gender' },
            },
          ],
        },
        {
          linkId: 'birth-year',
          type: 'date',
          extension: [{ url: SDC.initialExpression, valueExpression: { expression: '%patient.birthDate' } }],
        },
      ],
    },
    lab('hba1c', '4548-4', 1, '%'),
    lab('hcv-rna', '11011-4', 2),
    lab('alt', '1742-6', 2, 'ukat/L'),
    { linkId: 'note', type: 'string', initial: [{ valueString: 'default' }] },
    {
      linkId: 'meds',
      type: 'group',
      repeats: true,
      item: [lab('inside-repeat', '4548-4', 5)],
    },
  ],
};
const value = (r: Awaited<ReturnType<typeof prepopulate>>['response'], key: string) => getAnswers(r, parsePath(key))[0];

describe('prepopulate from a de-identified sandbox-EHR record', () => {
  test('type 2 diabetes patient: latest HbA1c within the period, age band and sex, provenance for each', async () => {
    const context = deidentify(record('t2d.json'));
    const { response, sources, warnings } = await prepopulate(FORM, context, { now: NOW });
    assert.deepEqual(warnings, []);
    // Original: HbA1c 2024-03, 2024-07, 2024-11 and 2025-02; de-identified dates keep the year only.
    const hba1c = value(response, 'hba1c')?.valueQuantity;
    assert.equal(hba1c?.code, '%');
    const latest = context.resources
      .filter((r) => r.resourceType === 'Observation' && JSON.stringify(r.code).includes('4548-4'))
      .filter((r) => String(r.effectiveDateTime).startsWith('2025'));
    assert.equal(latest.length, 1, 'one 2025 HbA1c in the fixture');
    assert.equal(hba1c?.value, (latest[0]!.valueQuantity as { value: number }).value);
    const later = await prepopulate(FORM, context, { now: new Date('2027-03-01T00:00:00Z') });
    assert.equal(value(later.response, 'hba1c'), undefined, 'in 2027 a 1-year period starts in 2026: nothing');
    assert.equal(value(response, 'inside-repeat'), undefined, 'repeating groups are not pre-filled');
    assert.equal(value(response, 'patient/age-band')?.valueString, '60s', 'born 1961');
    assert.equal(value(response, 'patient/sex')?.valueCoding?.code, 'female');
    assert.equal(value(response, 'patient/birth-year')?.valueDate, '1961', 'dates pre-fill as years only');
    const byPath = Object.fromEntries(sources.map((s) => [s.path, `${s.kind}: ${s.detail}`]));
    assert.deepEqual(byPath, {
      note: 'initial: Template default',
      'patient/age-band': 'expression: age band',
      'patient/sex': 'expression: %patient.gender',
      'patient/birth-year': 'expression: %patient.birthDate',
      hba1c: 'observation: Observation 2025 · LOINC 4548-4',
    });
  });

  test('hepatitis C patient: HCV RNA pre-filled; a lab whose unit is not offered stays empty', async () => {
    const { response, sources } = await prepopulate(FORM, deidentify(record('hcv.json')).resources, { now: NOW });
    assert.equal(value(response, 'hcv-rna')?.valueQuantity?.value !== undefined, true);
    assert.match(sources.find((s) => s.linkId === 'hcv-rna')!.detail, /^Observation 2025 · LOINC 11011-4$/);
    assert.equal(value(response, 'alt'), undefined, 'ALT is in U/L, the item only offers ukat/L');
    assert.equal(value(response, 'hba1c'), undefined, 'no HbA1c in this record');
  });

  test('a patient over 89 gets the 90+ band from the de-identifier’s marker (no birth year left)', async () => {
    const context = deidentify(record('palliative-92.json'));
    const { response } = await prepopulate(FORM, context, { now: NOW });
    assert.equal(value(response, 'patient/age-band')?.valueString, '90+');
    assert.equal(value(response, 'patient/birth-year'), undefined);
  });

  test('no identifier planted in the original record reaches the pre-filled response', async () => {
    for (const file of ['hcv.json', 't2d.json', 'palliative-92.json']) {
      const { response } = await prepopulate(FORM, deidentify(record(file)), { now: NOW });
      const text = JSON.stringify(response).toLowerCase();
      for (const id of planted.patients[file]!.identifiers)
        assert.ok(!text.includes(id.toLowerCase()), `${file}: ${id}`);
    }
  });

  test('only empty items are filled when starting from a draft; no context means no pre-fill and no engine load', async () => {
    const draft = setAnswers((await prepopulate(FORM, undefined)).response, parsePath('hba1c'), [
      { valueQuantity: { value: 7, code: '%' } },
    ]);
    let loaded = false;
    const { response, sources } = await prepopulate(
      FORM,
      deidentify(record('t2d.json')),
      { now: NOW, response: draft },
      async () => {
        loaded = true;
        const { loadFhirPath } = await import('./prepopulate.js');
        return loadFhirPath();
      },
    );
    assert.equal(value(response, 'hba1c')?.valueQuantity?.value, 7, 'the presenter’s value is kept');
    assert.ok(!sources.some((s) => s.linkId === 'hba1c'));
    assert.ok(loaded);
    loaded = false;
    await prepopulate(FORM, undefined, {}, async () => {
      loaded = true;
      throw new Error('not expected');
    });
    assert.equal(loaded, false, 'population-health cases never load FHIRPath');
  });

  test('a failing expression is a warning, not an exception', async () => {
    const q: Questionnaire = {
      resourceType: 'Questionnaire',
      item: [
        {
          linkId: 'x',
          type: 'string',
          extension: [{ url: SDC.initialExpression, valueExpression: { expression: '%patient.(' } }],
        },
      ],
    };
    const { response, warnings } = await prepopulate(q, [{ resourceType: 'Patient' } as FhirResource]);
    assert.equal(getAnswers(response, parsePath('x')).length, 0);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^x: /);
  });
});

describe('narratives pre-fill text questions as text', () => {
  test('a Narrative div becomes the text a reader sees: no markup, no namespace URL, entities decoded', async () => {
    const q: Questionnaire = {
      resourceType: 'Questionnaire',
      status: 'active',
      item: [
        {
          linkId: 'summary',
          type: 'text',
          extension: [
            {
              url: SDC.initialExpression,
              valueExpression: { language: 'text/fhirpath', expression: '%resource.entry.resource.text.`div`' },
            },
          ],
        },
      ],
    } as Questionnaire;
    const div =
      '<div xmlns="http://www.w3.org/1999/xhtml"><p>Cirrhosis &amp; ascites</p><table><tr><td>ALT</td><td>88&#160;U/L</td></tr></table>On&nbsp;DAA<br/>since 2024</div>';
    const { response, warnings } = await prepopulate(q, [
      { resourceType: 'Condition', text: { status: 'generated', div } } as FhirResource,
    ]);
    assert.deepEqual(warnings, []);
    const [answer] = getAnswers(response, parsePath('summary'));
    assert.equal(answer?.valueString, 'Cirrhosis & ascites\nALT 88\u00a0U/L\nOn DAA\nsince 2024');
  });
});

describe('findIdentifyingText', () => {
  const hints = identifierHintsFrom(record('hcv.json'));
  const found = (text: string) =>
    findIdentifyingText(text, hints).map((f) => `${f.kind}:${text.slice(f.start, f.end)}`);
  const cases: [string, string[]][] = [
    ['Mrs Thibodeaux has fatigue', ['name:Thibodeaux']],
    ['marguerite thibodeaux, 56F', ['name:marguerite thibodeaux']],
    ['Call her on (603) 555-0147 please', ['phone:(603) 555-0147']],
    ['her daughter Peggy drives her', ['name:Peggy']],
    ['MRN 4829173 in the chart', ['mrn:MRN 4829173']],
    ['record 4829173', ['mrn:4829173']],
    ['seen on 2024-06-13 with jaundice', ['date:2024-06-13']],
    ['seen on June 13, 2024', ['date:June 13, 2024']],
    ['email peggy.thibodeaux@example.com', ['email:peggy.thibodeaux@example.com']],
    ['SSN 912-48-3301', ['ssn:SSN 912-48-3301']],
    ['lives at 17 Old Cheshire Turnpike', ['address:17 Old Cheshire Turnpike']],
    ['Diagnosed in 2019, genotype 1a, HCV RNA 1,250,000 IU/mL, ALT 88 U/L', []],
    ['Should we treat with sofosbuvir/velpatasvir for 12 weeks?', []],
    ['esposa Guadalupe la acompaña', ['name:Guadalupe']],
    ['trabalha na Padaria Pão Dourado', ['name:Padaria Pão Dourado']],
    ['Vu le 12 mars 2024', ['date:12 mars 2024']],
    ['placa ABC-1234', ['id:ABC-1234']],
    ['son of a farmer, wife is supportive', []],
  ];
  for (const [text, expected] of cases) {
    test(JSON.stringify(text), () => assert.deepEqual(found(text), expected));
  }
  test('findings say their Safe Harbor kind and whether the shape alone settles them', () => {
    const text = 'wife Guadalupe, SSN 123-45-6789, placa ABC-1234';
    assert.deepEqual(
      findIdentifyingText(text).map((f) => [f.kind, f.safeHarborKind, f.certain]),
      [
        ['name', 'names', false],
        ['ssn', 'ssn', true],
        ['id', 'vehicle-identifier', true],
      ],
    );
  });
  test('without hints, generic patterns still apply; the record’s names are not known', () => {
    assert.deepEqual(
      findIdentifyingText('Thibodeaux on 03/04/2024').map((f) => f.kind),
      ['date'],
    );
  });
  test('hints carry the patient’s names, identifiers, phones, emails and address parts', () => {
    assert.ok(hints.names.includes('Thibodeaux'));
    assert.ok(hints.identifiers.some((i) => i.includes('4829173')));
    assert.ok(hints.phones.length > 0 && hints.emails.length > 0 && hints.addresses.includes('Charlestown'));
  });
});
