/**
 * The SDC / core extensions the case-form model reads, and {@link itemConstraints} that gathers them per item.
 * @packageDocumentation
 */
import type { Coding, Extension, ItemConstraints, QuestionnaireItem } from './types.js';

/** Extension URLs of the supported SDC subset. */
export const SDC = {
  minLength: 'http://hl7.org/fhir/StructureDefinition/minLength',
  minValue: 'http://hl7.org/fhir/StructureDefinition/minValue',
  maxValue: 'http://hl7.org/fhir/StructureDefinition/maxValue',
  maxDecimalPlaces: 'http://hl7.org/fhir/StructureDefinition/maxDecimalPlaces',
  minOccurs: 'http://hl7.org/fhir/StructureDefinition/questionnaire-minOccurs',
  maxOccurs: 'http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs',
  unitOption: 'http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption',
  itemControl: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',
  entryFormat: 'http://hl7.org/fhir/StructureDefinition/entryFormat',
  observationLinkPeriod: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-observationLinkPeriod',
  initialExpression: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression',
  /** System of `itemControl` codes. */
  itemControlSystem: 'http://hl7.org/fhir/questionnaire-item-control',
  /** UCUM, the system of quantity units. */
  ucum: 'http://unitsofmeasure.org',
} as const;

/** The extensions of an element with this URL. */
export function extensionsOf(element: { extension?: Extension[] } | undefined, url: string): Extension[] {
  return (element?.extension ?? []).filter((e) => e && e.url === url);
}

/** The first extension with this URL. */
export function extensionOf(element: { extension?: Extension[] } | undefined, url: string): Extension | undefined {
  return element?.extension?.find((e) => e && e.url === url);
}

function numberOrDate(e: Extension | undefined): number | string | undefined {
  if (!e) return undefined;
  return e.valueInteger ?? e.valueDecimal ?? e.valueDate ?? (e.valueString as string | undefined);
}

function controlCode(element: { extension?: Extension[] } | undefined): string | undefined {
  const e = extensionOf(element, SDC.itemControl);
  return e?.valueCodeableConcept?.coding?.find((c) => c.code)?.code;
}

/** Whether the item is pre-filled from the case context (`observationLinkPeriod` or `initialExpression`). */
export function hasPrefill(item: QuestionnaireItem): boolean {
  return !!(extensionOf(item, SDC.observationLinkPeriod) || extensionOf(item, SDC.initialExpression));
}

/**
 * Longest free-text answer accepted when the template sets no `maxLength` of its own: 1,000 characters for a `string`
 * (or the free text of an `open-choice`), 10,000 for a `text`. A template's `maxLength` always wins, higher or lower.
 * Bounds the work each answer costs the form, the de-identifier and the hub.
 */
export const DEFAULT_MAX_LENGTH = { string: 1000, text: 10000, 'open-choice': 1000 } as const;

/**
 * Limits and presentation hints of an item: `maxLength` (the item's own, else {@link DEFAULT_MAX_LENGTH} for free
 * text), the `minLength`/`minValue`/`maxValue`/`maxDecimalPlaces`
 * extensions, `unitOption`s of a quantity, the `itemControl` code, help text (a `display` child with
 * itemControl `help` or `flyover`) and the `entryFormat` placeholder.
 */
export function itemConstraints(item: QuestionnaireItem): ItemConstraints {
  const out: ItemConstraints = { units: [], prefillable: hasPrefill(item) };
  if (typeof item.maxLength === 'number') out.maxLength = item.maxLength;
  else if (item.type in DEFAULT_MAX_LENGTH)
    out.maxLength = DEFAULT_MAX_LENGTH[item.type as keyof typeof DEFAULT_MAX_LENGTH];
  const minLength = extensionOf(item, SDC.minLength)?.valueInteger;
  if (typeof minLength === 'number') out.minLength = minLength;
  const minValue = numberOrDate(extensionOf(item, SDC.minValue));
  if (minValue !== undefined) out.minValue = minValue;
  const maxValue = numberOrDate(extensionOf(item, SDC.maxValue));
  if (maxValue !== undefined) out.maxValue = maxValue;
  const places = extensionOf(item, SDC.maxDecimalPlaces)?.valueInteger;
  if (typeof places === 'number') out.maxDecimalPlaces = places;
  out.units = extensionsOf(item, SDC.unitOption)
    .map((e) => e.valueCoding)
    .filter((c): c is Coding => !!c);
  const control = controlCode(item);
  if (control) out.itemControl = control;
  const help = (item.item ?? []).find(
    (c) => c.type === 'display' && ['help', 'flyover'].includes(controlCode(c) ?? ''),
  );
  if (help?.text) out.help = help.text;
  const format = extensionOf(item, SDC.entryFormat)?.valueString;
  if (typeof format === 'string') out.placeholder = format;
  return out;
}

/** Whether a `display` child is help text (shown with its parent, not as an item of its own). */
export function isHelpItem(item: QuestionnaireItem): boolean {
  return item.type === 'display' && ['help', 'flyover'].includes(controlCode(item) ?? '');
}

/** `questionnaire-minOccurs` / `maxOccurs` of a repeating item. */
export function occurs(item: QuestionnaireItem): { min?: number; max?: number } {
  const out: { min?: number; max?: number } = {};
  const min = extensionOf(item, SDC.minOccurs)?.valueInteger;
  const max = extensionOf(item, SDC.maxOccurs)?.valueInteger;
  if (typeof min === 'number') out.min = min;
  if (typeof max === 'number') out.max = max;
  return out;
}
