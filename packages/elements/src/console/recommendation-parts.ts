/**
 * Pieces of `<echo-recommendation-editor>`: the form used to write a draft, edit it or amend an issued
 * recommendation, and the read-only rendering of an issued recommendation's history and acknowledgement.
 * @packageDocumentation
 */
import { RECOMMENDATION_CATEGORIES } from '@teleecho/sdk';
import type { Recommendation, RecommendationCategory } from '@teleecho/sdk';
import { html, nothing } from 'lit';
import type { LocalizeController } from '../internal/localize.js';

/** The categories, in the order the picker shows them. */
export const CATEGORIES: readonly RecommendationCategory[] = RECOMMENDATION_CATEGORIES;

/** What a form holds. */
export interface RecommendationDraft {
  body: string;
  category: RecommendationCategory | '';
  followUp: string;
}

/** The form's values for an existing recommendation (or empty for a new one). */
export function draftOf(rec?: Recommendation): RecommendationDraft {
  return { body: rec?.body ?? '', category: rec?.category ?? '', followUp: rec?.followUp ?? '' };
}

/** Options of {@link renderRecommendationForm}. */
export interface FormOptions {
  /** Unique prefix of the ids inside the form. */
  id: string;
  /** Accessible name of the form. */
  label: string;
  value: RecommendationDraft;
  submitLabel: string;
  busy: boolean;
  /** A translated validation or hub error shown under the fields. */
  error?: string;
  /** A field changed (merge it into the current value: several may change before the next render). */
  onInput(patch: Partial<RecommendationDraft>): void;
  onSubmit(): void;
  onCancel?: () => void;
}

/** The text / category / follow-up form. */
export function renderRecommendationForm(localize: LocalizeController, o: FormOptions) {
  const c = localize.term.console;
  const errorId = `${o.id}-error`;
  const set = (patch: Partial<RecommendationDraft>) => o.onInput(patch);
  return html`
    <form
      part="form"
      class="form"
      aria-label=${o.label}
      @submit=${(e: Event) => {
        e.preventDefault();
        o.onSubmit();
      }}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Escape' && o.onCancel) {
          e.stopPropagation();
          o.onCancel();
        }
      }}
    >
      <label
        >${c.recommendationText}
        <textarea
          name="body"
          rows="4"
          maxlength="20000"
          .value=${o.value.body}
          aria-describedby=${o.error ? errorId : nothing}
          @input=${(e: Event) => set({ body: (e.target as HTMLTextAreaElement).value })}
        ></textarea>
      </label>
      <div class="fields">
        <label
          >${c.category}
          <select
            name="category"
            @change=${(e: Event) => set({ category: (e.target as HTMLSelectElement).value as RecommendationCategory })}
          >
            <option value="" ?selected=${o.value.category === ''}>${c.categoryNone}</option>
            ${CATEGORIES.map(
              (cat) => html`<option value=${cat} ?selected=${o.value.category === cat}>${c.categoryName(cat)}</option>`,
            )}
          </select>
        </label>
        <label
          >${c.followUp}
          <input
            name="followUp"
            type="date"
            .value=${o.value.followUp}
            @input=${(e: Event) => set({ followUp: (e.target as HTMLInputElement).value })}
          />
        </label>
      </div>
      ${o.error ? html`<p part="error" class="error" id=${errorId} role="alert">${o.error}</p>` : nothing}
      <div class="actions">
        <button part="button save-button" class="primary" type="submit" ?disabled=${o.busy}>${o.submitLabel}</button>
        ${
          o.onCancel
            ? html`<button part="button cancel-button" type="button" @click=${o.onCancel}>${c.cancel}</button>`
            : nothing
        }
      </div>
    </form>
  `;
}

/** Category, follow-up date and text of a recommendation (or of one of its earlier versions). */
export function renderContent(
  localize: LocalizeController,
  value: Pick<Recommendation, 'body' | 'category' | 'followUp'>,
) {
  const c = localize.term.console;
  const followUp = value.followUp
    ? localize.dateTime(`${value.followUp}T12:00:00Z`, { dateStyle: 'long', timeZone: 'UTC' })
    : '';
  return html`
    <p class="meta-line">
      ${value.category ? html`<span part="category" class="badge">${c.categoryName(value.category)}</span>` : nothing}
      ${followUp ? html`<span part="follow-up" class="muted">${c.followUpOn(followUp)}</span>` : nothing}
    </p>
    <p part="body" class="body"><bdi>${value.body}</bdi></p>
  `;
}

/** Earlier versions (newest first) of an amended recommendation. */
export function renderHistory(localize: LocalizeController, rec: Recommendation) {
  if (rec.history.length === 0) return nothing;
  const c = localize.term.console;
  const when = (iso: string) => localize.dateTime(iso, { dateStyle: 'medium', timeStyle: 'short' });
  return html`
    <details part="history" class="history">
      <summary>${c.history} (${rec.history.length})</summary>
      <ol class="versions" reversed>
        ${[...rec.history].reverse().map(
          (v) =>
            html`<li class="version">
              <p class="muted">${c.versionReplaced(v.version, when(v.replacedAt))}</p>
              ${renderContent(localize, v)}
            </li>`,
        )}
      </ol>
    </details>
  `;
}

/** Whether and when the presenter acknowledged, with their reply. */
export function renderAcknowledgement(localize: LocalizeController, rec: Recommendation) {
  const c = localize.term.console;
  const ack = rec.acknowledgement;
  if (!ack) return html`<p part="acknowledgement" class="muted">${c.notAcknowledged}</p>`;
  const when = localize.dateTime(ack.at, { dateStyle: 'medium', timeStyle: 'short' });
  return html`
    <div part="acknowledgement" class="ack ${ack.version === rec.version ? 'current' : 'stale'}">
      <p class="ack-line">${c.acknowledgedOn(when, ack.version)}</p>
      ${ack.reply ? html`<p class="reply"><span class="reply-label">${c.reply}:</span> <bdi>${ack.reply}</bdi></p>` : nothing}
    </div>
  `;
}
