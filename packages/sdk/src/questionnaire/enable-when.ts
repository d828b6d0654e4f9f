/**
 * `enableWhen` / `enableBehavior`: whether an item is shown and answered.
 * @packageDocumentation
 */
import { findItem } from './paths.js';
import { getAnswers, isEmptyAnswer } from './response.js';
import type {
  AnswerValue,
  Coding,
  EnableWhen,
  ItemPath,
  PathSegment,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
} from './types.js';

/** linkId → the linkIds from the top level down to it (cached per Questionnaire). */
const locations = new WeakMap<Questionnaire, Map<string, string[]>>();

function locate(questionnaire: Questionnaire, linkId: string): string[] | undefined {
  let map = locations.get(questionnaire);
  if (!map) {
    map = new Map();
    const walk = (items: QuestionnaireItem[] | undefined, parents: string[]) => {
      for (const item of items ?? []) {
        const here = [...parents, item.linkId];
        if (!map!.has(item.linkId)) map!.set(item.linkId, here);
        walk(item.item, here);
      }
    };
    walk(questionnaire.item, []);
    locations.set(questionnaire, map);
  }
  return map.get(linkId);
}

/** The path of `question` as seen from `from`: same repeat instances along the shared prefix, first instance after. */
function questionPath(questionnaire: Questionnaire, question: string, from: ItemPath): PathSegment[] | undefined {
  const ids = locate(questionnaire, question);
  if (!ids) return undefined;
  let shared = true;
  return ids.map((linkId, i) => {
    const here = from[i];
    if (shared && here && here.linkId === linkId) return { linkId, index: here.index ?? 0 };
    shared = false;
    return { linkId, index: 0 };
  });
}

/** Numeric or string value of an answer, for ordering; `undefined` when not comparable. */
function comparable(v: AnswerValue): number | string | undefined {
  if (typeof v.valueInteger === 'number') return v.valueInteger;
  if (typeof v.valueDecimal === 'number') return v.valueDecimal;
  if (typeof v.valueQuantity?.value === 'number') return v.valueQuantity.value;
  if (typeof v.valueDate === 'string') return v.valueDate;
  if (typeof v.valueString === 'string') return v.valueString;
  return undefined;
}

function sameCoding(a: Coding, b: Coding): boolean {
  if (a.code === undefined || b.code === undefined)
    return (a.display ?? '') === (b.display ?? '') && !a.code && !b.code;
  return a.code === b.code && (!a.system || !b.system || a.system === b.system);
}

/** Compares two dates at their shared precision (`2021` vs `2021-05-03` compare as years). */
function compareDates(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  const x = a.slice(0, n);
  const y = b.slice(0, n);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The condition's expected answer as an AnswerValue. */
function expected(condition: EnableWhen): AnswerValue {
  const out: AnswerValue = {};
  if (condition.answerBoolean !== undefined) out.valueBoolean = condition.answerBoolean;
  if (condition.answerDecimal !== undefined) out.valueDecimal = condition.answerDecimal;
  if (condition.answerInteger !== undefined) out.valueInteger = condition.answerInteger;
  if (condition.answerDate !== undefined) out.valueDate = condition.answerDate;
  if (condition.answerString !== undefined) out.valueString = condition.answerString;
  if (condition.answerCoding !== undefined) out.valueCoding = condition.answerCoding;
  if (condition.answerQuantity !== undefined) out.valueQuantity = condition.answerQuantity;
  return out;
}

function equals(answer: AnswerValue, want: AnswerValue): boolean {
  if (want.valueCoding) return !!answer.valueCoding && sameCoding(answer.valueCoding, want.valueCoding);
  if (want.valueBoolean !== undefined) return answer.valueBoolean === want.valueBoolean;
  if (want.valueDate !== undefined)
    return typeof answer.valueDate === 'string' && compareDates(answer.valueDate, want.valueDate) === 0;
  if (want.valueString !== undefined) {
    // open-choice answers may be a coding whose display is the string
    const text = answer.valueString ?? answer.valueCoding?.display ?? answer.valueCoding?.code;
    return text === want.valueString;
  }
  const a = comparable(answer);
  const b = comparable(want);
  return typeof a === 'number' && typeof b === 'number' && a === b;
}

function order(answer: AnswerValue, want: AnswerValue): number | undefined {
  const a = comparable(answer);
  const b = comparable(want);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (want.valueDate !== undefined && typeof a === 'string' && typeof b === 'string') return compareDates(a, b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

/** Whether one condition holds, given the answers of its question (empty when the question is disabled). */
export function conditionHolds(condition: EnableWhen, answers: readonly AnswerValue[]): boolean {
  const present = answers.filter((a) => !isEmptyAnswer(a));
  if (condition.operator === 'exists') return (condition.answerBoolean ?? true) === present.length > 0;
  if (!present.length) return false;
  const want = expected(condition);
  switch (condition.operator) {
    case '=':
      return present.some((a) => equals(a, want));
    case '!=':
      return !present.some((a) => equals(a, want));
    default: {
      return present.some((a) => {
        const c = order(a, want);
        if (c === undefined) return false;
        if (condition.operator === '>') return c > 0;
        if (condition.operator === '<') return c < 0;
        if (condition.operator === '>=') return c >= 0;
        return c <= 0;
      });
    }
  }
}

/**
 * Whether the item at `path` is enabled: each ancestor enabled, and its own `enableWhen` conditions hold (all of them,
 * or any with `enableBehavior: 'any'`). A condition's question is looked up in the same repeat instance first, then
 * in the enclosing ones; the answers of a disabled question count as absent (as FHIR requires). Comparison operators
 * are false when the question is unanswered (`!=` too); `exists` tests presence. Dates compare at their shared
 * precision, so `2019` = `2019-06-01`.
 */
export function isEnabled(questionnaire: Questionnaire, response: QuestionnaireResponse, path: ItemPath): boolean {
  return enabledAt(questionnaire, response, path, new Set());
}

function enabledAt(
  questionnaire: Questionnaire,
  response: QuestionnaireResponse,
  path: ItemPath,
  visiting: Set<string>,
): boolean {
  for (let depth = 1; depth <= path.length; depth++) {
    const prefix = path.slice(0, depth);
    const item = findItem(questionnaire, prefix);
    if (!item) return false;
    if (!item.enableWhen?.length) continue;
    const key = prefix.map((s) => `${s.linkId}#${s.index ?? 0}`).join('/');
    if (visiting.has(key)) return false; // a cycle: treat as disabled
    visiting.add(key);
    const results = item.enableWhen.map((condition) => {
      const qPath = questionPath(questionnaire, condition.question, prefix);
      if (!qPath) return false;
      const answers = enabledAt(questionnaire, response, qPath, visiting) ? getAnswers(response, qPath) : [];
      return conditionHolds(condition, answers);
    });
    visiting.delete(key);
    const ok = item.enableBehavior === 'any' ? results.some(Boolean) : results.every(Boolean);
    if (!ok) return false;
  }
  return true;
}
