import type { EvaluationStatus, EchoError } from '@teleecho/sdk';
import { html, nothing } from 'lit';
import type { PropertyDeclarations, PropertyValues, TemplateResult } from 'lit';
import { EchoErrorEvent } from '../events/echo-error.js';
import { EchoEvaluationSubmittedEvent } from '../events/echo-evaluation-submitted.js';
import { EchoElement } from '../internal/echo-element.js';
import { errorMessage, toEchoError } from '../internal/errors.js';
import { hostStyles } from '../internal/styles.js';
import type { Translation } from '../translations/types.js';
import { evaluationStyles } from './echo-evaluation.styles.js';
import {
  buildResponse,
  choicesOf,
  itemsOf,
  linkIdsOfErrors,
  invalidLinkIds,
  type EvaluationItem,
} from './evaluation-model.js';

type Status = 'unconfigured' | 'loading' | 'none' | 'ready' | 'sending' | 'done' | 'error';

/** Choice items with more options than this render as a drop-down instead of radio buttons. */
const MAX_RADIOS = 7;

/**
 * The programme's post-session evaluation (a FHIR `Questionnaire` kept by the hub) for one session: renders its
 * questions (yes/no, choice, short and long text, numbers, dates, groups), checks required answers, submits the
 * `QuestionnaireResponse` and then shows the person's CME credit for the session. Plain form controls, labelled
 * and keyboard reachable; messages are announced.
 *
 * @summary Post-session CME evaluation, submitted to the hub.
 * @tagname echo-evaluation
 *
 * @event {EchoEvaluationSubmittedEvent} echo-evaluation-submitted - The hub stored the answers; `detail: { sessionId, response, credit }`.
 * @event {EchoErrorEvent} echo-error - Loading or sending failed; `detail: { error }` (an `EchoError`).
 *
 * @csspart base - The root wrapper.
 * @csspart heading - The evaluation's title.
 * @csspart form - The form.
 * @csspart question - One question (a `fieldset` or a label with its control).
 * @csspart control - An input, text area or drop-down.
 * @csspart field-error - The message under a question that needs an answer.
 * @csspart submit-button - The submit button.
 * @csspart message - Loading, thank-you and credit texts.
 * @csspart error - The error box.
 * @csspart retry-button - The retry button.
 *
 * @cssproperty --echo-color-primary - Accent colour: focus ring, submit button.
 * @cssproperty --echo-color-on-primary - Text on the submit button.
 * @cssproperty --echo-color-surface - Background.
 * @cssproperty --echo-color-surface-raised - Background of the controls.
 * @cssproperty --echo-color-text - Text colour.
 * @cssproperty --echo-color-muted - Secondary text.
 * @cssproperty --echo-color-border - Control borders.
 * @cssproperty --echo-color-danger - Error text and borders.
 * @cssproperty --echo-radius - Corner radius.
 * @cssproperty --echo-space - Base spacing unit.
 * @cssproperty --echo-font-family - Font family.
 * @cssproperty --echo-font-size - Base font size.
 */
export class EchoEvaluation extends EchoElement {
  static override tagName = 'echo-evaluation';
  static override styles = [hostStyles, evaluationStyles];

  static override properties: PropertyDeclarations = {
    sessionId: { attribute: 'session-id', reflect: true },
    status: { state: true, attribute: false },
    evaluation: { state: true, attribute: false },
    invalid: { state: true, attribute: false },
    error: { state: true, attribute: false },
    sendError: { state: true, attribute: false },
  };

  /** The session being evaluated. */
  declare sessionId?: string;

  declare private status: Status;
  declare private evaluation?: EvaluationStatus;
  /** linkIds of the questions to mark (required and unanswered, or refused by the hub). */
  declare private invalid: string[];
  declare private error?: EchoError;
  declare private sendError?: string;

  private readonly answers = new Map<string, string>();
  private run = 0;

  constructor() {
    super();
    this.status = 'unconfigured';
    this.invalid = [];
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (!this.hasUpdated || changed.has('client') || changed.has('sessionId')) void this.load();
  }

  /** Loads the evaluation again (what the retry button does). */
  async reload(): Promise<void> {
    await this.load();
  }

  private async load(): Promise<void> {
    const run = ++this.run;
    const client = this.client;
    this.error = undefined;
    this.sendError = undefined;
    this.invalid = [];
    this.answers.clear();
    if (!client || !this.sessionId) {
      this.status = 'unconfigured';
      return;
    }
    this.status = 'loading';
    try {
      const evaluation = await client.cme.evaluation(this.sessionId);
      if (run !== this.run) return;
      this.evaluation = evaluation;
      this.status = evaluation.submitted ? 'done' : 'ready';
    } catch (error) {
      if (run !== this.run) return;
      const e = toEchoError(error);
      if (e.code === 'no_evaluation') {
        this.status = 'none';
        return;
      }
      this.error = e;
      this.status = 'error';
      this.emit(new EchoErrorEvent(e));
    }
  }

