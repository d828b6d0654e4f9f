import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findPhi } from './phi-guard.js';

describe('PHI guard', () => {
  test('finds clear-cut identifiers and reports paths, never values', () => {
    const findings = findPhi({
      item: [
        { linkId: 'a', answer: [{ valueString: 'SSN 123-45-6789 on file' }] },
        { linkId: 'b', answer: [{ valueString: 'write to jane.doe@example.org' }] },
        { linkId: 'c', answer: [{ valueString: 'call (555) 123-4567' }] },
        { linkId: 'd', answer: [{ valueDate: '2024-03-05' }] },
        { linkId: 'e', answer: [{ valueString: 'seen on 2024-03-05T10:00:00Z' }] },
        { linkId: 'f', answer: [{ valueString: 'see https://portal.example/chart?mrn=12345' }] },
        { linkId: 'g', answer: [{ valueString: 'admitted 3/5/2024' }] },
      ],
    });
    assert.deepEqual(
      findings.map((f) => [f.path, f.kind]),
      [
        ['/item/0/answer/0/valueString', 'ssn'],
        ['/item/1/answer/0/valueString', 'email'],
        ['/item/2/answer/0/valueString', 'phone'],
        ['/item/3/answer/0/valueDate', 'date'],
        ['/item/4/answer/0/valueString', 'date'],
        ['/item/5/answer/0/valueString', 'url'],
        ['/item/6/answer/0/valueString', 'date'],
      ],
    );
    assert.ok(!JSON.stringify(findings).includes('6789'));
  });

  test('lets de-identified clinical content through', () => {
    const findings = findPhi({
      resourceType: 'QuestionnaireResponse',
      questionnaire: 'https://teleecho.dev/fhir/Questionnaire/general-case',
      item: [
        { linkId: 'age', answer: [{ valueString: '90+' }] },
        { linkId: 'year', answer: [{ valueDate: '2019' }] },
        { linkId: 'labs', answer: [{ valueString: 'ALT 88 U/L, platelets 140 x10^9/L, HCV RNA 1,200,000 IU/mL' }] },
        { linkId: 'bp', answer: [{ valueString: 'BP 130/85, ratio 1/2/3' }] },
        { linkId: 'zip', answer: [{ valueString: 'ZIP 021' }] },
        { linkId: 'q', answer: [{ valueString: 'Treat for 12 weeks? Diagnosed in 2019.' }] },
      ],
    });
    assert.deepEqual(findings, []);
  });
});

describe('PHI guard: the wider net (issue 4)', () => {
  test('catches MRN-like ids, IPs, any URL, street addresses and written-out dates', () => {
    const cases: Array<[string, string]> = [
      ['MRN: 4829173', 'mrn'],
      ['pt MRN-4829173 transferred', 'mrn'],
      ['account no. 77120934', 'mrn'],
      ['logged in from 203.0.113.47', 'ip'],
      ['see https://social.example.net/@peggy', 'url'],
      ['photos at www.example.com', 'url'],
      ['lives at 17 Old Cheshire Turnpike', 'address'],
      ['lives at 2214 Coal Avenue SE', 'address'],
      ['admitted June 13, 2024', 'date'],
      ['SSN 912483301', 'ssn'],
    ];
    for (const [text, kind] of cases) {
      const findings = findPhi({ item: [{ linkId: 'x', answer: [{ valueString: text }] }] });
      assert.deepEqual(
        findings.map((f) => f.kind),
        [kind],
        text,
      );
      assert.equal(findings[0]!.path, '/item/0/answer/0/valueString');
      assert.ok(!JSON.stringify(findings).includes(text));
    }
  });

  test('no false positives on de-identified clinical summaries', () => {
    const findings = findPhi({
      resourceType: 'QuestionnaireResponse',
      questionnaire: 'https://teleecho.dev/fhir/Questionnaire/hcv-case',
      item: [
        { linkId: 'labs', answer: [{ valueString: 'HCV RNA (LOINC 11011-4) 1,240,000 IU/mL in 2024; ALT 64 U/L' }] },
        { linkId: 'dx', answer: [{ valueString: 'B18.2 chronic hepatitis C; K74.0; F11.21; SNOMED 128302006' }] },
        { linkId: 'hiv', answer: [{ valueString: 'HIV-1 RNA 20447-9 <20 copies/mL, CD4 455 cells/uL (24467-3)' }] },
        {
          linkId: 'tb',
          answer: [{ valueString: 'QTc 452 ms on bedaquiline 100 MG; linezolid 600 mg; Xpert MTB/RIF' }],
        },
        { linkId: 'meds', answer: [{ valueString: 'RxNorm 1940261 sofosbuvir 400 MG / velpatasvir 100 MG' }] },
        { linkId: 'age', answer: [{ valueString: '90+-year-old, ZIP 000, NM' }] },
        { linkId: 'bp', answer: [{ valueString: 'BP 146/88 mmHg, weight 94.3 kg, eGFR 52 mL/min/1.73m2' }] },
        { linkId: 'yr', answer: [{ valueDate: '2025' }] },
      ],
    });
    assert.deepEqual(findings, []);
  });
});

