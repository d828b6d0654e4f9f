import type { Case, CaseTemplate, DeidentificationReport, EchoError, SubmitCaseInput } from '@teleecho/sdk';
import { addRepeat, finalizeResponse, removeRepeat, setAnswers, validateResponse } from '@teleecho/sdk/questionnaire';
import type {
  IdentifyingFinding,
  IdentifyingHints,
  ItemPath,
  PrefillSource,
  Questionnaire,
  QuestionnaireResponse,
  QuestionnaireResponseAnswer,
  ValidationIssue,
} from '@teleecho/sdk/questionnaire';
import { LitElement, html, nothing } from 'lit';
import type { PropertyDeclarations, PropertyValues } from 'lit';
import { EchoCaseSubmittedEvent } from '../events/echo-case-submitted.js';
import { EchoErrorEvent } from '../events/echo-error.js';
import { EchoRelaunchEvent } from '../events/echo-relaunch.js';
import { EchoElement } from '../internal/echo-element.js';
import { hostStyles } from '../internal/styles.js';
import type { CaseFormRecordSection, CaseFormTranslation } from '../translations/types.js';
import { CaseSender } from './case-sender.js';
import type { SendState } from './case-sender.js';
import { byPath, identifyingFindings } from './checks.js';
import { caseFormStore, draftKey, newIdempotencyKey } from './draft-store.js';
import { caseFormStyles } from './echo-case-form.styles.js';
import { asEchoError, settleContext, unreadSectionsOf } from './patient-context.js';
import { prepareCase } from './prepare.js';
import type { CaseFormContext } from './prepare.js';
import { renderItems } from './fields.js';
import type { FieldsContext } from './fields.js';
import { renderReview } from './review.js';
import {
  renderLoadError,
  renderPicker,
  renderSendStatus,
  renderSteps,
  renderSubmitted,
  renderUnreadNotice,
  sendText,
} from './views.js';

type Phase = 'unconfigured' | 'loading' | 'error' | 'pick' | 'fill' | 'review' | 'submitted';

/** Issues about answers the final response drops (to questions hidden by enableWhen, or unknown ones). */
const HIDDEN_CODES = new Set(['enableWhen', 'unknownItem']);

/** Autosave runs this long after the last change (and at once when the page is hidden). */
const AUTOSAVE_MS = 400;

/**
 * Presents a case to a teleECHO hub from a FHIR Questionnaire template: fill in (pre-filled from the de-identified
 * patient record, each pre-filled field showing its source) → review (exactly the payload that will leave and the
 * de-identification report) → submitted (case id and status). Free text that looks identifying is flagged in place
 * and blocks review until fixed or confirmed. Drafts autosave to IndexedDB; a submission carries one
 * `Idempotency-Key` per draft, waits in an outbox while offline and is retried after network failures, so it
 * creates exactly one case. Form-associated: its form value is the QuestionnaireResponse JSON.
 *
 * Given the context as a promise (a SMART launch and `fetchCaseContext()` still running), it waits for it; when the
 * launch or the context fails it shows why (session expired, access withdrawn, access not granted, launch failed) with
 * "Launch again" rather than a blank form. Sections the EHR did not share are named in a notice over the form.
 *
 * @summary Case submission from a FHIR Questionnaire, pre-filled from de-identified EHR data.
 * @tagname echo-case-form
 *
 * @event {EchoCaseSubmittedEvent} echo-case-submitted - The hub stored the case; `detail: { caseId, case }`.
 * @event {EchoErrorEvent} echo-error - Loading failed, or the hub refused the case; `detail: { error }`.
 * @event {EchoRelaunchEvent} echo-relaunch - "Launch again" was pressed; `detail: { error, url? }`. Cancel it to
 *   relaunch your way; otherwise the window goes to `url` (the SDK's relaunch hint).
 *
 * @csspart base - The root wrapper.
 * @csspart steps - The step indicator (`<ol>`); `step` each step, `step-current` the current one.
 * @csspart picker - The template picker; `template-button` each template.
 * @csspart form - The `<form>` of the fill-in step.
 * @csspart group - A group of questions (`<fieldset>`); `legend` its title.
 * @csspart field - One question with its label, control and messages; `label` its label.
 * @csspart control - Every input, textarea and select (also `input`, `textarea`, `select`, `radio`, `checkbox`).
 * @csspart source - "From the de-identified record: …" under a pre-filled field.
 * @csspart field-error - A validation message under a field.
 * @csspart phi-warning - The warning under identifying-looking free text; `phi-confirm` its checkbox.
 * @csspart display - Display text of the template.
 * @csspart notice - Notes (draft restored, pre-filled count, send status); `error` error boxes.
 * @csspart unread-notice - The note naming the record sections the EHR did not share.
 * @csspart relaunch-button - "Launch again" in the error state after a SMART failure.
 * @csspart review - The review step; `payload` the JSON payload; `deid-report` the de-identification report.
 * @csspart result - The submitted step (case id and status).
 * @csspart button - Every button (also `primary-button`, `add-button`, `remove-button`).
 *
 * @cssproperty --echo-color-primary - Accent: primary buttons, current step, focus ring.
 * @cssproperty --echo-color-on-primary - Text on primary buttons.
 * @cssproperty --echo-color-surface - Background.
 * @cssproperty --echo-color-surface-raised - Groups, payload and notes.
 * @cssproperty --echo-color-text - Text colour.
 * @cssproperty --echo-color-muted - Help text and sources.
 * @cssproperty --echo-color-border - Borders of controls and groups.
 * @cssproperty --echo-color-danger - Validation messages and errors.
 * @cssproperty --echo-color-warning - Identifying-text warnings.
 * @cssproperty --echo-radius - Corner radius.
 * @cssproperty --echo-space - Base spacing unit.
 * @cssproperty --echo-font-family - Font family.
 * @cssproperty --echo-font-size - Base font size (default: the viewer's preferred size).
 */
