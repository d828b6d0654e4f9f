/**
 * The case form's smaller views: step indicator, template picker, send status, load errors and the submitted step.
 * Stateless; the element passes what they show and the callbacks.
 * @internal
 * @packageDocumentation
 */
import type { Case, CaseTemplate, EchoError } from '@teleecho/sdk';
import { html, nothing } from 'lit';
import { errorMessage } from '../internal/errors.js';
import type { CaseFormCaseStatus, CaseFormRecordSection, CaseFormTranslation } from '../translations/types.js';
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

/** Whether the error ended the SMART launch or session: "Launch again" is the way out, not "Try again". */
export function isSmartFailure(error: EchoError | undefined): boolean {
  return Boolean(error?.relaunch) || String(error?.code ?? '').startsWith('smart_');
}

/** Why loading failed, in words. */
export function loadErrorText(t: CaseFormTranslation, error: EchoError | undefined): string {
  const code = error?.code as string | undefined;
  if (code === 'smart_token_expired') return error?.relaunch?.reason === 'revoked' ? t.smartRevoked : t.smartExpired;
  if (code === 'smart_forbidden') return t.smartForbidden;
  if (isSmartFailure(error)) return t.smartLaunchFailed;
  return errorMessage(t, error);
}

/**
 * The error state: what failed, in words, and the way out — "Launch again" when the SMART launch or session failed
 * (with what to do instead once it had nowhere to go), "Try again" otherwise.
 */
export function renderLoadError(
  t: CaseFormTranslation,
  error: EchoError | undefined,
  actions: {
    retry: () => void;
    relaunch: () => void;
    retryLabel: string;
    relaunchHelp: boolean;
    /** The patient context failed (whatever the code): retrying cannot mend it, a new launch can. */
    relaunchable: boolean;
  },
) {
  const smart = isSmartFailure(error) || actions.relaunchable;
  return html`<div part="error" class="error" role="alert" data-code=${error?.code ?? nothing}>
    <p>${loadErrorText(t, error)}</p>
    ${smart && actions.relaunchHelp ? html`<p class="relaunch-help">${t.relaunchFromChart}</p>` : nothing}
    ${
      smart
        ? html`<button
            part="button primary-button relaunch-button"
            class="primary"
            type="button"
            @click=${actions.relaunch}
          >
            ${t.launchAgain}
          </button>`
        : html`<button part="button" type="button" @click=${actions.retry}>${actions.retryLabel}</button>`
    }
  </div>`;
}

/** The notice over the form when the EHR did not share some sections of the record (nothing was pre-filled there). */
export function renderUnreadNotice(t: CaseFormTranslation, sections: readonly CaseFormRecordSection[], lang: string) {
  if (sections.length === 0) return nothing;
  const list = new Intl.ListFormat(lang, { type: 'conjunction' }).format(sections.map((s) => t.recordSection(s)));
  return html`<p part="notice unread-notice" class="notice unread" data-unread=${sections.join(' ')}>
    ${t.unreadSections(list, sections.length)}
  </p>`;
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