  private onInput(event: Event): void {
    const target = event.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
    const linkId = target.dataset.linkId;
    if (!linkId || (target instanceof HTMLInputElement && target.type === 'radio')) return;
    this.answers.set(linkId, target.value);
    if (this.invalid.includes(linkId) && this.evaluation) {
      const stillMissing = invalidLinkIds(this.evaluation.questionnaire, this.answers);
      this.invalid = this.invalid.filter((id) => id !== linkId || stillMissing.includes(id));
    }
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const evaluation = this.evaluation;
    const client = this.client;
    if (!evaluation || !client || this.status === 'sending') return;
    this.sendError = undefined;
    this.invalid = invalidLinkIds(evaluation.questionnaire, this.answers);
    if (this.invalid.length) {
      await this.focusFirstInvalid();
      return;
    }
    this.status = 'sending';
    const run = this.run;
    try {
      const stored = await client.cme.submitEvaluation(
        evaluation.sessionId,
        buildResponse(evaluation.questionnaire, this.answers),
      );
      if (run !== this.run) return;
      this.evaluation = stored;
      this.status = 'done';
      this.emit(
        new EchoEvaluationSubmittedEvent({
          sessionId: stored.sessionId,
          response: stored.response ?? { resourceType: 'QuestionnaireResponse' },
          credit: stored.credit,
        }),
      );
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.done')?.focus();
    } catch (error) {
      if (run !== this.run) return;
      const e = toEchoError(error);
      this.status = e.code === 'evaluation_already_submitted' ? 'loading' : 'ready';
      if (e.code === 'evaluation_already_submitted') return void this.load();
      this.invalid = linkIdsOfErrors(e.problem?.errors);
      this.sendError = this.sendMessage(e);
      this.emit(new EchoErrorEvent(e));
      if (this.invalid.length) await this.focusFirstInvalid();
    }
  }

  private sendMessage(error: EchoError): string {
    const t = this.localize.term;
    if (error.code === 'session_not_started') return t.evaluation.notStarted;
    if (error.code === 'validation_failed') return t.evaluation.fixErrors(Math.max(1, this.invalid.length));
    return t.evaluation.sendFailed(errorMessage(t, error));
  }

  private async focusFirstInvalid(): Promise<void> {
    await this.updateComplete;
    const first = this.invalid[0];
    this.renderRoot.querySelector<HTMLElement>(`[data-link-id="${CSS.escape(first ?? '')}"]`)?.focus();
  }

  protected override render(): TemplateResult {
    return html`
      <div part="base" class="base" dir=${this.localize.dir} lang=${this.localize.lang}>${this.renderBody()}</div>
    `;
  }

  private renderBody(): TemplateResult {
    const t = this.localize.term;
    const te = t.evaluation;
    switch (this.status) {
      case 'unconfigured':
        return html`<p part="error" class="error">${te.notConfigured}</p>`;
      case 'loading':
        return html`<p part="message" class="message" role="status">${te.loading}</p>`;
      case 'none':
        return html`<p part="message" class="message">${te.noEvaluation}</p>`;
      case 'error':
        return html`
          <div part="error" class="error" role="alert">
            <p>${errorMessage(t, this.error)}</p>
            <button part="retry-button" type="button" @click=${() => void this.reload()}>${t.retry}</button>
          </div>
        `;
      case 'done':
        return this.renderDone(t);
      default:
        return this.renderForm(t);
    }
  }

  private renderDone(t: Translation): TemplateResult {
    const te = t.evaluation;
    const e = this.evaluation!;
    const credit = e.credit;
    const when = e.submittedAt
      ? this.localize.dateTime(e.submittedAt, { dateStyle: 'long', timeStyle: 'short' })
      : undefined;
    return html`
      <div class="done" tabindex="-1" role="status">
        <h2 part="heading" class="heading">${this.heading(t)}</h2>
        <p part="message" class="message thanks">${te.thanks}</p>
        ${when ? html`<p part="message" class="message">${te.submittedOn(when)}</p>` : nothing}
        <p part="message" class="message credit ${credit.eligible ? 'eligible' : ''}">
          ${credit.eligible ? te.creditEarned(credit.credits) : te.creditReason(credit.reason ?? 'below_minimum')}
        </p>
      </div>
    `;
  }

  private heading(t: Translation): string {
    const title = this.evaluation?.questionnaire.title;
    return typeof title === 'string' && title ? title : t.evaluation.heading;
  }

  private renderForm(t: Translation): TemplateResult {
    const te = t.evaluation;
    const items = itemsOf(this.evaluation?.questionnaire);
    const sending = this.status === 'sending';
    const summary = this.sendError ?? (this.invalid.length ? te.fixErrors(this.invalid.length) : undefined);
    return html`
      <form
        part="form"
        class="form"
        novalidate
        aria-labelledby="heading"
        @submit=${this.onSubmit}
        @input=${this.onInput}
        @change=${this.onInput}
      >
        <h2 part="heading" class="heading" id="heading">${this.heading(t)}</h2>
        <p class="intro">${te.intro}</p>
        <div class="summary" role="alert">
          ${summary ? html`<p part="error" class="error">${summary}</p>` : nothing}
        </div>
        ${items.map((item) => this.renderItem(t, item))}
        <button part="submit-button" class="submit" type="submit" ?disabled=${sending} aria-busy=${sending}>
          ${sending ? te.submitting : te.submit}
        </button>
      </form>
    `;
  }

