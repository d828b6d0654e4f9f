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