export class EchoCaseForm extends EchoElement {
  static override tagName = 'echo-case-form';
  /** Shared host styles, then the case form's own. */
  static override styles = [hostStyles, caseFormStyles];
  /** Focus moves into the form (first control) when the host is focused. */
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  /** Takes part in `<form>`s: its value is the QuestionnaireResponse JSON, its validity the form's. */
  static formAssociated = true;

  static override properties: PropertyDeclarations = {
    programId: { attribute: 'program-id', reflect: true },
    templateId: { attribute: 'template-id', reflect: true },
    name: { reflect: true },
    context: { attribute: false },
    phase: { state: true, attribute: false },
    sendState: { state: true, attribute: false },
    response: { state: true, attribute: false },
    confirmed: { state: true, attribute: false },
    showIssues: { state: true, attribute: false },
    relaunchHelp: { state: true, attribute: false },
  };

  /** The programme; default: the token's (`prg` claim). */
  declare programId?: string;
  /** The case template; without it the element offers the programme's templates to choose from. */
  declare templateId?: string;
  /** Name under which a surrounding `<form>` submits the QuestionnaireResponse JSON. */
  declare name?: string;
  /**
   * The ORIGINAL (identified) patient context — `fetchCaseContext()`'s result, an array of resources or a Bundle —
   * or nothing for population-health cases. The element de-identifies it with the programme's policy before
   * anything is shown or sent; identifiers from it are used only in the browser, to flag identifying free text.
   * May be a promise (e.g. `completeSmartLaunch().then(fetchCaseContext)`): the element waits for it, and shows the
   * failure with "Launch again" when it rejects. `unreadSections` on it are named in a notice over the form.
   */
  declare context?: CaseFormContext | Promise<CaseFormContext>;

  declare private phase: Phase;
  declare private sendState: SendState;
  declare private response?: QuestionnaireResponse;
  declare private confirmed: Map<string, string>;
  declare private showIssues: boolean;
  /** "Launch again" was pressed with nowhere to go: the error state says what to do instead. */
  declare private relaunchHelp: boolean;

