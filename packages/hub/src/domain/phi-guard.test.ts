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
