/**
 * `validateResponse` (the same rules in `<echo-case-form>` and in the hub) and `finalizeResponse`.
 * @packageDocumentation
 */
import { isHelpItem, itemConstraints, occurs } from './extensions.js';
import { isEnabled } from './enable-when.js';
import { canonicalOf, instancesIn, pathKey } from './paths.js';
import { answerKey, isEmptyAnswer } from './response.js';
import type {
  AnswerValue,
  ItemPath,
  PathSegment,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseAnswer,
  QuestionnaireResponseItem,
  ValidateOptions,
  ValidationCode,
  ValidationIssue,
} from './types.js';

const SUPPORTED = new Set([
  'group',
  'display',
  'string',
  'text',
  'integer',
  'decimal',
  'boolean',
  'date',
  'choice',
  'open-choice',
  'quantity',
]);
const DATE = /^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$/;

/** Whether `value` is a real calendar date in `YYYY`, `YYYY-MM` or `YYYY-MM-DD` form. */
export function isFhirDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  if (!m[3]) return true;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCDate() === Number(m[3]);
}

function compareDates(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n) < b.slice(0, n) ? -1 : a.slice(0, n) > b.slice(0, n) ? 1 : 0;
}

function decimals(n: number): number {
  const s = String(n);
  if (s.includes('e-')) return Number(s.split('e-')[1]);
  return s.includes('.') ? s.split('.')[1]!.length : 0;
}

const has = (a: AnswerValue, key: keyof AnswerValue) => a[key] !== undefined && a[key] !== null;

/** Whether a group instance (or question) carries at least one non-empty answer below it. */
export function hasContent(item: QuestionnaireResponseItem | undefined): boolean {
  if (!item) return false;
  if ((item.answer ?? []).some((a) => !isEmptyAnswer(a))) return true;
  return (item.item ?? []).some(hasContent);
}

class Collector {
  readonly issues: ValidationIssue[] = [];
  add(path: ItemPath, code: ValidationCode, message: string, limit?: number | string): void {
    const issue: ValidationIssue = {
      path: pathKey(path),
      segments: path,
      linkId: path.length ? path[path.length - 1]!.linkId : '',
      code,
      message,
    };
    if (limit !== undefined) issue.limit = limit;
    this.issues.push(issue);
  }
}

/** Checks one answer's type, option, limits; returns after the first problem. */
function checkAnswer(item: QuestionnaireItem, answer: QuestionnaireResponseAnswer, path: ItemPath, out: Collector) {
  const c = itemConstraints(item);
  const type = item.type;
  const wrong = (expected: string) => out.add(path, 'type', `Expected ${expected}`);
  const checkRange = (value: number | string) => {
    if (c.minValue !== undefined) {
      const low = typeof value === 'string' ? compareDates(value, String(c.minValue)) < 0 : value < Number(c.minValue);
      if (low) return out.add(path, 'minValue', `Must be at least ${c.minValue}`, c.minValue);
    }
    if (c.maxValue !== undefined) {
      const high = typeof value === 'string' ? compareDates(value, String(c.maxValue)) > 0 : value > Number(c.maxValue);
      if (high) return out.add(path, 'maxValue', `Must be at most ${c.maxValue}`, c.maxValue);
    }
  };
  const checkText = (text: string) => {
    if (c.maxLength !== undefined && text.length > c.maxLength)
      return out.add(path, 'maxLength', `At most ${c.maxLength} characters`, c.maxLength);
    if (c.minLength !== undefined && text.length < c.minLength)
      return out.add(path, 'minLength', `At least ${c.minLength} characters`, c.minLength);
  };
  const matchesOption = (a: AnswerValue) => {
    const key = answerKey(a);
    return (item.answerOption ?? []).some((o) => {
      if (a.valueCoding && o.valueCoding)
        return (
          a.valueCoding.code === o.valueCoding.code &&
          (!a.valueCoding.system || !o.valueCoding.system || a.valueCoding.system === o.valueCoding.system)
        );
      return answerKey(o) === key;
    });
  };
  switch (type) {
    case 'string':
    case 'text':
      if (typeof answer.valueString !== 'string') return wrong('text');
      return checkText(answer.valueString);
    case 'integer':
      if (typeof answer.valueInteger !== 'number' || !Number.isInteger(answer.valueInteger))
        return wrong('a whole number');
      return checkRange(answer.valueInteger);
    case 'decimal':
      if (typeof answer.valueDecimal !== 'number' || !Number.isFinite(answer.valueDecimal)) return wrong('a number');
      if (c.maxDecimalPlaces !== undefined && decimals(answer.valueDecimal) > c.maxDecimalPlaces)
        return out.add(path, 'type', `At most ${c.maxDecimalPlaces} decimal places`, c.maxDecimalPlaces);
      return checkRange(answer.valueDecimal);
    case 'boolean':
      if (typeof answer.valueBoolean !== 'boolean') return wrong('yes or no');
      return;
    case 'date':
      if (typeof answer.valueDate !== 'string' || !isFhirDate(answer.valueDate))
        return wrong('a date (YYYY, YYYY-MM or YYYY-MM-DD)');
      return checkRange(answer.valueDate);
    case 'quantity': {
      const q = answer.valueQuantity;
      if (!q || typeof q.value !== 'number' || !Number.isFinite(q.value)) return wrong('a number with a unit');
      if (
        c.units.length &&
        !c.units.some((u) => u.code === q.code && (!u.system || !q.system || u.system === q.system))
      )
        return out.add(path, 'unit', `Unit must be one of ${c.units.map((u) => u.display ?? u.code).join(', ')}`);
      if (c.maxDecimalPlaces !== undefined && decimals(q.value) > c.maxDecimalPlaces)
        return out.add(path, 'type', `At most ${c.maxDecimalPlaces} decimal places`, c.maxDecimalPlaces);
      return checkRange(q.value);
    }
    case 'choice':
    case 'open-choice': {
      const kinds = ['valueCoding', 'valueString', 'valueInteger', 'valueDate'] as const;
      if (!kinds.some((k) => has(answer, k))) return wrong('one of the options');
      if (matchesOption(answer)) return;
      if (type === 'open-choice' && typeof answer.valueString === 'string') return checkText(answer.valueString);
      if (type === 'open-choice' && answer.valueCoding && !answer.valueCoding.code && answer.valueCoding.display)
        return checkText(answer.valueCoding.display);
      return out.add(path, 'option', 'Not one of the options');
    }
    default:
      return out.add(path, 'unsupportedType', `Items of type "${type}" are not supported`);
  }
}