  private readonly internals: ElementInternals;
  private readonly store = caseFormStore();
  private readonly sender = new CaseSender(this.store, (state) => this.onSendState(state));
  private run = 0;
  private error?: EchoError;
  private templates: CaseTemplate[] = [];
  private chosenTemplateId?: string;
  private template?: CaseTemplate;
  private questionnaire?: Questionnaire;
  private sources = new Map<string, PrefillSource>();
  private prefilled?: QuestionnaireResponse;
  private report: DeidentificationReport = { policy: 'safe-harbor', changes: [] };
  private hadContext = false;
  private unread: CaseFormRecordSection[] = [];
  /** The error came from the patient context (the host's launch or FHIR read): only a new launch can mend it. */
  private contextFailed = false;
  private hints?: IdentifyingHints;
  private key = '';
  private idempotencyKey = '';
  private restoredAt?: number;
  private dirty = false;
  private saveTimer?: ReturnType<typeof setTimeout>;
  private payload?: SubmitCaseInput;
  private submittedCase?: Case;
  private issues: ValidationIssue[] = [];
  private blocking: ValidationIssue[] = [];
  private findings = new Map<string, { findings: IdentifyingFinding[]; signature: string }>();
  private readonly onHide = () => {
    if (document.visibilityState === 'hidden') void this.saveDraft();
  };
  private readonly onPageHide = () => void this.saveDraft();

