/**
 * Creating and editing the form state (a `QuestionnaireResponse`), immutably: every function returns a new response
 * and copies only the items on the changed path.
 * @packageDocumentation
 */
import { occurs } from './extensions.js';
import { canonicalOf, findItem, instancesIn } from './paths.js';
import type {
  AnswerValue,
  ItemPath,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseAnswer,
  QuestionnaireResponseItem,
} from './types.js';

/** Options of {@link createResponse}. */
export interface CreateResponseOptions {
  /** Apply `initial` / `answerOption.initialSelected` values (default true). */
  initial?: boolean;
}

const VALUE_KEYS = [
  'valueBoolean',
  'valueDecimal',
  'valueInteger',
  'valueDate',
  'valueString',
  'valueCoding',
  'valueQuantity',
] as const;

/** Whether an answer carries no value (an empty string, a quantity without a value, a coding without code/display). */
export function isEmptyAnswer(answer: AnswerValue | undefined): boolean {
  if (!answer) return true;
  for (const key of VALUE_KEYS) {
    const v = answer[key];
    if (v === undefined || v === null) continue;
    if (typeof v === 'string') return v.trim() === '';
    if (typeof v === 'number') return !Number.isFinite(v);
    if (typeof v === 'boolean') return false;
    if (key === 'valueQuantity') return typeof (v as { value?: unknown }).value !== 'number';
    if (key === 'valueCoding')
      return !(v as { code?: string; display?: string }).code && !(v as { display?: string }).display;
  }
  return true;
}

/** A comparable key of an answer value (`coding:system|code`, `string:…`), for options and de-duplication. */
export function answerKey(answer: AnswerValue): string {
  if (answer.valueCoding) {
    const c = answer.valueCoding;
    return c.code ? `coding:${c.system ?? ''}|${c.code}` : `string:${c.display ?? ''}`;
  }
  if (answer.valueString !== undefined) return `string:${answer.valueString}`;
  if (answer.valueInteger !== undefined) return `number:${answer.valueInteger}`;
  if (answer.valueDecimal !== undefined) return `number:${answer.valueDecimal}`;
  if (answer.valueDate !== undefined) return `date:${answer.valueDate}`;
  if (answer.valueBoolean !== undefined) return `boolean:${answer.valueBoolean}`;
  if (answer.valueQuantity) return `quantity:${answer.valueQuantity.value}|${answer.valueQuantity.code ?? ''}`;
  return '';
}

function valueOnly(v: AnswerValue): QuestionnaireResponseAnswer {
  const out: QuestionnaireResponseAnswer = {};
  for (const key of VALUE_KEYS)
    if (v[key] !== undefined) (out as Record<string, unknown>)[key] = structuredClone(v[key]);
  return out;
}

/** Initial answers of one question: `initial`, else the `initialSelected` options. */
function initialAnswers(item: QuestionnaireItem): QuestionnaireResponseAnswer[] {
  const initial = (item.initial ?? []).filter((v) => !isEmptyAnswer(v)).map(valueOnly);
  if (initial.length) return item.repeats ? initial : initial.slice(0, 1);
  const selected = (item.answerOption ?? []).filter((o) => o.initialSelected).map(valueOnly);
  return item.repeats ? selected : selected.slice(0, 1);
}

/** Response items for a list of Questionnaire items: initial values, one instance of each (repeating) group. */
function initialItems(items: QuestionnaireItem[] | undefined, withInitial: boolean): QuestionnaireResponseItem[] {
  const out: QuestionnaireResponseItem[] = [];
  for (const item of items ?? []) {
    if (item.type === 'display') continue;
    if (item.type === 'group') {
      const copies = item.repeats ? Math.max(1, occurs(item).min ?? 1) : 1;
      for (let i = 0; i < copies; i++) {
        out.push({
          linkId: item.linkId,
          ...(item.text && { text: item.text }),
          item: initialItems(item.item, withInitial),
        });
      }
      continue;
    }
    const answer = withInitial ? initialAnswers(item) : [];
    if (answer.length) out.push({ linkId: item.linkId, ...(item.text && { text: item.text }), answer });
  }
  return out;
}

/**
 * A new in-progress response to a Questionnaire: `questionnaire` set to its canonical `url|version`, `initial`
 * values applied, one instance of every group (repeating ones too, or `minOccurs` of them). No `subject` and no
 * `authored` timestamp: cases are de-identified (a full date would be an identifier).
 */
export function createResponse(
  questionnaire: Questionnaire,
  options: CreateResponseOptions = {},
): QuestionnaireResponse {
  const response: QuestionnaireResponse = {
    resourceType: 'QuestionnaireResponse',
    status: 'in-progress',
    item: initialItems(questionnaire.item, options.initial !== false),
  };
  const canonical = canonicalOf(questionnaire);
  if (canonical) response.questionnaire = canonical;
  return response;
}