  private renderItem(t: Translation, item: EvaluationItem): TemplateResult | typeof nothing {
    const id = `q-${item.linkId}`;
    const label = item.text ?? item.linkId;
    if (item.type === 'display') return html`<p class="display" id=${id}>${label}</p>`;
    if (item.type === 'group') {
      return html`
        <fieldset part="question" class="group">
          <legend>${label}</legend>
          ${(item.item ?? []).map((child) => this.renderItem(t, child))}
        </fieldset>
      `;
    }
    const invalid = this.invalid.includes(item.linkId);
    const errorId = `${id}-error`;
    const marker = item.required
      ? html`<span class="required" aria-hidden="true">*</span
          ><span class="visually-hidden">(${t.evaluation.required})</span>`
      : nothing;
    const message = invalid
      ? html`<p part="field-error" class="field-error" id=${errorId}>
          ${this.answers.get(item.linkId) ? t.evaluation.answerInvalid : t.evaluation.answerRequired}
        </p>`
      : nothing;
    const choices =
      item.type === 'boolean'
        ? [
            { key: 'true', label: t.evaluation.yes },
            { key: 'false', label: t.evaluation.no },
          ]
        : item.type === 'choice' || item.type === 'coding'
          ? choicesOf(item)
          : undefined;
    if (choices && choices.length <= MAX_RADIOS) {
      return html`
        <fieldset
          part="question"
          class="question choices ${invalid ? 'invalid' : ''}"
          role="radiogroup"
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${invalid ? errorId : nothing}
          aria-required=${item.required ? 'true' : 'false'}
        >
          <legend>${label} ${marker}</legend>
          <div class="options">
            ${choices.map(
              (c, index) => html`
                <label class="option">
                  <input
                    type="radio"
                    name=${id}
                    value=${c.key}
                    data-link-id=${index === 0 ? item.linkId : nothing}
                    data-answer-of=${item.linkId}
                    .checked=${this.answers.get(item.linkId) === c.key}
                    @change=${(e: Event) => this.pick(item.linkId, (e.target as HTMLInputElement).value)}
                  />
                  <span>${c.label}</span>
                </label>
              `,
            )}
          </div>
          ${message}
        </fieldset>
      `;
    }
    return html`
      <div part="question" class="question ${invalid ? 'invalid' : ''}">
        <label for=${id}>${label} ${marker}</label>
        ${this.renderControl(t, item, id, invalid ? errorId : undefined, choices)} ${message}
      </div>
    `;
  }

  private pick(linkId: string, value: string): void {
    this.answers.set(linkId, value);
    if (this.invalid.includes(linkId)) this.invalid = this.invalid.filter((id) => id !== linkId);
  }

  private renderControl(
    t: Translation,
    item: EvaluationItem,
    id: string,
    describedBy: string | undefined,
    choices: { key: string; label: string }[] | undefined,
  ): TemplateResult {
    const common = {
      invalid: describedBy ? 'true' : 'false',
      value: this.answers.get(item.linkId) ?? '',
    };
    if (choices) {
      return html`
        <select
          part="control"
          id=${id}
          data-link-id=${item.linkId}
          ?required=${item.required}
          aria-invalid=${common.invalid}
          aria-describedby=${describedBy ?? nothing}
        >
          <option value="">${t.evaluation.choose}</option>
          ${choices.map((c) => html`<option value=${c.key} ?selected=${common.value === c.key}>${c.label}</option>`)}
        </select>
      `;
    }
    if (item.type === 'text') {
      return html`<textarea
        part="control"
        id=${id}
        rows="4"
        data-link-id=${item.linkId}
        ?required=${item.required}
        maxlength=${item.maxLength ?? nothing}
        aria-invalid=${common.invalid}
        aria-describedby=${describedBy ?? nothing}
        .value=${common.value}
      ></textarea>`;
    }
    const type = { integer: 'number', decimal: 'number', date: 'date' }[item.type] ?? 'text';
    return html`<input
      part="control"
      id=${id}
      type=${type}
      step=${item.type === 'decimal' ? 'any' : nothing}
      inputmode=${item.type === 'integer' ? 'numeric' : item.type === 'decimal' ? 'decimal' : nothing}
      data-link-id=${item.linkId}
      ?required=${item.required}
      maxlength=${item.maxLength ?? nothing}
      aria-invalid=${common.invalid}
      aria-describedby=${describedBy ?? nothing}
      .value=${common.value}
    />`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'echo-evaluation': EchoEvaluation;
  }
}
