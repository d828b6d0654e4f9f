import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_MAX_LENGTH,
  SDC,
  addRepeat,
  canonicalOf,
  createResponse,
  finalizeResponse,
  getAnswers,
  isEnabled,
  itemConstraints,
  parsePath,
  pathKey,
  removeRepeat,
  repeatCount,
  setAnswers,
  validateResponse,
} from './index.js';
import type {
  AnswerValue,
  EnableWhen,
  ItemPath,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  ValidationCode,
} from './index.js';

const ext = (url: string, value: Record<string, unknown>) => ({ url, ...value });

/** A small form using every supported type and rule. */
const FORM: Questionnaire = {
  resourceType: 'Questionnaire',
  url: 'https://example.org/Questionnaire/test',
  version: '3',
  status: 'active',
  item: [
    {
      linkId: 'patient',
      type: 'group',
      required: true,
      item: [
        {
          linkId: 'age',
          type: 'integer',
          required: true,
          extension: [ext(SDC.minValue, { valueInteger: 0 }), ext(SDC.maxValue, { valueInteger: 89 })],
        },
        {
          linkId: 'sex',
          type: 'choice',
          required: true,
          answerOption: [
            { valueCoding: { system: 'http://hl7.org/fhir/administrative-gender', code: 'female' } },
            { valueCoding: { system: 'http://hl7.org/fhir/administrative-gender', code: 'male' } },
          ],
        },
        {
          linkId: 'pregnant',
          type: 'boolean',
          enableWhen: [{ question: 'sex', operator: '=', answerCoding: { code: 'female' } }],
          required: true,
        },
      ],
    },
    { linkId: 'note', type: 'string', maxLength: 10, extension: [ext(SDC.minLength, { valueInteger: 3 })] },
    { linkId: 'story', type: 'text' },
    { linkId: 'weight', type: 'decimal', extension: [ext(SDC.maxDecimalPlaces, { valueInteger: 1 })] },
    {
      linkId: 'since',
      type: 'date',
      extension: [ext(SDC.minValue, { valueDate: '1990' }), ext(SDC.maxValue, { valueDate: '2030' })],
    },
    { linkId: 'genotype', type: 'choice', answerOption: [{ valueString: '1a' }, { valueString: '3' }] },
    { linkId: 'regimen', type: 'open-choice', answerOption: [{ valueString: 'SOF/VEL' }], maxLength: 20 },
    {
      linkId: 'alt',
      type: 'quantity',
      extension: [ext(SDC.unitOption, { valueCoding: { system: SDC.ucum, code: 'U/L' } })],
    },
    { linkId: 'fixed', type: 'string', readOnly: true, initial: [{ valueString: 'v1' }] },
    { linkId: 'tags', type: 'choice', repeats: true, answerOption: [{ valueString: 'a' }, { valueString: 'b' }] },
    {
      linkId: 'meds',
      type: 'group',
      repeats: true,
      item: [
        { linkId: 'name', type: 'string', required: true },
        { linkId: 'dose', type: 'quantity' },
      ],
    },
    { linkId: 'info', type: 'display', text: 'Read me' },
    { linkId: 'questions', type: 'text', required: true },
  ],
};

const P = (key: string): ItemPath => parsePath(key);
const set = (r: QuestionnaireResponse, key: string, ...answers: AnswerValue[]) => setAnswers(r, P(key), answers);
const FEMALE: AnswerValue = { valueCoding: { system: 'http://hl7.org/fhir/administrative-gender', code: 'female' } };
const MALE: AnswerValue = { valueCoding: { system: 'http://hl7.org/fhir/administrative-gender', code: 'male' } };

/** A response that passes submit validation. */
function valid(): QuestionnaireResponse {
  let r = createResponse(FORM);
  r = set(r, 'patient/age', { valueInteger: 40 });
  r = set(r, 'patient/sex', MALE);
  r = set(r, 'questions', { valueString: 'What next?' });
  return r;
}
const codes = (r: QuestionnaireResponse, mode: 'draft' | 'submit' = 'submit') =>
  validateResponse(FORM, r, { mode }).map((i) => `${i.path}:${i.code}`);

