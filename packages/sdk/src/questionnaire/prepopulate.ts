/**
 * Pre-population from the DE-IDENTIFIED case context: SDC `observationLinkPeriod` (latest matching Observation) and
 * `initialExpression` (FHIRPath, evaluated by the `fhirpath` package, loaded with a dynamic `import()` only when a
 * template has an expression).
 * @packageDocumentation
 */
import type { FhirResource } from '../types.js';
import { SDC, extensionOf } from './extensions.js';
import { pathKey } from './paths.js';
import { createResponse, getAnswers, isEmptyAnswer, setAnswers } from './response.js';
import type {
  AnswerValue,
  Coding,
  ItemPath,
  PrefillContext,
  PrefillOptions,
  PrefillResult,
  PrefillSource,
  Quantity,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseAnswer,
} from './types.js';

/** The part of the `fhirpath` package the model uses. */
export interface FhirPathEngine {
  evaluate(data: unknown, expression: string, env?: Record<string, unknown>, model?: unknown): unknown[];
}

/** Loads the `fhirpath` engine and its R4 model (separate chunk: only templates with expressions pay for it). */
export async function loadFhirPath(): Promise<{ engine: FhirPathEngine; model: unknown }> {
  const [engine, model] = await Promise.all([import('fhirpath'), import('fhirpath/fhir-context/r4')]);
  const e = ((engine as { default?: FhirPathEngine }).default ?? engine) as FhirPathEngine;
  const m = (model as { default?: unknown }).default ?? model;
  return { engine: e, model: m };
}

const SYSTEM_NAMES: Record<string, string> = {
  'http://loinc.org': 'LOINC',
  'http://snomed.info/sct': 'SNOMED CT',
  'http://unitsofmeasure.org': 'UCUM',
};

