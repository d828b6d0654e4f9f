import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Case, CaseTemplate } from '@teleecho/sdk';
import { deidentify } from '@teleecho/sdk/fhir';
import type { FhirBundle } from '@teleecho/sdk/fhir';
import {
  canonicalOf,
  createResponse,
  finalizeResponse,
  getAnswers,
  parsePath,
  prepopulate,
  setAnswers,
  validateResponse,
  walkItems,
} from '@teleecho/sdk/questionnaire';
import type { Questionnaire, QuestionnaireResponse } from '@teleecho/sdk/questionnaire';
import { hubFetch, sampleReport, startTestHub, storageTiers, type TestHub } from '@teleecho/test-kit';
import { findPhi } from '../phi-guard.js';
import { CASE_TEMPLATES } from './index.js';
import { SAMPLE_ANSWERS, fillResponse, sampleCaseResponse } from './samples.js';

const NAMES = Object.keys(CASE_TEMPLATES);

describe('the shipped case templates', () => {
  test('six templates with distinct canonical url|version, each ending with the required specialist questions', () => {
    assert.deepEqual(NAMES, ['hcv', 'hiv', 'dr-tb', 't2d', 'palliative', 'qi']);
    const canonicals = NAMES.map((n) => canonicalOf(CASE_TEMPLATES[n]!()));
    assert.equal(new Set(canonicals).size, 6);
    for (const name of NAMES) {
      const q = CASE_TEMPLATES[name]!();
      assert.match(canonicalOf(q), /^https:\/\/teleecho\.dev\/fhir\/Questionnaire\/[a-z0-9-]+\|\d+$/);
      const last = q.item!.at(-1)!;
      assert.equal(last.linkId, 'specialist-questions', name);
      assert.equal(last.required, true);
      assert.equal(last.item?.[0]?.required, true);
      const linkIds: string[] = [];
      walkItems(q, undefined, ({ item }) => void linkIds.push(item.linkId));
      assert.equal(new Set(linkIds).size, linkIds.length, `${name}: linkIds are unique`);
    }
    assert.deepEqual(CASE_TEMPLATES.qi!().subjectType, undefined, 'the QI case has no patient');
  });

  test('every date item asks for a year only (de-identified cases carry no full dates)', () => {
    for (const name of NAMES) {
      walkItems(CASE_TEMPLATES[name]!(), undefined, ({ item }) => {
        if (item.type === 'date')
          assert.ok(JSON.stringify(item.extension).includes('"YYYY"'), `${name}/${item.linkId}`);
      });
    }
  });

  for (const name of NAMES) {
    test(`${name}: the filled sample validates, has every answer it was given and passes the hub's PHI guard`, () => {
      const q = CASE_TEMPLATES[name]!();
      const response = sampleCaseResponse(name);
      assert.deepEqual(validateResponse(q, response, { mode: 'submit' }), []);
      assert.equal(response.status, 'completed');
      for (const key of Object.keys(SAMPLE_ANSWERS[name]!)) {
        assert.ok(getAnswers(response, parsePath(key)).length > 0, `${name}: ${key} kept`);
      }
      assert.deepEqual(findPhi(response), []);
      // An empty form is rejected for its required items (the question for the specialists among them).
      const empty = validateResponse(q, finalizeResponse(q, createResponse(q, { initial: false })));
      assert.ok(
        empty.some((i) => i.path === 'specialist-questions/question' && i.code === 'required'),
        name,
      );
    });
  }

  test('enableWhen in the templates: hidden answers are dropped, shown ones required', () => {
    const t2d = CASE_TEMPLATES.t2d!();
    const noInsulin = fillResponse(t2d, { ...SAMPLE_ANSWERS.t2d!, insulin: { valueBoolean: false } });
    assert.deepEqual(getAnswers(noInsulin, parsePath('hypoglycaemia')), [], 'dropped when insulin = false');
    assert.deepEqual(validateResponse(t2d, noInsulin), []);
    const { hypoglycaemia: _dropped, ...withoutCount } = SAMPLE_ANSWERS.t2d!;
    assert.deepEqual(
      validateResponse(t2d, fillResponse(t2d, withoutCount)).map((i) => `${i.path}:${i.code}`),
      ['hypoglycaemia:required'],
    );
    const hiv = CASE_TEMPLATES.hiv!();
    const male = fillResponse(hiv, { ...SAMPLE_ANSWERS.hiv!, 'patient/sex': { valueCoding: { code: 'male' } } });
    assert.deepEqual(getAnswers(male, parsePath('patient/pregnant')), [], 'pregnancy only for female patients');
  });
});