describe('paths', () => {
  test('pathKey and parsePath round-trip, with escaping', () => {
    for (const path of [
      [{ linkId: 'meds', index: 1 }, { linkId: 'dose' }],
      [{ linkId: 'a/b[1]' }, { linkId: '1.2.3' }],
      [{ linkId: 'x' }],
    ]) {
      const key = pathKey(path);
      assert.deepEqual(pathKey(parsePath(key)), key);
      assert.deepEqual(
        parsePath(key).map((s) => s.linkId),
        path.map((s) => s.linkId),
      );
    }
    assert.equal(pathKey([{ linkId: 'meds', index: 1 }, { linkId: 'dose' }]), 'meds[1]/dose');
    assert.equal(pathKey([{ linkId: 'meds', index: 0 }]), 'meds');
  });
  test('canonicalOf is url|version', () => {
    assert.equal(canonicalOf(FORM), 'https://example.org/Questionnaire/test|3');
    assert.equal(canonicalOf({ ...FORM, version: undefined }), 'https://example.org/Questionnaire/test');
  });
});

describe('editing a response', () => {
  test('createResponse: canonical, in-progress, initial values, one instance of each group, no identifying fields', () => {
    const r = createResponse(FORM);
    assert.equal(r.status, 'in-progress');
    assert.equal(r.questionnaire, 'https://example.org/Questionnaire/test|3');
    assert.deepEqual(getAnswers(r, P('fixed')), [{ valueString: 'v1' }]);
    assert.equal(repeatCount(r, P('meds')), 1);
    assert.equal(r.authored, undefined, 'no timestamp (a full date)');
    assert.equal(r.subject, undefined);
  });
  test('setAnswers is immutable and creates missing groups; [] removes', () => {
    const r0 = createResponse(FORM);
    const before = JSON.stringify(r0);
    const r1 = set(r0, 'meds[2]/name', { valueString: 'x' });
    assert.equal(JSON.stringify(r0), before, 'input untouched');
    assert.equal(repeatCount(r1, P('meds')), 3);
    assert.deepEqual(getAnswers(r1, P('meds[2]/name')), [{ valueString: 'x' }]);
    const r2 = setAnswers(r1, P('meds[2]/name'), []);
    assert.deepEqual(getAnswers(r2, P('meds[2]/name')), []);
  });
  test('addRepeat appends after the last instance; removeRepeat removes the indexed one', () => {
    let r = set(createResponse(FORM), 'meds/name', { valueString: 'first' });
    r = addRepeat(FORM, r, P('meds'));
    r = set(r, 'meds[1]/name', { valueString: 'second' });
    r = addRepeat(FORM, r, P('meds'));
    r = set(r, 'meds[2]/name', { valueString: 'third' });
    assert.equal(repeatCount(r, P('meds')), 3);
    r = removeRepeat(r, P('meds[1]'));
    assert.deepEqual(
      [0, 1].map((i) => getAnswers(r, [{ linkId: 'meds', index: i }, { linkId: 'name' }])[0]?.valueString),
      ['first', 'third'],
    );
  });
});