describe('PHI guard: English, Spanish, Portuguese and French (issue 12)', () => {
  const kindsOf = (text: string) =>
    findPhi({ item: [{ linkId: 'x', answer: [{ valueString: text }] }] }).map((f) => f.kind);

  test('refuses what the shape alone settles, in every language', () => {
    const cases: Array<[string, string]> = [
      ['Visto el 3 de marzo de 2024', 'date'],
      ['Atendido em 3 de março de 2024', 'date'],
      ['Vu le 12 mars 2024', 'date'],
      ['llamar al 612-345-678', 'phone'],
      ['ligar para (11) 91234-5678', 'phone'],
      ['appeler le 06 12 34 56 78', 'phone'],
      ['CPF 123.456.789-09', 'id'],
      ['número de cuenta 0049-1234-5678', 'mrn'],
      ['placa ABC-1234', 'id'],
      ["plaque d'immatriculation AB-123-CD", 'id'],
      ['permis de conduire n° 12AB34567', 'id'],
      ['vive en Calle Mayor 12', 'address'],
      ['12 rue de la Paix', 'address'],
      ['escribir a ana.ruiz@ejemplo.es', 'email'],
      ['IMEI 356938035643809', 'id'],
    ];
    for (const [text, kind] of cases) assert.deepEqual(kindsOf(text), [kind], text);
  });

  test('lets through what rests on context (the presenter may confirm it in the form) and clinical text', () => {
    for (const text of [
      'wife Guadalupe drives her',
      'esposa Guadalupe, trabaja en Panadería La Espiga',
      'sa fille Chloé; travaille chez Renault',
      'since March 2021; desde marzo de 2024',
      'ARN du VHC 1 200 000 UI/mL ; ALAT 88 U/L ; sous sofosbuvir 400 mg par jour.',
      'ARN del VHC 1.200.000 UI/mL; con sofosbuvir 400 mg diarios.',
      'son of a farmer; wife is supportive; 2 out of 3 doses',
    ]) {
      assert.deepEqual(kindsOf(text), [], text);
    }
  });

  test('a title is checked like any answer', () => {
    assert.deepEqual(findPhi('Mrs Ruiz, seen 2024-03-05', '/title'), [{ path: '/title', kind: 'date' }]);
    assert.deepEqual(findPhi('HCV, genotype 1a, 54 y/o', '/title'), []);
  });
});

describe('PHI guard: linear time (issue 13, finding 1)', () => {
  test('long unbroken runs (a pasted base64 blob, digits, hyphenated code) are read in one pass', () => {
    // 100 k characters took 19.6 s before; each of these now costs one pass over the text.
    const blob = Buffer.from('x'.repeat(150_000)).toString('base64').replace(/\d/g, 'q');
    for (const run of [blob, '7'.repeat(200_000), 'a1-'.repeat(66_000), `${'a'.repeat(200_000)}@example`]) {
      assert.deepEqual(findPhi({ valueString: run }), []);
    }
    // an identifier after a long run is still found
    assert.deepEqual(
      findPhi({ valueString: `${blob} SSN 123-45-6789` }).map((f) => f.kind),
      ['ssn'],
    );
  });

  test('deeply nested values are walked without recursion', () => {
    let deep: unknown = 'call (555) 123-4567';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    assert.equal(findPhi(deep).length, 1);
  });
});
