/**
 * Reading a case: the de-identified FHIR `QuestionnaireResponse` as questions and answers (question texts from the
 * template's `Questionnaire` when it is known, else the response's own `text`, else the `linkId`), and the
 * de-identification report. Text from the hub is rendered as text only (Lit bindings, never HTML).
 * @packageDocumentation
 */
import type { Case, DeidentificationChange, FhirResource } from '@teleecho/sdk';
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { LocalizeController } from '../internal/localize.js';

interface QItem {
  linkId?: string;
  text?: string;
  item?: QItem[];
  answer?: QAnswer[];
}

interface QAnswer {
  [key: string]: unknown;
  item?: QItem[];
}

/** linkId → question text, from a FHIR `Questionnaire` (nested items included). */
export function questionTexts(questionnaire: FhirResource | undefined): Map<string, string> {
  const texts = new Map<string, string>();
  const walk = (items: QItem[] | undefined): void => {
    for (const item of items ?? []) {
      if (item.linkId && item.text) texts.set(item.linkId, item.text);
      walk(item.item);
    }
  };
  walk((questionnaire as { item?: QItem[] } | undefined)?.item);
  return texts;
}

/** One answer's value as readable text (string, number, boolean, date, coding, quantity, reference…). */
export function answerText(answer: QAnswer, localize: LocalizeController): string {
  for (const [key, value] of Object.entries(answer)) {
    if (!key.startsWith('value') || value === undefined || value === null) continue;
    if (key === 'valueBoolean') return value ? '✓' : '✗';
    if (key === 'valueCoding') {
      const coding = value as { display?: string; code?: string };
      return coding.display ?? coding.code ?? '';
    }
    if (key === 'valueQuantity') {
      const q = value as { value?: number; unit?: string; code?: string };
      return [q.value === undefined ? '' : new Intl.NumberFormat(localize.lang).format(q.value), q.unit ?? q.code ?? '']
        .join(' ')
        .trim();
    }
    if (key === 'valueReference') return (value as { display?: string }).display ?? '';
    if (key === 'valueAttachment') return (value as { title?: string }).title ?? '';
    if (typeof value === 'number') return new Intl.NumberFormat(localize.lang).format(value);
    return String(value);
  }
  return '';
}

function renderItems(items: QItem[] | undefined, texts: Map<string, string>, localize: LocalizeController): unknown {
  const shown = (items ?? []).filter((item) => item.answer?.length || item.item?.length);
  if (shown.length === 0) return nothing;
  return html`<dl class="answers">
    ${shown.map((item) => {
      const question = texts.get(item.linkId ?? '') ?? item.text ?? item.linkId ?? '';
      const answers = item.answer ?? [];
      return html`
        <div class="answer">
          <dt><bdi>${question}</bdi></dt>
          ${answers.map(
            (a) =>
              html`<dd><bdi class="text">${answerText(a, localize)}</bdi>${renderItems(a.item, texts, localize)}</dd>`,
          )}
          ${item.item?.length ? html`<dd class="group">${renderItems(item.item, texts, localize)}</dd>` : nothing}
        </div>
      `;
    })}
  </dl>`;
}

/** The case's answers as a definition list. */
export function renderResponse(
  value: Case,
  questionnaire: FhirResource | undefined,
  localize: LocalizeController,
): unknown {
  const texts = questionTexts(questionnaire);
  return renderItems((value.response as { item?: QItem[] }).item, texts, localize);
}

/** The de-identification report: policy, count, and every change (path, kind, action, replacement). */
export function renderDeidentification(value: Case, localize: LocalizeController): TemplateResult {
  const c = localize.term.console;
  const report = value.deidentification ?? { policy: '', changes: [] };
  const changes: DeidentificationChange[] = report.changes ?? [];
  return html`
    <p class="muted">${c.deidentificationSummary(changes.length, report.policy)}</p>
    ${
      changes.length === 0
        ? html`<p class="muted">${c.deidentificationNone}</p>`
        : html`<ul class="changes">
            ${changes.map(
              (change) =>
                html`<li>
                  <code><bdi>${change.path}</bdi></code> — <bdi>${change.kind}</bdi>:
                  ${c.deidentificationAction(change.action)}${change.replacement ? html` <span class="arrow">→</span> <bdi>${change.replacement}</bdi>` : nothing}
                </li>`,
            )}
          </ul>`
    }
  `;
}