describe('enableWhen', () => {
  const item = (enableWhen: EnableWhen[], enableBehavior?: 'all' | 'any'): QuestionnaireItem => ({
    linkId: 'target',
    type: 'string',
    enableWhen,
    ...(enableBehavior && { enableBehavior }),
  });
  const form = (target: QuestionnaireItem): Questionnaire => ({
    resourceType: 'Questionnaire',
    item: [
      { linkId: 'n', type: 'decimal' },
      { linkId: 'd', type: 'date' },
      { linkId: 'c', type: 'choice', answerOption: [{ valueCoding: { system: 's', code: 'x' } }] },
      { linkId: 'b', type: 'boolean' },
      { linkId: 's', type: 'string' },
      target,
    ],
  });
  const answered = (pairs: Record<string, AnswerValue>): QuestionnaireResponse => ({
    resourceType: 'QuestionnaireResponse',
    status: 'in-progress',
    item: Object.entries(pairs).map(([linkId, a]) => ({ linkId, answer: [a] })),
  });
  const cases: [string, EnableWhen[], Record<string, AnswerValue>, boolean, ('all' | 'any')?][] = [
    [
      'exists true, answered',
      [{ question: 'n', operator: 'exists', answerBoolean: true }],
      { n: { valueDecimal: 1 } },
      true,
    ],
    ['exists true, unanswered', [{ question: 'n', operator: 'exists', answerBoolean: true }], {}, false],
    ['exists false, unanswered', [{ question: 'n', operator: 'exists', answerBoolean: false }], {}, true],
    [
      'exists true, empty string',
      [{ question: 's', operator: 'exists', answerBoolean: true }],
      { s: { valueString: '  ' } },
      false,
    ],
    [
      '= coding (system optional)',
      [{ question: 'c', operator: '=', answerCoding: { code: 'x' } }],
      { c: { valueCoding: { system: 's', code: 'x' } } },
      true,
    ],
    [
      '= coding, other system',
      [{ question: 'c', operator: '=', answerCoding: { system: 't', code: 'x' } }],
      { c: { valueCoding: { system: 's', code: 'x' } } },
      false,
    ],
    ['= boolean', [{ question: 'b', operator: '=', answerBoolean: true }], { b: { valueBoolean: true } }, true],
    ['= boolean false', [{ question: 'b', operator: '=', answerBoolean: true }], { b: { valueBoolean: false } }, false],
    ['!= string', [{ question: 's', operator: '!=', answerString: 'no' }], { s: { valueString: 'yes' } }, true],
    ['!= string equal', [{ question: 's', operator: '!=', answerString: 'no' }], { s: { valueString: 'no' } }, false],
    ['!= unanswered is false', [{ question: 's', operator: '!=', answerString: 'no' }], {}, false],
    ['> decimal', [{ question: 'n', operator: '>', answerDecimal: 5 }], { n: { valueDecimal: 5.1 } }, true],
    ['> decimal equal', [{ question: 'n', operator: '>', answerDecimal: 5 }], { n: { valueDecimal: 5 } }, false],
    ['>= decimal equal', [{ question: 'n', operator: '>=', answerDecimal: 5 }], { n: { valueDecimal: 5 } }, true],
    ['< decimal', [{ question: 'n', operator: '<', answerDecimal: 5 }], { n: { valueDecimal: 4 } }, true],
    ['<= decimal above', [{ question: 'n', operator: '<=', answerDecimal: 5 }], { n: { valueDecimal: 6 } }, false],
    ['< unanswered is false', [{ question: 'n', operator: '<', answerDecimal: 5 }], {}, false],
    ['> year-only date', [{ question: 'd', operator: '>', answerDate: '2019' }], { d: { valueDate: '2020' } }, true],
    [
      '= date at shared precision',
      [{ question: 'd', operator: '=', answerDate: '2019-06-01' }],
      { d: { valueDate: '2019' } },
      true,
    ],
    [
      'all: one fails',
      [
        { question: 'b', operator: '=', answerBoolean: true },
        { question: 'n', operator: '>', answerDecimal: 1 },
      ],
      { b: { valueBoolean: true }, n: { valueDecimal: 0 } },
      false,
      'all',
    ],
    [
      'any: one holds',
      [
        { question: 'b', operator: '=', answerBoolean: true },
        { question: 'n', operator: '>', answerDecimal: 1 },
      ],
      { b: { valueBoolean: true }, n: { valueDecimal: 0 } },
      true,
      'any',
    ],
    [
      'any: none holds',
      [
        { question: 'b', operator: '=', answerBoolean: true },
        { question: 'n', operator: '>', answerDecimal: 1 },
      ],
      { b: { valueBoolean: false } },
      false,
      'any',
    ],
    ['unknown question', [{ question: 'zzz', operator: 'exists', answerBoolean: true }], {}, false],
  ];
  for (const [name, conditions, answers, expected, behavior] of cases) {
    test(name, () => {
      const q = form(item(conditions, behavior));
      assert.equal(isEnabled(q, answered(answers), P('target')), expected);
    });
  }
  test('a disabled question counts as unanswered, and children of a disabled group are disabled', () => {
    const q: Questionnaire = {
      resourceType: 'Questionnaire',
      item: [
        { linkId: 'a', type: 'boolean' },
        { linkId: 'b', type: 'boolean', enableWhen: [{ question: 'a', operator: '=', answerBoolean: true }] },
        { linkId: 'c', type: 'string', enableWhen: [{ question: 'b', operator: 'exists', answerBoolean: true }] },
        {
          linkId: 'g',
          type: 'group',
          enableWhen: [{ question: 'a', operator: '=', answerBoolean: true }],
          item: [{ linkId: 'g1', type: 'string' }],
        },
      ],
    };
    const r = answered({ a: { valueBoolean: false }, b: { valueBoolean: true } });
    assert.equal(isEnabled(q, r, P('b')), false);
    assert.equal(isEnabled(q, r, P('c')), false, 'b is answered but disabled');
    assert.equal(isEnabled(q, r, P('g/g1')), false);
    assert.equal(isEnabled(q, answered({ a: { valueBoolean: true } }), P('g/g1')), true);
  });
  test('inside a repeating group the condition reads the same instance', () => {
    const q: Questionnaire = {
      resourceType: 'Questionnaire',
      item: [
        {
          linkId: 'meds',
          type: 'group',
          repeats: true,
          item: [
            { linkId: 'insulin', type: 'boolean' },
            {
              linkId: 'units',
              type: 'integer',
              enableWhen: [{ question: 'insulin', operator: '=', answerBoolean: true }],
            },
          ],
        },
      ],
    };
    let r = createResponse(q);
    r = set(r, 'meds/insulin', { valueBoolean: false });
    r = set(r, 'meds[1]/insulin', { valueBoolean: true });
    assert.equal(isEnabled(q, r, P('meds/units')), false);
    assert.equal(isEnabled(q, r, P('meds[1]/units')), true);
  });
});

