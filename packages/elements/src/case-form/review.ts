/**
 * The review step: exactly what will leave — a readable summary of the final QuestionnaireResponse, the payload as
 * JSON, and the de-identification report (every change made to the patient record).
 * @internal
 * @packageDocumentation
 */
import type { DeidentificationChange, DeidentificationReport } from '@teleecho/sdk';
import type {
  QuestionnaireResponse,
  QuestionnaireResponseAnswer,
  QuestionnaireResponseItem,
} from '@teleecho/sdk/questionnaire';
import { html, nothing } from 'lit';
import type { CaseFormTranslation } from '../translations/types.js';

/** Inputs of {@link renderReview}. */
export interface ReviewContext {
  t: CaseFormTranslation;
  /** The payload's response (final, as sent). */
  response: QuestionnaireResponse;
  report: DeidentificationReport;
  /** Whether a patient record was used. */
  hadContext: boolean;
  /** Formats numbers in the element's language. */
  number(value: number): string;
}

function answerText(a: QuestionnaireResponseAnswer, t: CaseFormTranslation, number: (n: number) => string): string {
  if (a.valueBoolean !== undefined) return a.valueBoolean ? t.yes : t.no;
  if (a.valueCoding) return a.valueCoding.display ?? a.valueCoding.code ?? '';
  if (a.valueQuantity) {
    const q = a.valueQuantity;
    return `${q.comparator ?? ''}${q.value === undefined ? '' : number(q.value)} ${q.unit ?? q.code ?? ''}`.trim();
  }
  if (a.valueInteger !== undefined) return number(a.valueInteger);
  if (a.valueDecimal !== undefined) return number(a.valueDecimal);
  return String(a.valueDate ?? a.valueString ?? '');
}

function renderSummaryItems(items: QuestionnaireResponseItem[] | undefined, ctx: ReviewContext): unknown {
  return html`<dl class="summary-list">
    ${(items ?? []).map((item) =>
      item.item
        ? html`<div class="summary-group">
            <dt><bdi>${item.text ?? item.linkId}</bdi></dt>
            <dd>${renderSummaryItems(item.item, ctx)}</dd>
          </div>`
        : html`<div class="summary-row">
            <dt><bdi>${item.text ?? item.linkId}</bdi></dt>
            <dd><bdi>${(item.answer ?? []).map((a) => answerText(a, ctx.t, ctx.number)).join('; ')}</bdi></dd>
          </div>`,
    )}
  </dl>`;
}

/** The review step's body (the buttons are the element's). */
export function renderReview(ctx: ReviewContext) {
  const { t, report } = ctx;
  const payload = JSON.stringify(ctx.response, null, 2);
  return html`
    <section part="review" class="review" aria-labelledby="review-summary">
      <p class="intro">${t.reviewIntro}</p>
      <h3 id="review-summary">${t.summary}</h3>
      ${renderSummaryItems(ctx.response.item, ctx)}
      <details part="payload" class="payload">
        <summary>${t.payload}</summary>
        <pre tabindex="0" aria-label=${t.payload}>${payload}</pre>
      </details>
      <h3>${t.deidReport}</h3>
      <div part="deid-report" class="deid">
        ${ctx.hadContext ? renderDeidReport(report, t) : html`<p>${t.deidNone}</p>`}
      </div>
    </section>
  `;
}

/**
 * The de-identification report grouped by identifier kind, largest group first, so a clinician sees at a glance what
 * was changed and what will not be sent; each group opens to its paths.
 */
function renderDeidReport(report: DeidentificationReport, t: CaseFormTranslation) {
  const groups = new Map<string, DeidentificationChange[]>();
  for (const c of report.changes) {
    if (c.action === 'redacted' && c.path.endsWith('.id')) continue; // pseudonymous ids: noise for a clinician
    const list = groups.get(c.kind) ?? [];
    list.push(c);
    groups.set(c.kind, list);
  }
  const dropped = report.changes.filter((c) => c.action === 'dropped').length;
  const sorted = [...groups.entries()].sort(([, a], [, b]) => b.length - a.length);
  return html`<p>${t.deidChanges(report.changes.length, report.policy)}</p>
    ${dropped ? html`<p part="deid-dropped" class="dropped">${t.deidDropped(dropped)}</p>` : nothing}
    ${
      sorted.length
        ? html`<ul class="deid-groups">
            ${sorted.map(
              ([kind, changes]) =>
                html`<li data-kind=${kind}>
                  <details>
                    <summary>
                      <span class="kind">${t.deidKind(kind)}</span>
                      <span class="count">${changes.length}</span>
                    </summary>
                    <ul class="changes">
                      ${changes.map(
                        (c) =>
                          html`<li>
                            <code>${c.path}</code> —
                            ${t.deidAction(c.action)}${
                              c.reason ? html` (${t.deidReason(c.reason)})` : nothing
                            }${c.replacement ? html` <span class="arrow">→</span> <code>${c.replacement}</code>` : nothing}
                          </li>`,
                      )}
                    </ul>
                  </details>
                </li>`,
            )}
          </ul>`
        : nothing
    }`;
}