describe('pre-filling the templates from a de-identified sandbox-EHR record', () => {
  const dir = new URL('../../../../../examples/sandbox-ehr/patients/', import.meta.url);
  const record = (file: string) => JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as FhirBundle;
  const cases: [string, string, Record<string, string>][] = [
    ['t2d', 't2d.json', { 'patient/sex': 'female', 'diabetes/hba1c': '%', 'diabetes/egfr': 'mL/min/{1.73_m2}' }],
    ['hcv', 'hcv.json', { 'patient/sex': 'female', 'hcv/hcv-rna': '[IU]/mL', 'liver/alt': 'U/L' }],
    ['hiv', 'hiv.json', { 'patient/sex': 'male', 'hiv/cd4': '/uL', 'hiv/viral-load': '{copies}/mL' }],
  ];
  for (const [name, file, expected] of cases) {
    test(`${name} from ${file}`, async () => {
      const q = CASE_TEMPLATES[name]!();
      const { response, sources, warnings } = await prepopulate(q, deidentify(record(file)), {
        now: new Date('2025-12-01T00:00:00Z'),
      });
      assert.deepEqual(warnings, []);
      for (const [key, want] of Object.entries(expected)) {
        const [answer] = getAnswers(response, parsePath(key));
        assert.equal(answer?.valueCoding?.code ?? answer?.valueQuantity?.code, want, key);
        assert.ok(sources.some((s) => s.path === key));
      }
      assert.match(getAnswers(response, parsePath('patient/age-band'))[0]?.valueString ?? '', /^\d0-\d9$/);
      assert.deepEqual(validateResponse(q, response, { mode: 'draft' }), [], 'pre-filled values fit the limits');
    });
  }
});

for (const { tier, skip } of await storageTiers()) {
  describe(`POST /v1/cases validates against the template [${tier}]`, { skip }, () => {
    let hub: TestHub;
    let presenter: string;
    let templates: CaseTemplate[];
    before(async () => {
      hub = await startTestHub({ storage: tier });
      presenter = await hub.mint({ role: 'presenter' });
      const list = await hubFetch<{ items: CaseTemplate[] }>(
        hub.url,
        'GET',
        `/v1/programs/${hub.demo.programId}/case-templates`,
        { token: presenter },
      );
      templates = list.body.items;
    });
    after(() => hub?.close());

    const templateFor = (name: string) => {
      const url = CASE_TEMPLATES[name]!().url;
      const found = templates.find((t) => (t.questionnaire as Questionnaire).url === url);
      assert.ok(found, `seed-demo installed ${name}`);
      return found;
    };
    const submit = (templateId: string, response: unknown) =>
      hubFetch<Case & { code?: string; errors?: { path: string; message: string }[] }>(hub.url, 'POST', '/v1/cases', {
        token: presenter,
        body: { programId: hub.demo.programId, templateId, response, deidentification: sampleReport() },
      });

    test('seed-demo installs the six templates next to the general one', () => {
      assert.equal(templates.length, 7);
      for (const name of NAMES) assert.equal(templateFor(name).id, hub.demo.caseTemplateIds?.[name]);
    });

    test('each filled sample is stored as sent, completed and pointing at its Questionnaire', async () => {
      for (const name of NAMES) {
        const response = sampleCaseResponse(name);
        const created = await submit(templateFor(name).id, response);
        assert.equal(created.status, 201, `${name}: ${JSON.stringify(created.body)}`);
        assert.deepEqual(created.body.response, response);
        const read = await hubFetch<Case>(hub.url, 'GET', `/v1/cases/${created.body.id}`, { token: presenter });
        assert.equal((read.body.response as QuestionnaireResponse).questionnaire, canonicalOf(CASE_TEMPLATES[name]!()));
      }
    });

    test('422 invalid_response with the item paths: missing, out of range, hidden, wrong version', async () => {
      const t2d = CASE_TEMPLATES.t2d!();
      const id = templateFor('t2d').id;
      const base = sampleCaseResponse('t2d');
      const variants: [string, QuestionnaireResponse, string[]][] = [
        [
          'missing question',
          setAnswers(base, parsePath('specialist-questions/question'), []),
          ['/response/specialist-questions/question'],
        ],
        [
          'HbA1c out of range',
          setAnswers(base, parsePath('diabetes/hba1c'), [
            { valueQuantity: { value: 45, system: 'http://unitsofmeasure.org', code: '%' } },
          ]),
          ['/response/diabetes/hba1c'],
        ],
        [
          'answer to a hidden question',
          setAnswers(base, parsePath('insulin'), [{ valueBoolean: false }]),
          ['/response/hypoglycaemia'],
        ],
        ['another version', { ...base, questionnaire: `${t2d.url}|0` }, ['/response']],
      ];
      for (const [what, response, paths] of variants) {
        const r = await submit(id, response);
        assert.equal(r.status, 422, what);
        assert.equal(r.headers.get('content-type')?.split(';')[0], 'application/problem+json');
        assert.equal(r.body.code, 'invalid_response', what);
        assert.deepEqual(
          r.body.errors?.map((e) => e.path),
          paths,
          what,
        );
      }
      const { questionnaire: _omitted, ...unlabelled } = base;
      const ok = await submit(id, unlabelled);
      assert.equal(ok.status, 201, 'a response without questionnaire answers the current version');
      assert.equal((ok.body.response as QuestionnaireResponse).questionnaire, canonicalOf(t2d));
    });
  });
}