describe('validateResponse', () => {
  test('a complete response is valid; draft mode ignores required', () => {
    assert.deepEqual(codes(valid()), []);
    assert.deepEqual(codes(createResponse(FORM), 'draft'), []);
  });
  test('submit mode reports every missing required answer, including enabled conditional ones', () => {
    assert.deepEqual(codes(createResponse(FORM)), [
      'patient/age:required',
      'patient/sex:required',
      'questions:required',
    ]);
    const female = set(valid(), 'patient/sex', FEMALE);
    assert.deepEqual(codes(female), ['patient/pregnant:required']);
  });
  test('required inside an optional repeating group applies only to instances with content', () => {
    assert.deepEqual(codes(set(valid(), 'meds[1]/dose', { valueQuantity: { value: 5, code: 'mg' } })), [
      'meds[1]/name:required',
    ]);
  });
  test('an answer to a disabled question is rejected at submit and dropped by finalizeResponse', () => {
    const r = set(valid(), 'patient/pregnant', { valueBoolean: false });
    assert.deepEqual(codes(r), ['patient/pregnant:enableWhen']);
    const final = finalizeResponse(FORM, r);
    assert.deepEqual(getAnswers(final, P('patient/pregnant')), []);
    assert.deepEqual(codes(final), []);
  });
  const rules: [string, string, AnswerValue[], ValidationCode | null][] = [
    ['integer ok', 'patient/age', [{ valueInteger: 89 }], null],
    ['integer above maxValue', 'patient/age', [{ valueInteger: 90 }], 'maxValue'],
    ['integer below minValue', 'patient/age', [{ valueInteger: -1 }], 'minValue'],
    ['integer given as decimal', 'patient/age', [{ valueInteger: 4.5 }], 'type'],
    ['integer given as string', 'patient/age', [{ valueString: '40' }], 'type'],
    ['string within limits', 'note', [{ valueString: 'abcdefghij' }], null],
    ['string over maxLength', 'note', [{ valueString: 'abcdefghijk' }], 'maxLength'],
    ['string under minLength', 'note', [{ valueString: 'ab' }], 'minLength'],
    ['decimal too precise', 'weight', [{ valueDecimal: 70.25 }], 'type'],
    ['decimal ok', 'weight', [{ valueDecimal: 70.2 }], null],
    ['year-only date', 'since', [{ valueDate: '2019' }], null],
    ['year-month date', 'since', [{ valueDate: '2019-04' }], null],
    ['impossible date', 'since', [{ valueDate: '2019-02-30' }], 'type'],
    ['date in another format', 'since', [{ valueDate: '04/2019' }], 'type'],
    ['date before minValue', 'since', [{ valueDate: '1989' }], 'minValue'],
    ['date after maxValue (shared precision)', 'since', [{ valueDate: '2031-01-01' }], 'maxValue'],
    ['choice option', 'genotype', [{ valueString: '3' }], null],
    ['choice not an option', 'genotype', [{ valueString: '2' }], 'option'],
    ['coded choice not an option', 'patient/sex', [{ valueCoding: { code: 'x' } }], 'option'],
    ['open-choice free text', 'regimen', [{ valueString: 'Something else' }], null],
    ['open-choice free text too long', 'regimen', [{ valueString: 'x'.repeat(21) }], 'maxLength'],
    ['quantity with an allowed unit', 'alt', [{ valueQuantity: { value: 40, system: SDC.ucum, code: 'U/L' } }], null],
    ['quantity with another unit', 'alt', [{ valueQuantity: { value: 40, system: SDC.ucum, code: 'ukat/L' } }], 'unit'],
    ['quantity without a value is no answer', 'alt', [{ valueQuantity: { code: 'U/L' } }], null],
    ['two answers to a non-repeating question', 'genotype', [{ valueString: '3' }, { valueString: '1a' }], 'repeats'],
    ['two answers to a repeating question', 'tags', [{ valueString: 'a' }, { valueString: 'b' }], null],
    ['readOnly changed', 'fixed', [{ valueString: 'v2' }], 'readOnly'],
    ['boolean as string', 'story', [{ valueBoolean: true }], 'type'],
    ['text up to the default maxLength', 'story', [{ valueString: 'x'.repeat(10_000) }], null],
    ['text over the default maxLength', 'story', [{ valueString: 'x'.repeat(10_001) }], 'maxLength'],
  ];
  for (const [name, key, answers, expected] of rules) {
    test(name, () => {
      const got = validateResponse(FORM, setAnswers(valid(), P(key), answers), { mode: 'submit' });
      if (expected === null) assert.deepEqual(got, []);
      else {
        assert.equal(got.length, 1, JSON.stringify(got));
        assert.equal(got[0]!.code, expected);
        assert.equal(got[0]!.path, key);
        assert.ok(got[0]!.message.length > 3);
      }
    });
  }
  test('unknown items, a repeated non-repeating group and the wrong Questionnaire are reported', () => {
    const r = valid();
    const extra: QuestionnaireResponse = {
      ...r,
      item: [...(r.item ?? []), { linkId: 'nope', answer: [{ valueString: 'x' }] }],
    };
    assert.deepEqual(codes(extra), ['nope:unknownItem']);
    const twice: QuestionnaireResponse = { ...r, item: [...(r.item ?? []), { linkId: 'patient', item: [] }] };
    assert.deepEqual(codes(twice), ['patient[1]:repeats']);
    assert.deepEqual(codes({ ...r, questionnaire: 'https://example.org/Questionnaire/test|2' }), [':questionnaire']);
    assert.deepEqual(codes({ ...r, questionnaire: undefined }), [':questionnaire']);
    assert.deepEqual(
      validateResponse(FORM, { resourceType: 'Patient' } as never).map((i) => i.code),
      ['type'],
    );
  });
});

