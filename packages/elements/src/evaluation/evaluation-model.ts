/**
 * The small Questionnaire model `<echo-evaluation>` needs: the items it can render (boolean, choice, string, text,
 * integer, decimal, date, display, group), the answers as a map by linkId, and turning them into a FHIR
 * `QuestionnaireResponse`, checked before sending with the SDK's `validateResponse` (the hub's rules). Pure.
 * @internal
 * @packageDocumentation
 */
import type { FhirResource } from '@teleecho/sdk';
import { validateResponse, type Questionnaire, type QuestionnaireResponse } from '@teleecho/sdk/questionnaire';

/** An item of an evaluation Questionnaire (the subset rendered). */
export interface EvaluationItem {
  linkId: string;
  text?: string;
  type: string;
  required?: boolean;
  maxLength?: number;
  answerOption?: { valueCoding?: { code?: string; display?: string; system?: string }; valueString?: string }[];
  item?: EvaluationItem[];
}

/** One choice of a choice item: the value sent and the label shown. */
export interface Choice {
  key: string;
  label: string;
  answer: Record<string, unknown>;
}

/** Item types the element renders as inputs. */
export const ANSWERABLE = new Set(['boolean', 'choice', 'coding', 'string', 'text', 'integer', 'decimal', 'date']);

/** The items of a Questionnaire (top level). */
export function itemsOf(questionnaire: FhirResource | undefined): EvaluationItem[] {
  return ((questionnaire?.item as EvaluationItem[] | undefined) ?? []).filter((i) => typeof i?.linkId === 'string');
}

/** The choices of a choice item. */
export function choicesOf(item: EvaluationItem): Choice[] {
  return (item.answerOption ?? []).flatMap((o, index): Choice[] => {
    if (o.valueCoding?.code !== undefined) {
      const { code, display, system } = o.valueCoding;
      return [
        {
          key: `c${index}`,
          label: display ?? code,
          answer: { valueCoding: { code, ...(system && { system }), ...(display && { display }) } },
        },
      ];
    }
    if (typeof o.valueString === 'string') {
      return [{ key: `c${index}`, label: o.valueString, answer: { valueString: o.valueString } }];
    }
    return [];
  });
}

/** The answer value of one item from what was typed or chosen (`undefined`: unanswered). */
export function answerFor(item: EvaluationItem, raw: string | undefined): Record<string, unknown> | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  switch (item.type) {
    case 'boolean':
      return { valueBoolean: value === 'true' };
    case 'choice':
    case 'coding':
      return choicesOf(item).find((c) => c.key === value)?.answer;
    case 'integer':
      return Number.isInteger(Number(value)) ? { valueInteger: Number(value) } : undefined;
    case 'decimal':
      return Number.isFinite(Number(value)) ? { valueDecimal: Number(value) } : undefined;
    case 'date':
      return { valueDate: value };
    default:
      return { valueString: value };
  }
}

/**
 * linkIds of the questions the hub would refuse — required and unanswered, outside the item's limits… — checked with
 * the SDK's `validateResponse` (the hub's own rules) on the response the answers make.
 */
export function invalidLinkIds(questionnaire: FhirResource, answers: ReadonlyMap<string, string>): string[] {
  const issues = validateResponse(
    questionnaire as unknown as Questionnaire,
    buildResponse(questionnaire, answers) as unknown as QuestionnaireResponse,
    { mode: 'submit' },
  );
  return [...new Set(issues.map((i) => i.linkId).filter(Boolean))];
}

function responseItems(items: EvaluationItem[], answers: ReadonlyMap<string, string>): Record<string, unknown>[] {
  return items.flatMap((item): Record<string, unknown>[] => {
    if (item.type === 'group') {
      const children = responseItems(item.item ?? [], answers);
      return children.length ? [{ linkId: item.linkId, item: children }] : [];
    }
    const answer = ANSWERABLE.has(item.type) ? answerFor(item, answers.get(item.linkId)) : undefined;
    return answer ? [{ linkId: item.linkId, ...(item.text && { text: item.text }), answer: [answer] }] : [];
  });
}

/** A completed `QuestionnaireResponse` of the answers (unanswered items left out). */
export function buildResponse(questionnaire: FhirResource, answers: ReadonlyMap<string, string>): FhirResource {
  const canonical = typeof questionnaire.url === 'string' ? questionnaire.url : undefined;
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    ...(canonical && { questionnaire: canonical }),
    authored: new Date().toISOString(),
    item: responseItems(itemsOf(questionnaire), answers),
  };
}

/** linkIds named by a hub `validation_failed` problem (`/response/<linkId>[/<linkId>…]`). */
export function linkIdsOfErrors(errors: { path: string }[] | undefined): string[] {
  return (errors ?? []).flatMap((e) => {
    const match = /^\/response\/(?:.*\/)?([^/]+)$/.exec(e.path);
    return match ? [match[1]!] : [];
  });
}