function resourcesOf(context: PrefillContext): FhirResource[] {
  if (Array.isArray(context)) return context;
  if ('resources' in context && Array.isArray(context.resources)) return context.resources;
  const bundle = context as { entry?: { resource?: FhirResource }[] };
  return (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
}

/** Years a duration spans back from `now` at year precision: the earliest year an Observation may be from. */
function earliestYear(duration: Quantity | undefined, now: Date): number | undefined {
  if (!duration || typeof duration.value !== 'number') return undefined;
  const unit = duration.code ?? duration.unit ?? 'a';
  const ms: Record<string, number> = {
    a: 365.25 * 864e5,
    year: 365.25 * 864e5,
    years: 365.25 * 864e5,
    mo: 30.44 * 864e5,
    month: 30.44 * 864e5,
    months: 30.44 * 864e5,
    wk: 7 * 864e5,
    week: 7 * 864e5,
    d: 864e5,
    day: 864e5,
    days: 864e5,
  };
  const span = ms[unit];
  if (!span) return undefined;
  return new Date(now.getTime() - duration.value * span).getUTCFullYear();
}

function observationDate(o: FhirResource): string | undefined {
  const period = o.effectivePeriod as { start?: string; end?: string } | undefined;
  const value = (o.effectiveDateTime ?? o.effectiveInstant ?? period?.end ?? period?.start ?? o.issued) as unknown;
  return typeof value === 'string' ? value : undefined;
}

function codingsOf(o: FhirResource): Coding[] {
  return ((o.code as { coding?: Coding[] } | undefined)?.coding ?? []).filter((c) => c && c.code);
}

const sameCode = (a: Coding, b: Coding) => a.code === b.code && (!a.system || !b.system || a.system === b.system);

/** The Observation's value as an answer for this item, or undefined when it does not fit. */
function observationAnswer(item: QuestionnaireItem, o: FhirResource): QuestionnaireResponseAnswer | undefined {
  const q = o.valueQuantity as Quantity | undefined;
  const cc = o.valueCodeableConcept as { coding?: Coding[]; text?: string } | undefined;
  switch (item.type) {
    case 'quantity': {
      if (!q || typeof q.value !== 'number') return undefined;
      const units = (item.extension ?? [])
        .filter((e) => e.url === SDC.unitOption)
        .map((e) => e.valueCoding)
        .filter((c): c is Coding => !!c);
      const unit = units.length ? units.find((u) => u.code === q.code || u.code === q.unit) : undefined;
      if (units.length && !unit) return undefined;
      const value: Quantity = { value: q.value };
      const code = unit?.code ?? q.code;
      if (code) Object.assign(value, { system: unit?.system ?? q.system ?? SDC.ucum, code });
      if (unit?.display ?? q.unit) value.unit = (unit?.display ?? q.unit)!;
      return { valueQuantity: value };
    }
    case 'decimal':
      return q && typeof q.value === 'number' ? { valueDecimal: q.value } : undefined;
    case 'integer':
      return q && typeof q.value === 'number' ? { valueInteger: Math.round(q.value) } : undefined;
    case 'string':
    case 'text':
      if (q && typeof q.value === 'number') return { valueString: `${q.value}${q.unit ? ` ${q.unit}` : ''}` };
      if (typeof o.valueString === 'string') return { valueString: o.valueString };
      if (cc) return { valueString: cc.text ?? cc.coding?.[0]?.display ?? cc.coding?.[0]?.code ?? '' };
      return undefined;
    case 'boolean':
      return typeof o.valueBoolean === 'boolean' ? { valueBoolean: o.valueBoolean } : undefined;
    case 'choice':
    case 'open-choice': {
      const option = (item.answerOption ?? []).find(
        (opt) => opt.valueCoding && (cc?.coding ?? []).some((c) => sameCode(c, opt.valueCoding!)),
      );
      if (option?.valueCoding) return { valueCoding: { ...option.valueCoding } };
      if (item.type === 'open-choice' && cc?.text) return { valueString: cc.text };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A FHIRPath result as an answer for this item (year precision for dates), or undefined. */
const XHTML_DIV = /^\s*<div\b[^>]*\bxmlns\s*=\s*["']http:\/\/www\.w3\.org\/1999\/xhtml["']/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * A narrative's XHTML `div` as the text a reader sees: block ends become line breaks, tags go, entities are decoded.
 * A text answer holds what the presenter reads and edits, never markup (nor the XHTML namespace URL).
 */
function narrativeText(div: string): string {
  return div
    .replace(/<(?:br|hr)\b[^>]*>|<\/(?:p|div|li|tr|h[1-6]|table|ul|ol)\s*>/gi, '\n')
    .replace(/<\/t[dh]\s*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,6}));/gi, (whole, dec, hex, name) => {
      if (dec || hex) {
        const code = dec ? Number(dec) : parseInt(hex as string, 16);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[(name as string).toLowerCase()] ?? whole;
    })
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\v]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

function expressionAnswer(item: QuestionnaireItem, value: unknown): QuestionnaireResponseAnswer | undefined {
  if (value === null || value === undefined) return undefined;
  let str = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
  if (str !== undefined && XHTML_DIV.test(str)) str = narrativeText(str);
  switch (item.type) {
    case 'string':
    case 'text':
      return str !== undefined ? { valueString: str } : undefined;
    case 'integer': {
      const n = Number(value);
      return Number.isInteger(n) ? { valueInteger: n } : undefined;
    }
    case 'decimal': {
      const n = Number(value);
      return Number.isFinite(n) ? { valueDecimal: n } : undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? { valueBoolean: value } : undefined;
    case 'date':
      // De-identified data keeps years only; never pre-fill a more precise date.
      return str && /^\d{4}/.test(str) ? { valueDate: str.slice(0, 4) } : undefined;
    case 'quantity': {
      const q = value as Quantity;
      return typeof q === 'object' && typeof q.value === 'number' ? { valueQuantity: { ...q } } : undefined;
    }
    case 'choice':
    case 'open-choice': {
      const coding = typeof value === 'object' ? (value as Coding) : undefined;
      const option = (item.answerOption ?? []).find((opt) => {
        if (coding?.code && opt.valueCoding) return sameCode(coding, opt.valueCoding);
        if (str === undefined) return false;
        if (opt.valueCoding) return opt.valueCoding.code === str || opt.valueCoding.display === str;
        return opt.valueString === str || String(opt.valueInteger ?? '') === str;
      });
      if (option) {
        const out: AnswerValue = {};
        for (const key of ['valueCoding', 'valueString', 'valueInteger', 'valueDate'] as const) {
          if (option[key] !== undefined) (out as Record<string, unknown>)[key] = structuredClone(option[key]);
        }
        return out;
      }
      if (item.type === 'open-choice' && str !== undefined) return { valueString: str };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Sources of the `initial` values a fresh response starts with (outside repeating groups). */
function initialSources(questionnaire: Questionnaire): PrefillSource[] {
  const out: PrefillSource[] = [];
  const walk = (items: QuestionnaireItem[] | undefined, parent: ItemPath) => {
    for (const item of items ?? []) {
      const path = [...parent, { linkId: item.linkId }];
      if (item.type === 'group') {
        if (!item.repeats) walk(item.item, path);
      } else if (item.initial?.length || item.answerOption?.some((o) => o.initialSelected)) {
        out.push({
          path: pathKey(path),
          segments: path,
          linkId: item.linkId,
          kind: 'initial',
          detail: 'Template default',
        });
      }
    }
  };
  walk(questionnaire.item, []);
  return out;
}

interface Target {
  item: QuestionnaireItem;
  path: ItemPath;
}

/** Questions with a pre-population extension, outside repeating groups. */
function targets(questionnaire: Questionnaire): Target[] {
  const out: Target[] = [];
  const walk = (items: QuestionnaireItem[] | undefined, parent: ItemPath) => {
    for (const item of items ?? []) {
      const path = [...parent, { linkId: item.linkId }];
      if (item.type === 'group') {
        if (!item.repeats) walk(item.item, path);
        continue;
      }
      if (extensionOf(item, SDC.observationLinkPeriod) || extensionOf(item, SDC.initialExpression))
        out.push({ item, path });
    }
  };
  walk(questionnaire.item, []);
  return out;
}

/**
 * Pre-fills a response from the DE-IDENTIFIED case context (`deidentify(bundle)` or its `resources`); only empty
 * items are filled, items inside repeating groups are left alone.
 *
 * - `observationLinkPeriod` (`valueDuration`): the latest Observation whose `code` shares a coding with the item's
 *   `code`, within the period. De-identified dates keep only the year, so the period is applied at YEAR precision: an
 *   Observation counts when its year is at or after the year of `now − period` (a 1-year period in 2026 accepts 2025
 *   and 2026). Ties keep the first in context order (`fetchCaseContext` sorts newest first).
 * - `initialExpression` (`valueExpression`, `text/fhirpath`): evaluated with the `fhirpath` package against the
 *   de-identified Patient, with `%patient` (the Patient), `%context` and `%resource` (a Bundle of every context
 *   resource) and `%questionnaire`. Choice answers match option codes or displays; dates are cut to the year.
 *
 * @param questionnaire - the template.
 * @param context - the de-identified case context (never the original record).
 * @param options - `now`, and `response` to fill an existing draft.
 * @param engine - FHIRPath engine loader (default: dynamic `import('fhirpath')`); bundlers need CommonJS interop.
 */
export async function prepopulate(
  questionnaire: Questionnaire,
  context: PrefillContext | undefined,
  options: PrefillOptions = {},
  engine: () => Promise<{ engine: FhirPathEngine; model: unknown }> = loadFhirPath,
): Promise<PrefillResult> {
  const now = options.now ?? new Date();
  let response: QuestionnaireResponse = options.response ?? createResponse(questionnaire);
  const sources: PrefillSource[] = options.response ? [] : initialSources(questionnaire);
  const warnings: string[] = [];
  const resources = context ? resourcesOf(context) : [];
  const patient = resources.find((r) => r.resourceType === 'Patient');
  const observations = resources.filter((r) => r.resourceType === 'Observation');
  const list = targets(questionnaire);
  const record = (t: Target, kind: PrefillSource['kind'], detail: string, answers: QuestionnaireResponseAnswer[]) => {
    response = setAnswers(response, t.path, answers);
    sources.push({ path: pathKey(t.path), segments: t.path, linkId: t.item.linkId, kind, detail });
  };
  const isEmpty = (t: Target) => getAnswers(response, t.path).every((a) => isEmptyAnswer(a));

  let fhirpath: { engine: FhirPathEngine; model: unknown } | undefined;
  const needsEngine = resources.length > 0 && list.some((t) => extensionOf(t.item, SDC.initialExpression));
  if (needsEngine) {
    try {
      fhirpath = await engine();
    } catch (cause) {
      warnings.push(`The FHIRPath engine could not be loaded: ${(cause as Error).message}`);
    }
  }
  const bundle = { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) };

  for (const t of list) {
    if (!isEmpty(t)) continue;
    const period = extensionOf(t.item, SDC.observationLinkPeriod);
    if (period && t.item.code?.length) {
      const from = earliestYear(period.valueDuration, now);
      let best: { o: FhirResource; date: string; coding: Coding } | undefined;
      for (const o of observations) {
        if (['entered-in-error', 'cancelled'].includes(String(o.status))) continue;
        const coding = codingsOf(o).find((c) => t.item.code!.some((w) => sameCode(c, w)));
        const date = observationDate(o);
        if (!coding || !date) continue;
        if (from !== undefined && Number(date.slice(0, 4)) < from) continue;
        if (!best || date.slice(0, 4) > best.date.slice(0, 4)) best = { o, date, coding };
      }
      const answer = best && observationAnswer(t.item, best.o);
      if (best && answer) {
        const system = SYSTEM_NAMES[best.coding.system ?? ''] ?? best.coding.system ?? 'code';
        record(t, 'observation', `Observation ${best.date.slice(0, 4)} · ${system} ${best.coding.code}`, [answer]);
        continue;
      }
    }
    const expression = extensionOf(t.item, SDC.initialExpression)?.valueExpression;
    if (expression?.expression && fhirpath && (!expression.language || expression.language === 'text/fhirpath')) {
      try {
        const env = { patient, context: bundle, resource: bundle, questionnaire };
        const result = fhirpath.engine.evaluate(patient ?? bundle, expression.expression, env, fhirpath.model);
        const answers = result
          .map((v) => expressionAnswer(t.item, v))
          .filter((a): a is QuestionnaireResponseAnswer => !!a && !isEmptyAnswer(a));
        if (answers.length) {
          const detail = expression.description ?? expression.expression;
          record(t, 'expression', detail, t.item.repeats ? answers : answers.slice(0, 1));
        }
      } catch (cause) {
        warnings.push(`${t.item.linkId}: ${(cause as Error).message}`);
      }
    }
  }
  return { response, sources, warnings };
}