describe('finalizeResponse', () => {
  test('completed, canonical, Questionnaire order, empty answers, groups and unknown items removed', () => {
    let r = valid();
    r = set(r, 'story', { valueString: '   ' });
    r = set(r, 'note', { valueString: ' abc ' });
    r = { ...r, item: [{ linkId: 'ghost', answer: [{ valueString: 'x' }] }, ...(r.item ?? []).reverse()] };
    const final = finalizeResponse(FORM, r);
    assert.equal(final.status, 'completed');
    assert.equal(final.questionnaire, canonicalOf(FORM));
    assert.deepEqual(
      final.item?.map((i) => i.linkId),
      ['patient', 'note', 'fixed', 'questions'],
      'story was blank, meds was empty, ghost unknown',
    );
    assert.deepEqual(getAnswers(final, P('note')), [{ valueString: 'abc' }]);
    assert.equal(final.item?.[0]?.item?.length, 2);
  });
});

describe('default maxLength of free text', () => {
  const q: Questionnaire = {
    resourceType: 'Questionnaire',
    item: [
      { linkId: 's', type: 'string' },
      { linkId: 't', type: 'text' },
      { linkId: 'o', type: 'open-choice', answerOption: [{ valueString: 'a' }] },
      { linkId: 'long', type: 'text', maxLength: 50_000 },
      { linkId: 'short', type: 'string', maxLength: 3 },
      { linkId: 'n', type: 'integer' },
    ],
  };
  const issuesFor = (linkId: string, text: string) =>
    validateResponse(q, setAnswers(createResponse(q), P(linkId), [{ valueString: text }]), { mode: 'draft' });
  test('string and open-choice text stop at 1,000 characters, text at 10,000, unless the template says', () => {
    assert.deepEqual(DEFAULT_MAX_LENGTH, { string: 1000, text: 10000, 'open-choice': 1000 });
    assert.deepEqual(issuesFor('s', 'x'.repeat(1000)), []);
    assert.deepEqual(
      issuesFor('s', 'x'.repeat(1001)).map((i) => [i.code, i.limit]),
      [['maxLength', 1000]],
    );
    assert.deepEqual(
      issuesFor('o', 'y'.repeat(1001)).map((i) => i.code),
      ['maxLength'],
    );
    assert.deepEqual(
      issuesFor('t', 'x'.repeat(10_001)).map((i) => [i.code, i.limit]),
      [['maxLength', 10_000]],
    );
    assert.deepEqual(issuesFor('long', 'x'.repeat(40_000)), [], "the template's own maxLength wins when higher");
    assert.deepEqual(
      issuesFor('short', 'abcd').map((i) => i.code),
      ['maxLength'],
    );
  });
  test('itemConstraints reports the limit the form applies (its maxlength attribute)', () => {
    assert.equal(itemConstraints(q.item![0]!).maxLength, 1000);
    assert.equal(itemConstraints(q.item![1]!).maxLength, 10_000);
    assert.equal(itemConstraints(q.item![3]!).maxLength, 50_000);
    assert.equal(itemConstraints(q.item![5]!).maxLength, undefined);
  });
});