/**
 * Validates a response against its Questionnaire. `draft` mode checks only what is filled in (types, options,
 * limits, repeats, unknown items); `submit` mode (default) also checks `required` on enabled items, answers to
 * disabled items (`enableWhen`), `readOnly` values that differ from `initial`, and that `questionnaire` points at this
 * Questionnaire (`url|version`). Issues come in document order.
 */
export function validateResponse(
  questionnaire: Questionnaire,
  response: QuestionnaireResponse,
  options: ValidateOptions = {},
): ValidationIssue[] {
  const submit = (options.mode ?? 'submit') === 'submit';
  const out = new Collector();
  if (!response || response.resourceType !== 'QuestionnaireResponse') {
    out.add([], 'type', 'Not a QuestionnaireResponse');
    return out.issues;
  }
  if (submit) {
    const canonical = canonicalOf(questionnaire);
    if (canonical && response.questionnaire !== canonical && response.questionnaire !== questionnaire.url) {
      out.add([], 'questionnaire', `The response must reference ${canonical}`, canonical);
    }
  }
  if (response.item !== undefined && !Array.isArray(response.item)) {
    out.add([], 'type', 'item must be a list');
    return out.issues;
  }

  const walk = (
    items: QuestionnaireItem[] | undefined,
    rItems: QuestionnaireResponseItem[] | undefined,
    parent: ItemPath,
    parentRequiredScope: boolean,
  ) => {
    const known = new Set((items ?? []).map((i) => i.linkId));
    for (const r of rItems ?? []) {
      if (!r || typeof r.linkId !== 'string' || !known.has(r.linkId)) {
        out.add([...parent, { linkId: String(r?.linkId ?? '') }], 'unknownItem', 'Not a question of this form');
      }
    }
    for (const item of items ?? []) {
      if (item.type === 'display') continue;
      const found = instancesIn(rItems, item.linkId);
      const base: PathSegment = { linkId: item.linkId };
      const pathOf = (index: number): ItemPath => [...parent, index ? { linkId: item.linkId, index } : base];
      const enabled = isEnabled(questionnaire, response, pathOf(0));
      if (!SUPPORTED.has(item.type)) {
        if (found.some(hasContent))
          out.add(pathOf(0), 'unsupportedType', `Items of type "${item.type}" are not supported`);
        continue;
      }
      if (item.type === 'group') {
        if (!item.repeats && found.length > 1) out.add(pathOf(1), 'repeats', 'This group does not repeat');
        const filled = found.filter(hasContent);
        const max = occurs(item).max;
        if (max !== undefined && filled.length > max) out.add(pathOf(max), 'repeats', `At most ${max}`, max);
        if (!enabled) {
          if (submit && filled.length)
            out.add(pathOf(found.indexOf(filled[0]!)), 'enableWhen', 'This group does not apply');
          continue;
        }
        const min = occurs(item).min ?? (item.required ? 1 : 0);
        // An empty required group is reported through its required questions when it has any.
        const viaChildren = min <= 1 && (item.item ?? []).some((c) => c.required && c.type !== 'display');
        if (submit && parentRequiredScope && filled.length < min && !viaChildren) {
          out.add(pathOf(filled.length), 'required', min > 1 ? `At least ${min} required` : 'Required', min);
        }
        found.forEach((instance, index) => {
          // Children are required only inside a group instance that is required or has content.
          const scope = parentRequiredScope && (hasContent(instance) || (item.required === true && index === 0));
          if (!Array.isArray(instance.item) && instance.item !== undefined)
            out.add(pathOf(index), 'type', 'item must be a list');
          else walk(item.item, instance.item, pathOf(index), scope);
        });
        if (!found.length && submit && parentRequiredScope && item.required) {
          walk(item.item, [], pathOf(0), true);
        }
        continue;
      }
      // A question.
      const path = pathOf(0);
      if (found.length > 1) out.add(pathOf(1), 'repeats', 'Answered twice');
      const rItem = found[0];
      if (rItem?.item?.length) out.add(path, 'unknownItem', 'A question has no child items here');
      const answers = (rItem?.answer ?? []).filter((a) => !isEmptyAnswer(a));
      if (!enabled) {
        if (submit && answers.length) out.add(path, 'enableWhen', 'This question does not apply');
        continue;
      }
      if (!answers.length) {
        if (submit && parentRequiredScope && item.required) out.add(path, 'required', 'Required');
        continue;
      }
      if (!item.repeats && answers.length > 1) out.add(path, 'repeats', 'Only one answer allowed');
      const before = out.issues.length;
      for (const answer of answers) {
        checkAnswer(item, answer, path, out);
        if (out.issues.length > before) break;
      }
      if (submit && item.readOnly && item.initial?.length && out.issues.length === before) {
        const want = item.initial.map(answerKey).sort().join(',');
        const got = answers.map(answerKey).sort().join(',');
        if (want !== got) out.add(path, 'readOnly', 'This answer cannot be changed');
      }
    }
  };
  walk(questionnaire.item, response.item, [], true);
  return out.issues;
}