  constructor() {
    super();
    this.internals = this.attachInternals();
    this.phase = 'unconfigured';
    this.sendState = { status: 'idle' };
    this.confirmed = new Map();
    this.showIssues = false;
    this.relaunchHelp = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pagehide', this.onPageHide);
    document.addEventListener('visibilitychange', this.onHide);
    if (this.hasUpdated) void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this.onPageHide);
    document.removeEventListener('visibilitychange', this.onHide);
    void this.saveDraft();
    this.sender.dispose();
    this.run++;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const inputs = ['client', 'clientError', 'programId', 'templateId', 'context'];
    if (this.isConnected && (!this.hasUpdated || inputs.some((k) => changed.has(k)))) void this.load();
    const answers = ['response', 'confirmed', 'showIssues'];
    if (answers.some((k) => changed.has(k)) && this.questionnaire && this.response) this.check();
  }

  protected override updated(): void {
    this.syncForm();
  }

  /** The QuestionnaireResponse as it stands (in progress); `undefined` before the template loaded. */
  get value(): QuestionnaireResponse | undefined {
    return this.response;
  }

  /** Form-associated: the `<form>` this element belongs to. */
  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  /** Whether the case could go to review now (required answers, limits, confirmed identifier warnings). */
  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  /** Like `checkValidity()`, and shows the messages and focuses the first field to fix. */
  reportValidity(): boolean {
    this.showIssues = true;
    void this.updateComplete.then(() => this.focusFirstProblem());
    return this.internals.checkValidity();
  }

  /** A surrounding form was reset: the draft is discarded and the pre-filled answers come back. */
  formResetCallback(): void {
    void this.discardDraft();
  }

  private get resolvedProgramId(): string | undefined {
    return this.programId || this.client?.getClaims()?.prg;
  }

  /** (Re)loads template, programme policy, de-identified context, pre-fill, draft and outbox. */
  private async load(): Promise<void> {
    const run = ++this.run;
    this.sender.dispose();
    this.relaunchHelp = false;
    // The patient context may still be arriving (a SMART launch, then the FHIR reads): waited for beside the hub.
    const patient = settleContext(this.context);
    const client = this.client;
    if (!client) {
      this.phase = 'unconfigured';
      // A launch that failed says so even before the hub is set up.
      const { error } = await patient;
      if (run === this.run && error) this.fail(error, true);
      return;
    }
    this.phase = 'loading';
    try {
      // With getToken and no program-id, the programme is the token's: make the client fetch one first.
      if (!this.resolvedProgramId) await client.programs.list({ limit: 1 });
      if (run !== this.run) return;
      const programId = this.resolvedProgramId;
      if (!programId) {
        this.phase = 'unconfigured';
        return;
      }
      const templateId = this.templateId || this.chosenTemplateId;
      if (!templateId) {
        const [page, record] = await Promise.all([client.templates.list(programId), patient]);
        if (run !== this.run) return;
        if (record.error) throw record.error;
        this.templates = page.items;
        this.phase = 'pick';
        return;
      }
      const userId = client.getClaims()?.sub ?? 'anonymous';
      const key = draftKey({ hubUrl: client.hubUrl, programId, templateId, userId });
      // The saved draft and outbox are read while the template, policy and patient context are fetched.
      const [template, program, queued, draft, record] = await Promise.all([
        client.templates.get(programId, templateId),
        client.programs.get(programId),
        this.store.getQueued(key),
        this.store.getDraft(key),
        patient,
      ]);
      if (run !== this.run) return;
      if (record.error) throw record.error;
      const prepared = await prepareCase(template, program, record.context);
      if (run !== this.run) return;
      this.unread = prepared.hadContext ? unreadSectionsOf(record.context) : [];
      Object.assign(this, {
        ...prepared,
        prefilled: prepared.response,
        confirmed: new Map(),
        showIssues: false,
        payload: undefined,
        submittedCase: undefined,
        sendState: { status: 'idle' },
      });
      this.key = key;
      this.idempotencyKey = draft?.idempotencyKey ?? newIdempotencyKey();
      this.restoredAt = draft?.savedAt;
      if (draft) {
        this.response = draft.response as QuestionnaireResponse;
        this.confirmed = new Map(draft.confirmed.map((c) => c.split('\u0000') as [string, string]));
      }
      if (queued) {
        this.payload = queued.input;
        this.idempotencyKey = queued.idempotencyKey;
        this.phase = 'review';
        void this.sender.resume(client, this.key);
      } else {
        this.phase = 'fill';
      }
    } catch (error) {
      if (run !== this.run) return;
      // A failed launch or context says what to do (launch again): it wins over what it made fail.
      const { error: launchError } = await patient;
      if (run === this.run) this.fail(launchError ?? asEchoError(error), Boolean(launchError));
    }
  }

  private fail(error: EchoError, fromContext: boolean): void {
    this.error = error;
    this.contextFailed = fromContext;
    this.phase = 'error';
    this.emit(new EchoErrorEvent(error));
  }

  /** "Launch again": the host may relaunch its way (cancel the event); otherwise go to the relaunch URL. */
  private relaunch(): void {
    const error = this.error;
    if (!error) return;
    const event = new EchoRelaunchEvent(error);
    if (!this.emit(event)) return;
    if (event.detail.url) window.location.assign(event.detail.url);
    else this.relaunchHelp = true;
  }

  /** Recomputes validation issues and identifying-text findings for the current answers. */
  private check(): void {
    const q = this.questionnaire as Questionnaire;
    const response = this.response as QuestionnaireResponse;
    // One validation per change. Answers to questions hidden by enableWhen are dropped by finalizeResponse: nothing
    // to fix there; and a required group's message would repeat its required question's.
    const all = validateResponse(q, response, { mode: 'submit' }).filter((i) => !HIDDEN_CODES.has(i.code));
    this.blocking = all.filter((i) => !(i.code === 'required' && all.some((o) => o.path.startsWith(`${i.path}/`))));
    // Before the first "Review", only what the presenter typed is checked (no "required" yet).
    this.issues = this.showIssues ? this.blocking : this.blocking.filter((i) => i.code !== 'required');
    this.findings = identifyingFindings(q, response, this.hints);
  }

  private get unconfirmed(): string[] {
    return [...this.findings].filter(([key, f]) => this.confirmed.get(key) !== f.signature).map(([key]) => key);
  }

  private syncForm(): void {
    const value = this.phase === 'fill' || this.phase === 'review' ? this.response : undefined;
    this.internals.setFormValue(value ? JSON.stringify(value) : null);
    if (!this.questionnaire || !this.response || this.phase !== 'fill') {
      this.internals.setValidity({});
      return;
    }
    const problems = new Set(this.blocking.map((i) => i.path)).size + this.unconfirmed.length;
    const anchor = this.renderRoot.querySelector<HTMLElement>('[part~="control"]') ?? undefined;
    if (problems) this.internals.setValidity({ customError: true }, this.t.issuesSummary(problems), anchor);
    else this.internals.setValidity({});
  }

  private get t(): CaseFormTranslation {
    return this.localize.term.caseForm;
  }

  private change(next: QuestionnaireResponse): void {
    this.response = next;
    this.dirty = true;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.saveDraft(), AUTOSAVE_MS);
  }

  /** Saves the draft now, if the presenter changed anything since the last save. */
  private async saveDraft(): Promise<void> {
    clearTimeout(this.saveTimer);
    if (!this.dirty || !this.key || !this.response) return;
    this.dirty = false;
    await this.store.putDraft({
      key: this.key,
      response: this.response,
      idempotencyKey: this.idempotencyKey,
      confirmed: [...this.confirmed].map(([k, sig]) => `${k}\u0000${sig}`),
      ...(this.template && { templateVersion: this.template.version }),
      savedAt: Date.now(),
    });
  }

  /** Discards the saved draft and starts again from the pre-filled answers. */
  async discardDraft(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.dirty = false;
    if (this.key) await this.store.deleteDraft(this.key);
    this.restoredAt = undefined;
    this.response = this.prefilled;
    this.confirmed = new Map();
    this.idempotencyKey = newIdempotencyKey();
    this.showIssues = false;
  }

  private readonly fields: Omit<
    FieldsContext,
    't' | 'questionnaire' | 'response' | 'issues' | 'sources' | 'findings' | 'confirmed'
  > = {
    setAnswers: (path: ItemPath, answers: QuestionnaireResponseAnswer[]) =>
      this.change(setAnswers(this.response as QuestionnaireResponse, path, answers)),
    addRepeat: (path: ItemPath) => {
      this.change(addRepeat(this.questionnaire as Questionnaire, this.response as QuestionnaireResponse, path));
    },
    removeRepeat: (path: ItemPath) => this.change(removeRepeat(this.response as QuestionnaireResponse, path)),
    confirm: (key: string, confirmed: boolean) => {
      const next = new Map(this.confirmed);
      const signature = this.findings.get(key)?.signature;
      if (confirmed && signature) next.set(key, signature);
      else next.delete(key);
      this.confirmed = next;
      this.dirty = true;
      void this.saveDraft();
    },
  };

  /** Fill → review: blocked (with messages and focus on the first problem) until the answers are complete. */
  private async toReview(event: Event): Promise<void> {
    event.preventDefault();
    const q = this.questionnaire as Questionnaire;
    this.showIssues = true;
    this.check();
    await this.updateComplete;
    if (this.issues.length || this.unconfirmed.length) {
      this.focusFirstProblem();
      return;
    }
    await this.saveDraft();
    this.payload = {
      programId: this.resolvedProgramId as string,
      templateId: (this.template as CaseTemplate).id,
      response: finalizeResponse(q, this.response as QuestionnaireResponse),
      deidentification: this.report,
    };
    this.phase = 'review';
    this.sendState = { status: 'idle' };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#heading')?.focus();
  }

  private focusFirstProblem(): void {
    const field = this.renderRoot.querySelector<HTMLElement>(
      '.field.invalid, .group.invalid, .field:has(.phi:not(.confirmed))',
    );
    const target =
      field?.querySelector<HTMLElement>('.phi:not(.confirmed) input') ??
      field?.querySelector<HTMLElement>('[part~="control"]');
    target?.focus();
  }

  private async submit(): Promise<void> {
    if (!this.payload || !this.client) return;
    await this.sender.send(this.client, {
      key: this.key,
      hubUrl: this.client.hubUrl,
      idempotencyKey: this.idempotencyKey,
      input: this.payload,
      queuedAt: Date.now(),
    });
  }

  private onSendState(state: SendState): void {
    this.sendState = state;
    if (state.status === 'sent') {
      this.submittedCase = state.case;
      this.phase = 'submitted';
      this.dirty = false;
      void this.store.deleteDraft(this.key);
      this.emit(new EchoCaseSubmittedEvent(state.case));
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#heading')?.focus());
    } else if (state.status === 'refused') {
      // Nothing was created: the next attempt (after fixing) is a new request with a new key.
      this.idempotencyKey = newIdempotencyKey();
      this.dirty = true;
      void this.saveDraft();
      this.emit(new EchoErrorEvent(state.error));
    }
  }

  private startOver(): void {
    this.restoredAt = undefined;
    if (!this.templateId) this.chosenTemplateId = undefined;
    void this.load();
  }

  protected override render() {
    const t = this.t;
    const step =
      this.phase === 'fill' || this.phase === 'review' || this.phase === 'submitted' ? this.phase : undefined;
    return html`
      <div part="base" class="base" dir=${this.localize.dir} lang=${this.localize.lang}>
        ${step ? renderSteps(t, step) : nothing} ${this.renderBody(t)}
        <div class="visually-hidden" role="status">${this.liveText(t)}</div>
      </div>
    `;
  }

  private liveText(t: CaseFormTranslation): string {
    if (this.phase === 'fill' && this.showIssues) {
      const count = new Set(this.issues.map((i) => i.path)).size + this.unconfirmed.length;
      return count ? t.issuesSummary(count) : '';
    }
    return this.phase === 'review' ? sendText(t, this.sendState) : '';
  }

  private renderBody(t: CaseFormTranslation) {
    switch (this.phase) {
      case 'unconfigured':
        return html`<p part="error" class="error">${t.notConfigured}</p>`;
      case 'loading':
        return html`<p part="notice" class="notice">${t.loading}</p>`;
      case 'error':
        return renderLoadError(t, this.error, {
          retry: () => void this.load(),
          relaunch: () => this.relaunch(),
          retryLabel: this.localize.term.retry,
          relaunchHelp: this.relaunchHelp,
          relaunchable: this.contextFailed,
        });
      case 'pick':
        return renderPicker(t, this.templates, (id) => {
          this.chosenTemplateId = id;
          void this.load();
        });
      case 'fill':
        return this.renderFill(t);
      case 'review':
        return this.renderReviewStep(t);
      case 'submitted':
        return renderSubmitted(t, this.submittedCase as Case, () => this.startOver());
    }
  }

  private renderFill(t: CaseFormTranslation) {
    const q = this.questionnaire as Questionnaire;
    const issues = byPath(this.issues);
    const blocked = this.showIssues ? issues.size + this.unconfirmed.length : 0;
    const ctx: FieldsContext = {
      ...this.fields,
      t,
      questionnaire: q,
      response: this.response as QuestionnaireResponse,
      issues,
      sources: this.sources,
      findings: new Map([...this.findings].map(([k, f]) => [k, f.findings])),
      confirmed: new Set(
        [...this.confirmed].filter(([k, sig]) => this.findings.get(k)?.signature === sig).map(([k]) => k),
      ),
    };
    const savedAt = this.restoredAt
      ? this.localize.dateTime(new Date(this.restoredAt), { dateStyle: 'medium', timeStyle: 'short' })
      : '';
    return html`
      <h2 id="heading" tabindex="-1"><bdi>${q.title ?? this.template?.title ?? ''}</bdi></h2>
      ${
        savedAt
          ? html`<div part="notice" class="notice draft">
              <p>${t.draftRestored(savedAt)}</p>
              <button part="button" type="button" class="secondary" @click=${() => void this.discardDraft()}>
                ${t.discardDraft}
              </button>
            </div>`
          : nothing
      }
      ${renderUnreadNotice(t, this.unread, this.localize.lang)}
      ${this.sources.size ? html`<p part="notice" class="notice">${t.prefilledCount(this.sources.size)}</p>` : nothing}
      ${this.store.persistent ? nothing : html`<p part="notice" class="notice">${t.draftNotPersistent}</p>`}
      ${
        this.sendState.status === 'refused'
          ? html`<p part="error" class="error" role="alert">${sendText(t, this.sendState)}</p>`
          : nothing
      }
      <p class="legend">${t.requiredLegend}</p>
      <form part="form" novalidate @submit=${(e: Event) => void this.toReview(e)}>
        ${blocked ? html`<p part="error" class="error">${t.issuesSummary(blocked)}</p>` : nothing}
        ${renderItems(ctx, q.item, [])}
        <div class="actions">
          <button part="button primary-button" class="primary" type="submit">${t.review}</button>
        </div>
      </form>
    `;
  }

  private renderReviewStep(t: CaseFormTranslation) {
    const payload = this.payload as SubmitCaseInput;
    const s = this.sendState.status;
    const busy = s === 'sending' || s === 'offline' || s === 'retrying';
    return html`
      <h2 id="heading" tabindex="-1">${t.stepReview}</h2>
      ${renderReview({
        t,
        response: payload.response as QuestionnaireResponse,
        report: payload.deidentification,
        hadContext: this.hadContext || payload.deidentification.changes.length > 0,
        number: (n: number) => new Intl.NumberFormat(this.localize.lang).format(n),
      })}
      ${renderSendStatus(t, this.sendState, () => this.sender.retryNow())}
      <div class="actions">
        <button part="button" type="button" class="secondary" ?disabled=${busy} @click=${() => this.backToFill()}>
          ${t.back}
        </button>
        <button
          part="button primary-button"
          type="button"
          class="primary"
          ?disabled=${busy}
          @click=${() => void this.submit()}
        >
          ${t.submit}
        </button>
      </div>
    `;
  }

  private backToFill(): void {
    this.phase = 'fill';
    this.payload = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#heading')?.focus());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'echo-case-form': EchoCaseForm;
  }
}