describe('itemConstraints', () => {
  test('reads limits, units, itemControl, help and entryFormat', () => {
    const c = itemConstraints({
      linkId: 'x',
      type: 'quantity',
      maxLength: 5,
      extension: [
        ext(SDC.minValue, { valueDecimal: 0.5 }),
        ext(SDC.maxValue, { valueInteger: 9 }),
        ext(SDC.minLength, { valueInteger: 1 }),
        ext(SDC.unitOption, { valueCoding: { system: SDC.ucum, code: 'mg' } }),
        ext(SDC.entryFormat, { valueString: 'YYYY' }),
        ext(SDC.observationLinkPeriod, { valueDuration: { value: 1, code: 'a' } }),
        ext(SDC.itemControl, {
          valueCodeableConcept: { coding: [{ system: SDC.itemControlSystem, code: 'drop-down' }] },
        }),
      ],
      item: [
        {
          linkId: 'x-help',
          type: 'display',
          text: 'Helpful',
          extension: [ext(SDC.itemControl, { valueCodeableConcept: { coding: [{ code: 'help' }] } })],
        },
      ],
    });
    assert.deepEqual(c, {
      units: [{ system: SDC.ucum, code: 'mg' }],
      prefillable: true,
      maxLength: 5,
      minLength: 1,
      minValue: 0.5,
      maxValue: 9,
      itemControl: 'drop-down',
      help: 'Helpful',
      placeholder: 'YYYY',
    });
  });
});