/** The response item at a path, if it exists. */
export function responseItemAt(response: QuestionnaireResponse, path: ItemPath): QuestionnaireResponseItem | undefined {
  let items = response.item;
  let found: QuestionnaireResponseItem | undefined;
  for (const segment of path) {
    found = instancesIn(items, segment.linkId)[segment.index ?? 0];
    if (!found) return undefined;
    items = found.item;
  }
  return found;
}

/** The answers at a path (`[]` when unanswered). */
export function getAnswers(response: QuestionnaireResponse, path: ItemPath): QuestionnaireResponseAnswer[] {
  return responseItemAt(response, path)?.answer ?? [];
}

/** Number of instances of the (repeating) group at `groupPath` (the last segment's index is ignored). */
export function repeatCount(response: QuestionnaireResponse, groupPath: ItemPath): number {
  if (!groupPath.length) return 0;
  const parent = groupPath.slice(0, -1);
  const items = parent.length ? responseItemAt(response, parent)?.item : response.item;
  return instancesIn(items, groupPath[groupPath.length - 1]!.linkId).length;
}

/**
 * Copies the items along `path` (creating missing ones) and lets `change` edit the list that holds the last segment.
 */
function editAt(
  response: QuestionnaireResponse,
  parentPath: ItemPath,
  change: (items: QuestionnaireResponseItem[]) => QuestionnaireResponseItem[],
): QuestionnaireResponse {
  const rec = (items: QuestionnaireResponseItem[], depth: number): QuestionnaireResponseItem[] => {
    if (depth === parentPath.length) return change(items.slice());
    const segment = parentPath[depth]!;
    const wanted = segment.index ?? 0;
    const out = items.slice();
    let seen = -1;
    let at = -1;
    for (let i = 0; i < out.length; i++) {
      if (out[i]!.linkId !== segment.linkId) continue;
      seen += 1;
      if (seen === wanted) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      // Create the missing instances after the last existing one (or at the end).
      while (seen < wanted) {
        out.push({ linkId: segment.linkId, item: [] });
        seen += 1;
      }
      at = out.length - 1;
    }
    const current = out[at]!;
    out[at] = { ...current, item: rec(current.item ?? [], depth + 1) };
    return out;
  };
  return { ...response, item: rec(response.item ?? [], 0) };
}

/**
 * Sets the answers of the question at `path` (an empty list removes the item). Creates missing groups on the way.
 * Returns a new response; the input is not changed.
 */
export function setAnswers(
  response: QuestionnaireResponse,
  path: ItemPath,
  answers: readonly QuestionnaireResponseAnswer[],
): QuestionnaireResponse {
  if (!path.length) return response;
  const last = path[path.length - 1]!;
  return editAt(response, path.slice(0, -1), (items) => {
    const positions = items.flatMap((item, i) => (item.linkId === last.linkId ? [i] : []));
    const at = positions[last.index ?? 0];
    if (!answers.length) {
      if (at !== undefined) items.splice(at, 1);
      return items;
    }
    const value = answers.map((a) => structuredClone(a));
    if (at === undefined) items.push({ linkId: last.linkId, answer: value });
    else items[at] = { ...items[at]!, answer: value };
    return items;
  });
}

/**
 * Appends an instance of the repeating group at `groupPath` (its last segment's index is ignored), with the group's
 * `initial` values. The new instance's index is the old {@link repeatCount}.
 */
export function addRepeat(
  questionnaire: Questionnaire,
  response: QuestionnaireResponse,
  groupPath: ItemPath,
): QuestionnaireResponse {
  if (!groupPath.length) return response;
  const item = findItem(questionnaire, groupPath);
  const linkId = groupPath[groupPath.length - 1]!.linkId;
  return editAt(response, groupPath.slice(0, -1), (items) => {
    const instance: QuestionnaireResponseItem = {
      linkId,
      ...(item?.text && { text: item.text }),
      item: initialItems(item?.item, true),
    };
    const positions = items.flatMap((it, i) => (it.linkId === linkId ? [i] : []));
    if (positions.length) items.splice(positions[positions.length - 1]! + 1, 0, instance);
    else items.push(instance);
    return items;
  });
}

/** Removes the instance of a repeating group at `instancePath` (its last segment's index, default 0). */
export function removeRepeat(response: QuestionnaireResponse, instancePath: ItemPath): QuestionnaireResponse {
  if (!instancePath.length) return response;
  const last = instancePath[instancePath.length - 1]!;
  return editAt(response, instancePath.slice(0, -1), (items) => {
    const positions = items.flatMap((it, i) => (it.linkId === last.linkId ? [i] : []));
    const at = positions[last.index ?? 0];
    if (at !== undefined) items.splice(at, 1);
    return items;
  });
}