/** Options of {@link finalizeResponse}. */
export interface FinalizeOptions {
  /** Keep the `text` of each item (default true); false makes the payload smaller. */
  includeText?: boolean;
}

/**
 * The response to submit: `status: 'completed'`, `questionnaire` = `url|version`, items in Questionnaire order with
 * disabled items, empty answers, empty groups and unknown items removed, and each item's `text` from the
 * Questionnaire. No `authored` timestamp (a full date is an identifier under Safe Harbor). Does not validate: call
 * `validateResponse` on the result.
 */
export function finalizeResponse(
  questionnaire: Questionnaire,
  response: QuestionnaireResponse,
  options: FinalizeOptions = {},
): QuestionnaireResponse {
  const build = (
    items: QuestionnaireItem[] | undefined,
    rItems: QuestionnaireResponseItem[] | undefined,
    parent: ItemPath,
  ): QuestionnaireResponseItem[] => {
    const out: QuestionnaireResponseItem[] = [];
    for (const item of items ?? []) {
      if (item.type === 'display' || isHelpItem(item)) continue;
      const found = instancesIn(rItems, item.linkId);
      const kept = item.type === 'group' && item.repeats ? found : found.slice(0, 1);
      kept.forEach((instance, index) => {
        const path: ItemPath = [...parent, index ? { linkId: item.linkId, index } : { linkId: item.linkId }];
        if (!isEnabled(questionnaire, response, path)) return;
        const base = { linkId: item.linkId, ...(item.text && options.includeText !== false && { text: item.text }) };
        if (item.type === 'group') {
          const children = build(item.item, instance.item, path);
          if (children.length) out.push({ ...base, item: children });
          return;
        }
        let answers = (instance.answer ?? [])
          .filter((a) => !isEmptyAnswer(a))
          .map((a) => {
            const copy = structuredClone(a);
            delete copy.item;
            if (typeof copy.valueString === 'string') copy.valueString = copy.valueString.trim();
            return copy;
          });
        if (!item.repeats) answers = answers.slice(0, 1);
        if (answers.length) out.push({ ...base, answer: answers });
      });
    }
    return out;
  };
  const result: QuestionnaireResponse = {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    item: build(questionnaire.item, response.item, []),
  };
  const canonical = canonicalOf(questionnaire);
  if (canonical) result.questionnaire = canonical;
  return result;
}
