/**
 * Renders a Questionnaire's items as labelled native controls, in the case form's shadow root (so labels,
 * `aria-describedby` and focus work without crossing shadow boundaries). Stateless: everything comes from
 * {@link FieldsContext}; changes go back through its callbacks.
 * @internal
 * @packageDocumentation
 */
import { answerKey, getAnswers, isEnabled, itemConstraints, pathKey, repeatCount } from '@teleecho/sdk/questionnaire';
import type {
  AnswerOption,
  IdentifyingFinding,
  ItemPath,
  PathSegment,
  PrefillSource,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseAnswer,
  ValidationIssue,
} from '@teleecho/sdk/questionnaire';
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { Directive, directive, PartType } from 'lit/directive.js';
import type { ElementPart, PartInfo } from 'lit/directive.js';
import type { CaseFormIdentifyingKind, CaseFormTranslation } from '../translations/types.js';

/** What the renderer reads and calls. */
export interface FieldsContext {
  t: CaseFormTranslation;
  questionnaire: Questionnaire;
  response: QuestionnaireResponse;
  /** Issues to show, by path key. */
  issues: Map<string, ValidationIssue[]>;
  /** Pre-fill provenance, by path key. */
  sources: Map<string, PrefillSource>;
  /** Identifying-looking spans in free text, by path key. */
  findings: Map<string, IdentifyingFinding[]>;
  /** Path keys whose warning the presenter confirmed. */
  confirmed: Set<string>;
  setAnswers(path: ItemPath, answers: QuestionnaireResponseAnswer[]): void;
  addRepeat(groupPath: ItemPath): void;
  removeRepeat(instancePath: ItemPath): void;
  confirm(key: string, confirmed: boolean): void;
}

