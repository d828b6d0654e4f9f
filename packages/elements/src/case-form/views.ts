/**
 * The case form's smaller views: step indicator, template picker, send status, load errors and the submitted step.
 * Stateless; the element passes what they show and the callbacks.
 * @internal
 * @packageDocumentation
 */
import type { Case, CaseTemplate, EchoError } from '@teleecho/sdk';
import { html, nothing } from 'lit';
import type { CaseFormCaseStatus, CaseFormTranslation } from '../translations/types.js';
import type { SendState } from './case-sender.js';

/** The steps shown in the indicator. */
export type Step = 'fill' | 'review' | 'submitted';

/** The step indicator, with `aria-current="step"` on the current one. */
export function renderSteps(t: CaseFormTranslation, current: Step) {
  const steps = [
    ['fill', t.stepFill],
    ['review', t.stepReview],
    ['submitted', t.stepSubmitted],
  ] as const;
  return html`<ol part="steps" class="steps" aria-label=${t.steps}>
    ${steps.map(
      ([step, label]) =>
        html`<li
          part=${step === current ? 'step step-current' : 'step'}
          aria-current=${step === current ? 'step' : nothing}
        >
          ${label}
        </li>`,
    )}
  </ol>`;
}

/** The programme's templates to choose from. */
export function renderPicker(t: CaseFormTranslation, templates: CaseTemplate[], choose: (id: string) => void) {
  return html`<section part="picker" class="picker" aria-labelledby="heading">
    <h2 id="heading" tabindex="-1">${t.chooseTemplate}</h2>
    ${
      templates.length
        ? html`<ul class="templates">
            ${templates.map(
              (tpl) =>
                html`<li>
                  <button part="button template-button" type="button" @click=${() => choose(tpl.id)}>
                    <bdi>${tpl.title}</bdi>
                  </button>
                </li>`,
            )}
          </ul>`
        : html`<p part="notice" class="notice">${t.noTemplates}</p>`
    }
  </section>`;
}

/** What the send status says (empty when idle or sent). */
export function sendText(t: CaseFormTranslation, s: SendState): string {
  if (s.status === 'sending') return t.sending;
  if (s.status === 'offline') return t.offline;
  if (s.status === 'retrying') return t.retrying(Math.max(1, Math.round((s.retryAt - Date.now()) / 1000)));
  if (s.status === 'refused') {
    const code = s.error.code as string;
    const reason =
      code === 'phi_detected' || code === 'phi_rejected'
        ? t.phiRejected
        : code === 'invalid_response' || code === 'validation_failed'
          ? t.invalidResponse
          : s.error.message;
    return t.refused(reason);
  }
  return '';
}

/** The send status line of the review step, with "Try now" while waiting. */
export function renderSendStatus(t: CaseFormTranslation, s: SendState, retryNow: () => void) {
  if (s.status === 'idle' || s.status === 'sent') return nothing;
  return html`<p part=${s.status === 'refused' ? 'error' : 'notice'} class="send ${s.status}" data-status=${s.status}>
    ${sendText(t, s)}
    ${
      s.status === 'retrying' || s.status === 'offline'
        ? html`<button part="button" type="button" class="secondary" @click=${retryNow}>${t.retryNow}</button>`
        : nothing
    }
  </p>`;
}

/** Why loading failed, in words. */
export function loadErrorText(t: CaseFormTranslation, error: EchoError | undefined): string {
  const code = error?.code as string | undefined;
  if (code === 'unauthorized' || code === 'token_expired' || code === 'token_invalid') return t.errorUnauthorized;
  if (code === 'forbidden' || code === 'wrong_program') return t.errorForbidden;
  if (code === 'network_error' || code === 'timeout') return t.errorNetwork;
  return t.errorGeneric;
}

/** The submitted step: case id and status. */
export function renderSubmitted(t: CaseFormTranslation, value: Case, startOver: () => void) {
  return html`
    <section part="result" class="result" aria-labelledby="heading">
      <h2 id="heading" tabindex="-1">${t.submitted}</h2>
      <dl>
        <div>
          <dt>${t.caseId}</dt>
          <dd><code data-case-id>${value.id}</code></dd>
        </div>
        <div>
          <dt>${t.caseStatusLabel}</dt>
          <dd data-case-status=${value.status}>${t.caseStatus(value.status as CaseFormCaseStatus)}</dd>
        </div>
      </dl>
      <button part="button" type="button" class="secondary" @click=${startOver}>${t.newCase}</button>
    </section>
  `;
}