/** A DOM id for a path key, unique in the shadow root. */
export function fieldId(key: string, suffix = ''): string {
  return `f-${key.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`)}${suffix}`;
}

const isHelp = (item: QuestionnaireItem) =>
  item.type === 'display' && ['help', 'flyover'].includes(itemConstraints(item).itemControl ?? '');

/** A path segment, written as the model writes it (index 0 omitted). */
const segment = (linkId: string, index: number): PathSegment => (index ? { linkId, index } : { linkId });

/** Renders `items` (children of the group instance at `parent`). */
export function renderItems(ctx: FieldsContext, items: QuestionnaireItem[] | undefined, parent: ItemPath): unknown[] {
  return (items ?? []).map((item): unknown => {
    if (isHelp(item)) return nothing;
    if (item.type === 'group' && item.repeats) return renderRepeatingGroup(ctx, item, parent);
    const path = [...parent, segment(item.linkId, 0)];
    if (!isEnabled(ctx.questionnaire, ctx.response, path)) return nothing;
    if (item.type === 'group') return renderGroup(ctx, item, path, labelOf(item));
    if (item.type === 'display') {
      return html`<p part="display" class="display"><bdi>${item.text ?? ''}</bdi></p>`;
    }
    return renderQuestion(ctx, item, path);
  });
}

function labelOf(item: QuestionnaireItem): string {
  return [item.prefix, item.text ?? item.linkId].filter(Boolean).join(' ');
}

/** Questions under an item (its own, and its groups'), to estimate a section's height before it is laid out. */
const questionCount = (item: QuestionnaireItem): number =>
  (item.item ?? []).reduce((n, child) => n + (child.type === 'group' ? questionCount(child) : 1), 0);

/**
 * Sets a section's estimated height (`contain-intrinsic-size`) through the CSSOM: a `style` attribute (what Lit's
 * styleMap writes on first render) is refused by a strict Content-Security-Policy.
 */
class EstimatedHeight extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('estimatedHeight() goes on an element');
  }
  render(_em: number) {
    return nothing;
  }
  override update(part: ElementPart, [em]: [number]) {
    (part.element as HTMLElement).style.setProperty('contain-intrinsic-size', `auto ${em}em`);
    return nothing;
  }
}
const estimatedHeight = directive(EstimatedHeight);

function renderGroup(
  ctx: FieldsContext,
  item: QuestionnaireItem,
  path: ItemPath,
  legend: string,
  extra?: unknown,
): TemplateResult {
  const help = itemConstraints(item).help;
  const key = pathKey(path);
  const issues = ctx.issues.get(key) ?? [];
  const describedBy = [help && fieldId(key, '-help'), issues.length && fieldId(key, '-error')].filter(Boolean);
  return html`
    <fieldset
      part="group"
      class="group ${issues.length ? 'invalid' : ''}"
      ${estimatedHeight(4 + 5.5 * questionCount(item))}
      data-path=${key}
      aria-describedby=${describedBy.length ? describedBy.join(' ') : nothing}
    >
      <legend part="legend"><bdi>${legend}</bdi></legend>
      ${help ? html`<p class="help" id=${fieldId(key, '-help')}>${help}</p>` : nothing}
      ${
        issues.length
          ? html`<p part="field-error" class="field-error" id=${fieldId(key, '-error')}>
              ${issues.map((i) => ctx.t.issue(i.code, i.limit)).join(' ')}
            </p>`
          : nothing
      }
      ${renderItems(ctx, item.item, path)} ${extra ?? nothing}
    </fieldset>
  `;
}

function renderRepeatingGroup(ctx: FieldsContext, item: QuestionnaireItem, parent: ItemPath): unknown {
  const { t } = ctx;
  const groupPath = [...parent, segment(item.linkId, 0)];
  if (!isEnabled(ctx.questionnaire, ctx.response, groupPath)) return nothing;
  const count = repeatCount(ctx.response, groupPath);
  const label = item.text ?? item.linkId;
  const instances = Array.from({ length: count }, (_, i): TemplateResult => {
    const path = [...parent, segment(item.linkId, i)];
    const remove =
      count > 1 || !item.required
        ? html`<button
            type="button"
            part="button remove-button"
            class="secondary remove"
            @click=${() => ctx.removeRepeat(path)}
          >
            ${t.removeRepeat(label, i + 1)}
          </button>`
        : nothing;
    return renderGroup(ctx, item, path, t.repeatInstance(label, i + 1), remove);
  });
  return html`
    <div class="repeat" data-link-id=${item.linkId}>
      ${instances}
      <button type="button" part="button add-button" class="secondary add" @click=${() => ctx.addRepeat(groupPath)}>
        ${t.addRepeat(label)}
      </button>
    </div>
  `;
}

function renderQuestion(ctx: FieldsContext, item: QuestionnaireItem, path: ItemPath): TemplateResult {
  const { t } = ctx;
  const key = pathKey(path);
  const id = fieldId(key);
  const c = itemConstraints(item);
  const issues = ctx.issues.get(key) ?? [];
  const source = ctx.sources.get(key);
  const answers = getAnswers(ctx.response, path);
  const findings = ctx.findings.get(key) ?? [];
  const describedBy = [
    c.help && fieldId(key, '-help'),
    source && answers.length && fieldId(key, '-source'),
    findings.length && fieldId(key, '-phi'),
    issues.length && fieldId(key, '-error'),
  ]
    .filter(Boolean)
    .join(' ');
  const state: ControlState = { id, describedBy, invalid: issues.length > 0, answers, c };
  const required = item.required
    ? html`<span class="req" aria-hidden="true"> *</span><span class="visually-hidden"> (${t.required})</span>`
    : nothing;
  const help = c.help ? html`<p class="help" id=${fieldId(key, '-help')}>${c.help}</p>` : nothing;
  const shownSource =
    source && answers.length
      ? html`<p part="source" class="source" id=${fieldId(key, '-source')}>${t.prefilledFrom(source.detail)}</p>`
      : nothing;
  const phi = findings.length ? renderPhiWarning(ctx, key, findings) : nothing;
  const error = issues.length
    ? html`<p part="field-error" class="field-error" id=${fieldId(key, '-error')}>
        ${issues.map((i) => t.issue(i.code, i.limit)).join(' ')}
      </p>`
    : nothing;
  const fieldClass = `field ${issues.length ? 'invalid' : ''}`;
  // One flat template per kind (a long form renders hundreds of these: fewer nested templates render faster).
  return usesFieldset(item)
    ? html`<div part="field" class=${fieldClass} data-path=${key} data-type=${item.type}>
        <fieldset class="choices" aria-describedby=${describedBy || nothing}>
          <legend part="label" class="label"><bdi>${labelOf(item)}</bdi>${required}</legend>
          ${renderControl(ctx, item, path, state)}
        </fieldset>
        ${help}${shownSource}${phi}${error}
      </div>`
    : html`<div part="field" class=${fieldClass} data-path=${key} data-type=${item.type}>
        <label part="label" class="label" for=${id}><bdi>${labelOf(item)}</bdi>${required}</label>
        ${renderControl(ctx, item, path, state)} ${help}${shownSource}${phi}${error}
      </div>`;
}

function renderPhiWarning(ctx: FieldsContext, key: string, findings: IdentifyingFinding[]) {
  const { t } = ctx;
  const kinds = [...new Set(findings.map((f) => f.kind))].map((k) => t.identifyingKind(k as CaseFormIdentifyingKind));
  const confirmed = ctx.confirmed.has(key);
  return html`
    <div part="phi-warning" class="phi ${confirmed ? 'confirmed' : ''}" id=${fieldId(key, '-phi')}>
      <p>${t.phiWarning(kinds.join(', '))}</p>
      <label class="inline">
        <input
          type="checkbox"
          part="phi-confirm"
          id=${fieldId(key, '-confirm')}
          .checked=${confirmed}
          @change=${(e: Event) => ctx.confirm(key, (e.target as HTMLInputElement).checked)}
        />
        ${t.phiConfirm}
      </label>
    </div>
  `;
}

interface ControlState {
  id: string;
  describedBy: string;
  invalid: boolean;
  answers: QuestionnaireResponseAnswer[];
  c: ReturnType<typeof itemConstraints>;
}

/** Radio buttons and check boxes sit in a fieldset whose legend is the question. */
function usesFieldset(item: QuestionnaireItem): boolean {
  if (item.type === 'boolean') return true;
  if (item.type !== 'choice') return false;
  return item.repeats === true || radioCount(item) <= 5 || itemConstraints(item).itemControl === 'radio-button';
}

function radioCount(item: QuestionnaireItem): number {
  return itemConstraints(item).itemControl === 'drop-down' ? Infinity : (item.answerOption ?? []).length;
}

function optionLabel(o: AnswerOption): string {
  if (o.valueCoding) return o.valueCoding.display ?? o.valueCoding.code ?? '';
  return String(o.valueString ?? o.valueInteger ?? o.valueDate ?? '');
}

function optionValue(o: AnswerOption): QuestionnaireResponseAnswer {
  const { initialSelected: _ignored, ...value } = o;
  return structuredClone(value);
}

const attr = (v: string) => v || nothing;

function renderControl(ctx: FieldsContext, item: QuestionnaireItem, path: ItemPath, s: ControlState) {
  const { t } = ctx;
  const set = (answers: QuestionnaireResponseAnswer[]) => ctx.setAnswers(path, answers);
  const common = {
    invalid: s.invalid ? 'true' : 'false',
    required: item.required === true,
    readonly: item.readOnly === true,
  };
  const first = s.answers[0];
  switch (item.type) {
    case 'string':
    case 'text': {
      const value = first?.valueString ?? '';
      const onInput = (e: Event) => {
        const v = (e.target as HTMLInputElement | HTMLTextAreaElement).value;
        set(v === '' ? [] : [{ valueString: v }]);
      };
      return item.type === 'text'
        ? html`<textarea
            part="control textarea"
            id=${s.id}
            rows="4"
            aria-describedby=${attr(s.describedBy)}
            aria-invalid=${common.invalid}
            ?required=${common.required}
            ?readonly=${common.readonly}
            maxlength=${s.c.maxLength ?? nothing}
            .value=${value}
            @input=${onInput}
          ></textarea>`
        : html`<input
            part="control input"
            id=${s.id}
            type="text"
            aria-describedby=${attr(s.describedBy)}
            aria-invalid=${common.invalid}
            ?required=${common.required}
            ?readonly=${common.readonly}
            placeholder=${attr(s.c.placeholder ?? '')}
            maxlength=${s.c.maxLength ?? nothing}
            .value=${value}
            @input=${onInput}
          />`;
    }
    case 'integer':
    case 'decimal': {
      const value = first?.valueInteger ?? first?.valueDecimal;
      const key = item.type === 'integer' ? 'valueInteger' : 'valueDecimal';
      return html`<input
        part="control input"
        id=${s.id}
        type="number"
        inputmode=${item.type === 'integer' ? 'numeric' : 'decimal'}
        step=${item.type === 'integer' ? '1' : 'any'}
        min=${typeof s.c.minValue === 'number' ? s.c.minValue : nothing}
        max=${typeof s.c.maxValue === 'number' ? s.c.maxValue : nothing}
        aria-describedby=${attr(s.describedBy)}
        aria-invalid=${common.invalid}
        ?required=${common.required}
        ?readonly=${common.readonly}
        .value=${value === undefined ? '' : String(value)}
        @change=${(e: Event) => {
          const raw = (e.target as HTMLInputElement).value;
          set(raw === '' ? [] : [{ [key]: Number(raw) }]);
        }}
      />`;
    }
    case 'date':
      return html`<input
        part="control input"
        class="date"
        id=${s.id}
        type="text"
        inputmode="numeric"
        autocomplete="off"
        placeholder=${s.c.placeholder ?? 'YYYY'}
        aria-describedby=${attr(s.describedBy)}
        aria-invalid=${common.invalid}
        ?required=${common.required}
        ?readonly=${common.readonly}
        .value=${first?.valueDate ?? ''}
        @input=${(e: Event) => {
          const v = (e.target as HTMLInputElement).value.trim();
          set(v === '' ? [] : [{ valueDate: v }]);
        }}
      />`;
    case 'boolean':
      return html`<div class="options" role="presentation">
        ${[true, false].map(
          (v) =>
            html`<label class="inline">
              <input
                type="radio"
                part="control radio"
                name=${s.id}
                id=${v ? s.id : `${s.id}-no`}
                ?disabled=${common.readonly}
                .checked=${first?.valueBoolean === v}
                @change=${() => set([{ valueBoolean: v }])}
              />
              ${v ? t.yes : t.no}
            </label>`,
        )}
      </div>`;
    case 'choice':
      return renderChoice(ctx, item, s, set, common.readonly);
    case 'open-choice': {
      const options = item.answerOption ?? [];
      const current = first?.valueCoding?.display ?? first?.valueCoding?.code ?? first?.valueString ?? '';
      return html`<input
          part="control input"
          id=${s.id}
          type="text"
          list=${`${s.id}-list`}
          aria-describedby=${attr(s.describedBy)}
          aria-invalid=${common.invalid}
          ?required=${common.required}
          ?readonly=${common.readonly}
          .value=${current}
          @input=${(e: Event) => {
            const v = (e.target as HTMLInputElement).value;
            const match = options.find((o) => optionLabel(o).toLowerCase() === v.trim().toLowerCase());
            set(v.trim() === '' ? [] : [match ? optionValue(match) : { valueString: v }]);
          }}
        />
        <datalist id=${`${s.id}-list`}>
          ${options.map((o) => html`<option value=${optionLabel(o)}></option>`)}
        </datalist>`;
    }
    case 'quantity':
      return renderQuantity(ctx, s, set, common);
    default:
      return html`<p class="help">${t.issue('unsupportedType')}</p>`;
  }
}

function renderChoice(
  ctx: FieldsContext,
  item: QuestionnaireItem,
  s: ControlState,
  set: (answers: QuestionnaireResponseAnswer[]) => void,
  readonly: boolean,
) {
  const options = item.answerOption ?? [];
  const chosen = new Set(s.answers.map(answerKey));
  if (item.repeats) {
    return html`<div class="options">
      ${options.map((o, i) => {
        const key = answerKey(o);
        return html`<label class="inline">
          <input
            type="checkbox"
            part="control checkbox"
            id=${i ? `${s.id}-${i}` : s.id}
            ?disabled=${readonly}
            .checked=${chosen.has(key)}
            @change=${(e: Event) => {
              const on = (e.target as HTMLInputElement).checked;
              const kept = s.answers.filter((a) => answerKey(a) !== key);
              set(on ? [...kept, optionValue(o)] : kept);
            }}
          />
          <bdi>${optionLabel(o)}</bdi>
        </label>`;
      })}
    </div>`;
  }
  if (usesFieldset(item)) {
    return html`<div class="options">
      ${options.map(
        (o, i) =>
          html`<label class="inline">
            <input
              type="radio"
              part="control radio"
              name=${s.id}
              id=${i ? `${s.id}-${i}` : s.id}
              ?disabled=${readonly}
              .checked=${chosen.has(answerKey(o))}
              @change=${() => set([optionValue(o)])}
            />
            <bdi>${optionLabel(o)}</bdi>
          </label>`,
      )}
    </div>`;
  }
  return html`<select
    part="control select"
    id=${s.id}
    aria-describedby=${attr(s.describedBy)}
    aria-invalid=${s.invalid ? 'true' : 'false'}
    ?required=${item.required === true}
    ?disabled=${readonly}
    @change=${(e: Event) => {
      const index = (e.target as HTMLSelectElement).selectedIndex - 1;
      const option = options[index];
      set(option ? [optionValue(option)] : []);
    }}
  >
    <option value="" ?selected=${chosen.size === 0}>${ctx.t.choose}</option>
    ${options.map(
      (o, i) => html`<option value=${String(i)} ?selected=${chosen.has(answerKey(o))}>${optionLabel(o)}</option>`,
    )}
  </select>`;
}

function renderQuantity(
  ctx: FieldsContext,
  s: ControlState,
  set: (answers: QuestionnaireResponseAnswer[]) => void,
  common: { invalid: string; required: boolean; readonly: boolean },
) {
  const q = s.answers[0]?.valueQuantity;
  const units = s.c.units;
  const unit = units.find((u) => u.code === q?.code) ?? units[0];
  const update = (value: string, code: string | undefined) => {
    const u = units.find((x) => x.code === code) ?? units[0];
    if (value === '') return set([]);
    set([
      {
        valueQuantity: {
          value: Number(value),
          ...(u && { unit: u.display ?? u.code, system: u.system ?? 'http://unitsofmeasure.org', code: u.code }),
        },
      },
    ]);
  };
  return html`<div class="quantity">
    <input
      part="control input"
      id=${s.id}
      type="number"
      step="any"
      inputmode="decimal"
      min=${typeof s.c.minValue === 'number' ? s.c.minValue : nothing}
      max=${typeof s.c.maxValue === 'number' ? s.c.maxValue : nothing}
      aria-describedby=${attr(s.describedBy)}
      aria-invalid=${common.invalid}
      ?required=${common.required}
      ?readonly=${common.readonly}
      .value=${q?.value === undefined ? '' : String(q.value)}
      @change=${(e: Event) => update((e.target as HTMLInputElement).value, unit?.code)}
    />
    ${
      units.length > 1
        ? html`<select
            part="control select unit"
            aria-label=${ctx.t.unit}
            ?disabled=${common.readonly}
            @change=${(e: Event) => {
              const field = (e.target as HTMLSelectElement).parentElement?.querySelector('input');
              update(field?.value ?? '', (e.target as HTMLSelectElement).value);
            }}
          >
            ${units.map((u) => html`<option value=${u.code ?? ''} ?selected=${u === unit}>${u.display ?? u.code}</option>`)}
          </select>`
        : unit
          ? html`<span class="unit">${unit.display ?? unit.code}</span>`
          : nothing
    }
  </div>`;
}
