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
import { toEchoError } from '../internal/errors.js';
import {
  getFormValidity,
  getFormValue,
  mixinFormControl,
  type FormValidity,
  type FormValue,
} from '../internal/form-control.js';
import { hostStyles } from '../internal/styles.js';
import type { CaseFormRecordSection, CaseFormTranslation } from '../translations/types.js';
import { CaseSender } from './case-sender.js';
import type { SendState } from './case-sender.js';
import { byPath, identifyingFindings } from './checks.js';
import { caseFormStore, draftKey, newIdempotencyKey } from './draft-store.js';
import { caseFormStyles } from './echo-case-form.styles.js';
import { settleContext, unreadSectionsOf } from './patient-context.js';
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

/** What the form started from for one template; fixed while the presenter fills it in. */
interface Loaded {
  programId: string;
  template: CaseTemplate;
  questionnaire: Questionnaire;
  /** The pre-filled response (what a reset or "discard draft" goes back to). */
  prefilled: QuestionnaireResponse;
  /** Pre-fill provenance by path key. */
  sources: Map<string, PrefillSource>;
  report: DeidentificationReport;
  hadContext: boolean;
  /** The patient's identifiers from the original record (in memory only), for the free-text check. */
  hints: IdentifyingHints | undefined;
  /** Record sections the EHR did not share. */
  unread: CaseFormRecordSection[];
  /** {@link draftKey} of this draft. */
  key: string;
}

/** The answers as they stand, and the identifier warnings confirmed (path key → finding signature). */
interface Answers {
  response: QuestionnaireResponse;
  confirmed: Map<string, string>;
}

/** What the form shows: one state per phase, with exactly what that phase has. */
type CaseFormState =
  | { phase: 'unconfigured' }
  | { phase: 'loading' }
  | {
      phase: 'error';
      error: EchoError;
      /** The error came from the patient context (the host's launch or FHIR read): only a new launch mends it. */
      fromContext: boolean;
      /** "Launch again" was pressed with nowhere to go: the error state says what to do instead. */
      relaunchHelp: boolean;
    }
  | { phase: 'pick'; templates: CaseTemplate[] }
  | { phase: 'fill'; loaded: Loaded; answers: Answers }
  | { phase: 'review'; loaded: Loaded; answers: Answers; payload: SubmitCaseInput }
  | { phase: 'submitted'; loaded: Loaded; answers: Answers; submitted: Case };

/** The phases with a template loaded and answers. */
type Filled = Extract<CaseFormState, { loaded: Loaded }>;

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
 * creates exactly one case. Form-associated like a native control: its form value is the QuestionnaireResponse JSON,
 * its validity that of the required answers (`validity`, `validationMessage`, `checkValidity()`,
 * `reportValidity()`); `disabled` — or a disabled `<fieldset>` around it — disables its controls and keeps it out of
 * the form; a form reset brings the pre-filled answers back, and answers the browser restores (back/forward) return.
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
export class EchoCaseForm extends mixinFormControl(EchoElement) {
  static override tagName = 'echo-case-form';
  /** Shared host styles, then the case form's own. */
  static override styles = [hostStyles, caseFormStyles];
  /** Focus moves into the form (first control) when the host is focused. */
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override properties: PropertyDeclarations = {
    programId: { attribute: 'program-id', reflect: true },
    templateId: { attribute: 'template-id', reflect: true },
    context: { attribute: false },
    state: { state: true, attribute: false },
    sendState: { state: true, attribute: false },
    showIssues: { state: true, attribute: false },
  };

  /** The programme; default: the token's (`prg` claim). */
  declare programId?: string;
  /** The case template; without it the element offers the programme's templates to choose from. */
  declare templateId?: string;
  /**
   * The ORIGINAL (identified) patient context — `fetchCaseContext()`'s result, an array of resources or a Bundle —
   * or nothing for population-health cases. The element de-identifies it with the programme's policy before
   * anything is shown or sent; identifiers from it are used only in the browser, to flag identifying free text.
   * May be a promise (e.g. `completeSmartLaunch().then(fetchCaseContext)`): the element waits for it, and shows the
   * failure with "Launch again" when it rejects. `unreadSections` on it are named in a notice over the form.
   */
  declare context?: CaseFormContext | Promise<CaseFormContext>;

  declare private state: CaseFormState;
  declare private sendState: SendState;
  /** Whether "required" messages show (after the first "Review", or `reportValidity()`). */
  declare private showIssues: boolean;

  private readonly store = caseFormStore();
  private readonly sender = new CaseSender(this.store, (state) => this.onSendState(state));
  private run = 0;
  private chosenTemplateId?: string;
  private idempotencyKey = '';
  private restoredAt?: number;
  /** A response the browser gave back (`formStateRestoreCallback`) before the template had loaded. */
  private restoredState?: QuestionnaireResponse;
  private dirty = false;
  private saveTimer?: ReturnType<typeof setTimeout>;
  private issues: ValidationIssue[] = [];
  private blocking: ValidationIssue[] = [];
  private findings = new Map<string, { findings: IdentifyingFinding[]; signature: string }>();
  private readonly onHide = () => {
    if (document.visibilityState === 'hidden') void this.saveDraft();
  };
  private readonly onPageHide = () => void this.saveDraft();

  constructor() {
    super();
    this.state = { phase: 'unconfigured' };
    this.sendState = { status: 'idle' };
    this.showIssues = false;
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
    const filled = this.filled;
    if ((changed.has('state') || changed.has('showIssues')) && filled) this.check(filled);
  }

  /** The QuestionnaireResponse as it stands (in progress); `undefined` before the template loaded. */
  get value(): QuestionnaireResponse | undefined {
    return this.filled?.answers.response;
  }

  /** Like `checkValidity()`, and shows the messages and focuses the first field to fix. */
  override reportValidity(): boolean {
    this.showIssues = true;
    void this.updateComplete.then(() => this.focusFirstProblem());
    return this.checkValidity();
  }

  /** A surrounding form was reset: the draft is discarded and the pre-filled answers come back. */
  override formResetCallback(): void {
    void this.discardDraft();
  }

  /**
   * The browser gives back the answers it kept for this form (back/forward navigation, a restored session): they
   * replace the pre-filled ones once the template has loaded, if they belong to it.
   */
  override formStateRestoreCallback(state: FormValue, _reason?: 'restore' | 'autocomplete'): void {
    if (typeof state !== 'string') return;
    let restored: unknown;
    try {
      restored = JSON.parse(state);
    } catch {
      return;
    }
    if (!isResponse(restored)) return;
    this.restoredState = restored;
    this.applyRestoredState();
  }

  /**
   * The answers as the form submits them (while filling in and on review): the QuestionnaireResponse JSON.
   * @internal
   */
  override [getFormValue](): FormValue {
    const state = this.state;
    return state.phase === 'fill' || state.phase === 'review' ? JSON.stringify(state.answers.response) : null;
  }

  /**
   * Invalid while filling in with a required answer missing (`valueMissing`) or another problem — a limit, an
   * identifier warning not yet confirmed (`customError`); the message counts the fields to fix.
   * @internal
   */
  override [getFormValidity](): FormValidity {
    if (this.state.phase !== 'fill') return { flags: {} };
    const paths = new Set(this.blocking.map((i) => i.path));
    const problems = paths.size + this.unconfirmed.length;
    if (!problems) return { flags: {} };
    const missing = this.blocking.some((i) => i.code === 'required');
    const other = this.unconfirmed.length > 0 || this.blocking.some((i) => i.code !== 'required');
    const anchor = this.renderRoot.querySelector<HTMLElement>('[part~="control"]') ?? undefined;
    return {
      flags: { ...(missing && { valueMissing: true }), ...(other && { customError: true }) },
      message: this.t.issuesSummary(problems),
      ...(anchor && { anchor }),
    };
  }

  /** The state while a template is loaded (filling in, review, submitted). */
  private get filled(): Filled | undefined {
    const state = this.state;
    return state.phase === 'fill' || state.phase === 'review' || state.phase === 'submitted' ? state : undefined;
  }

  private get resolvedProgramId(): string | undefined {
    return this.programId || this.client?.getClaims()?.prg;
  }

  /** (Re)loads template, programme policy, de-identified context, pre-fill, draft and outbox. */
  private async load(): Promise<void> {
    const run = ++this.run;
    this.sender.dispose();
    // The patient context may still be arriving (a SMART launch, then the FHIR reads): waited for beside the hub.
    const patient = settleContext(this.context);
    const client = this.client;
    if (!client) {
      this.state = { phase: 'unconfigured' };
      // A launch that failed says so even before the hub is set up.
      const { error } = await patient;
      if (run === this.run && error) this.fail(error, true);
      return;
    }
    this.state = { phase: 'loading' };
    try {
      // With getToken and no program-id, the programme is the token's: make the client fetch one first.
      if (!this.resolvedProgramId) await client.programs.list({ limit: 1 });
      if (run !== this.run) return;
      const programId = this.resolvedProgramId;
      if (!programId) {
        this.state = { phase: 'unconfigured' };
        return;
      }
      const templateId = this.templateId || this.chosenTemplateId;
      if (!templateId) {
        const [page, record] = await Promise.all([client.templates.list(programId), patient]);
        if (run !== this.run) return;
        if (record.error) throw record.error;
        this.state = { phase: 'pick', templates: page.items };
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
      const loaded: Loaded = {
        programId,
        template: prepared.template,
        questionnaire: prepared.questionnaire,
        prefilled: prepared.response,
        sources: prepared.sources,
        report: prepared.report,
        hadContext: prepared.hadContext,
        hints: prepared.hints,
        unread: prepared.hadContext ? unreadSectionsOf(record.context) : [],
        key,
      };
      const saved = draft && isResponse(draft.response) ? draft.response : undefined;
      const answers: Answers = saved
        ? { response: saved, confirmed: new Map(draft?.confirmed.map(splitConfirmed)) }
        : { response: prepared.response, confirmed: new Map() };
      this.showIssues = false;
      this.sendState = { status: 'idle' };
      this.idempotencyKey = draft?.idempotencyKey ?? newIdempotencyKey();
      this.restoredAt = saved && draft?.savedAt;
      if (queued) {
        this.idempotencyKey = queued.idempotencyKey;
        this.state = { phase: 'review', loaded, answers, payload: queued.input };
        void this.sender.resume(client, key);
      } else {
        this.state = { phase: 'fill', loaded, answers };
        this.applyRestoredState();
      }
    } catch (error) {
      if (run !== this.run) return;
      // A failed launch or context says what to do (launch again): it wins over what it made fail.
      const { error: launchError } = await patient;
      if (run === this.run) this.fail(launchError ?? toEchoError(error), Boolean(launchError));
    }
  }

  private fail(error: EchoError, fromContext: boolean): void {
    this.state = { phase: 'error', error, fromContext, relaunchHelp: false };
    this.emit(new EchoErrorEvent(error));
  }

  /** Puts the answers the browser gave back in place of the loaded ones, when they belong to this template. */
  private applyRestoredState(): void {
    const restored = this.restoredState;
    const state = this.state;
    if (!restored || state.phase !== 'fill') return;
    this.restoredState = undefined;
    if (restored.questionnaire !== state.loaded.prefilled.questionnaire) return;
    this.change(restored);
  }

  /** "Launch again": the host may relaunch its way (cancel the event); otherwise go to the relaunch URL. */
  private relaunch(): void {
    const state = this.state;
    if (state.phase !== 'error') return;
    const event = new EchoRelaunchEvent(state.error);
    if (!this.emit(event)) return;
    if (event.detail.url) window.location.assign(event.detail.url);
    else this.state = { ...state, relaunchHelp: true };
  }

  /** Recomputes validation issues and identifying-text findings for the current answers. */
  private check({ loaded, answers }: Filled): void {
    const q = loaded.questionnaire;
    // One validation per change. Answers to questions hidden by enableWhen are dropped by finalizeResponse: nothing
    // to fix there; and a required group's message would repeat its required question's.
    const all = validateResponse(q, answers.response, { mode: 'submit' }).filter((i) => !HIDDEN_CODES.has(i.code));
    this.blocking = all.filter((i) => !(i.code === 'required' && all.some((o) => o.path.startsWith(`${i.path}/`))));
    // Before the first "Review", only what the presenter typed is checked (no "required" yet).
    this.issues = this.showIssues ? this.blocking : this.blocking.filter((i) => i.code !== 'required');
    this.findings = identifyingFindings(q, answers.response, loaded.hints);
  }

  private get unconfirmed(): string[] {
    const confirmed = this.filled?.answers.confirmed;
    return [...this.findings].filter(([key, f]) => confirmed?.get(key) !== f.signature).map(([key]) => key);
  }

  private get t(): CaseFormTranslation {
    return this.localize.term.caseForm;
  }

  /** New answers while filling in: shown at once, saved as a draft shortly after. */
  private change(response: QuestionnaireResponse, confirmed?: Map<string, string>): void {
    const state = this.state;
    if (state.phase !== 'fill') return;
    this.state = { ...state, answers: { response, confirmed: confirmed ?? state.answers.confirmed } };
    this.dirty = true;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.saveDraft(), AUTOSAVE_MS);
  }

  /** Saves the draft now, if the presenter changed anything since the last save. */
  private async saveDraft(): Promise<void> {
    clearTimeout(this.saveTimer);
    const filled = this.filled;
    if (!this.dirty || !filled) return;
    this.dirty = false;
    const { loaded, answers } = filled;
    await this.store.putDraft({
      key: loaded.key,
      response: answers.response,
      idempotencyKey: this.idempotencyKey,
      confirmed: [...answers.confirmed].map(([k, sig]) => `${k}\u0000${sig}`),
      templateVersion: loaded.template.version,
      savedAt: Date.now(),
    });
  }

  /** Discards the saved draft and starts again from the pre-filled answers. */
  async discardDraft(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.dirty = false;
    this.restoredAt = undefined;
    this.idempotencyKey = newIdempotencyKey();
    this.showIssues = false;
    const state = this.state;
    if (state.phase === 'fill') {
      this.state = { ...state, answers: { response: state.loaded.prefilled, confirmed: new Map() } };
    }
    const filled = this.filled;
    if (filled) await this.store.deleteDraft(filled.loaded.key);
  }

  private readonly fields: Omit<
    FieldsContext,
    't' | 'questionnaire' | 'response' | 'issues' | 'sources' | 'findings' | 'confirmed'
  > = {
    setAnswers: (path: ItemPath, answers: QuestionnaireResponseAnswer[]) =>
      this.whileFilling(({ answers: current }) => this.change(setAnswers(current.response, path, answers))),
    addRepeat: (path: ItemPath) =>
      this.whileFilling(({ loaded, answers }) => this.change(addRepeat(loaded.questionnaire, answers.response, path))),
    removeRepeat: (path: ItemPath) =>
      this.whileFilling(({ answers }) => this.change(removeRepeat(answers.response, path))),
    confirm: (key: string, confirmed: boolean) =>
      this.whileFilling(({ answers }) => {
        const next = new Map(answers.confirmed);
        const signature = this.findings.get(key)?.signature;
        if (confirmed && signature) next.set(key, signature);
        else next.delete(key);
        this.change(answers.response, next);
        void this.saveDraft();
      }),
  };

  private whileFilling(action: (state: Extract<CaseFormState, { phase: 'fill' }>) => void): void {
    if (this.state.phase === 'fill' && !this.isDisabled) action(this.state);
  }

  /** Fill → review: blocked (with messages and focus on the first problem) until the answers are complete. */
  private async toReview(event: Event): Promise<void> {
    event.preventDefault();
    const state = this.state;
    if (state.phase !== 'fill' || this.isDisabled) return;
    this.showIssues = true;
    this.check(state);
    await this.updateComplete;
    if (this.issues.length || this.unconfirmed.length) {
      this.focusFirstProblem();
      return;
    }
    await this.saveDraft();
    if (this.state !== state) return; // changed meanwhile (a reset, another template)
    this.state = {
      phase: 'review',
      loaded: state.loaded,
      answers: state.answers,
      payload: {
        programId: state.loaded.programId,
        templateId: state.loaded.template.id,
        response: finalizeResponse(state.loaded.questionnaire, state.answers.response),
        deidentification: state.loaded.report,
      },
    };
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
    const state = this.state;
    if (state.phase !== 'review' || !this.client || this.isDisabled) return;
    await this.sender.send(this.client, {
      key: state.loaded.key,
      hubUrl: this.client.hubUrl,
      idempotencyKey: this.idempotencyKey,
      input: state.payload,
      queuedAt: Date.now(),
    });
  }

  private onSendState(sendState: SendState): void {
    this.sendState = sendState;
    const state = this.state;
    if (sendState.status === 'sent') {
      this.dirty = false;
      if (state.phase === 'review') {
        this.state = { phase: 'submitted', loaded: state.loaded, answers: state.answers, submitted: sendState.case };
        void this.store.deleteDraft(state.loaded.key);
      }
      this.emit(new EchoCaseSubmittedEvent(sendState.case));
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#heading')?.focus());
    } else if (sendState.status === 'refused') {
      // Nothing was created: the next attempt (after fixing) is a new request with a new key.
      this.idempotencyKey = newIdempotencyKey();
      this.dirty = true;
      void this.saveDraft();
      this.emit(new EchoErrorEvent(sendState.error));
    }
  }

  private startOver(): void {
    this.restoredAt = undefined;
    if (!this.templateId) this.chosenTemplateId = undefined;
    void this.load();
  }

  protected override render() {
    const t = this.t;
    const { phase } = this.state;
    const step = phase === 'fill' || phase === 'review' || phase === 'submitted' ? phase : undefined;
    // A disabled fieldset disables every control inside at once, as a disabled <fieldset> does in a page.
    return html`
      <div part="base" class="base" dir=${this.localize.dir} lang=${this.localize.lang}>
        <fieldset class="disabler" role="presentation" ?disabled=${this.isDisabled}>
          ${step ? renderSteps(t, step) : nothing} ${this.renderBody(t)}
        </fieldset>
        <div class="visually-hidden" role="status">${this.liveText(t)}</div>
      </div>
    `;
  }

  private liveText(t: CaseFormTranslation): string {
    if (this.state.phase === 'fill' && this.showIssues) {
      const count = new Set(this.issues.map((i) => i.path)).size + this.unconfirmed.length;
      return count ? t.issuesSummary(count) : '';
    }
    return this.state.phase === 'review' ? sendText(t, this.sendState) : '';
  }

  private renderBody(t: CaseFormTranslation) {
    const state = this.state;
    switch (state.phase) {
      case 'unconfigured':
        return html`<p part="error" class="error">${t.notConfigured}</p>`;
      case 'loading':
        return html`<p part="notice" class="notice">${t.loading}</p>`;
      case 'error':
        return renderLoadError(t, state.error, {
          retry: () => void this.load(),
          relaunch: () => this.relaunch(),
          retryLabel: this.localize.term.retry,
          relaunchHelp: state.relaunchHelp,
          relaunchable: state.fromContext,
        });
      case 'pick':
        return renderPicker(t, state.templates, (id) => {
          this.chosenTemplateId = id;
          void this.load();
        });
      case 'fill':
        return this.renderFill(t, state);
      case 'review':
        return this.renderReviewStep(t, state);
      case 'submitted':
        return renderSubmitted(t, state.submitted, () => this.startOver());
    }
  }

  private renderFill(t: CaseFormTranslation, { loaded, answers }: Extract<CaseFormState, { phase: 'fill' }>) {
    const q = loaded.questionnaire;
    const issues = byPath(this.issues);
    const blocked = this.showIssues ? issues.size + this.unconfirmed.length : 0;
    const ctx: FieldsContext = {
      ...this.fields,
      t,
      questionnaire: q,
      response: answers.response,
      issues,
      sources: loaded.sources,
      findings: new Map([...this.findings].map(([k, f]) => [k, f.findings])),
      confirmed: new Set(
        [...answers.confirmed].filter(([k, sig]) => this.findings.get(k)?.signature === sig).map(([k]) => k),
      ),
    };
    const savedAt = this.restoredAt
      ? this.localize.dateTime(new Date(this.restoredAt), { dateStyle: 'medium', timeStyle: 'short' })
      : '';
    return html`
      <h2 id="heading" tabindex="-1"><bdi>${q.title ?? loaded.template.title}</bdi></h2>
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
      ${renderUnreadNotice(t, loaded.unread, this.localize.lang)}
      ${loaded.sources.size ? html`<p part="notice" class="notice">${t.prefilledCount(loaded.sources.size)}</p>` : nothing}
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

  private renderReviewStep(t: CaseFormTranslation, { loaded, payload }: Extract<CaseFormState, { phase: 'review' }>) {
    const s = this.sendState.status;
    const busy = s === 'sending' || s === 'offline' || s === 'retrying';
    return html`
      <h2 id="heading" tabindex="-1">${t.stepReview}</h2>
      ${renderReview({
        t,
        response: payload.response as QuestionnaireResponse,
        report: payload.deidentification,
        hadContext: loaded.hadContext || payload.deidentification.changes.length > 0,
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
    const state = this.state;
    if (state.phase !== 'review') return;
    this.state = { phase: 'fill', loaded: state.loaded, answers: state.answers };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#heading')?.focus());
  }
}

/** Whether a stored or restored value is a QuestionnaireResponse. */
function isResponse(value: unknown): value is QuestionnaireResponse {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { resourceType?: unknown }).resourceType === 'QuestionnaireResponse'
  );
}

/** A saved confirmation `"<path key>\0<signature>"` as a map entry. */
function splitConfirmed(entry: string): [string, string] {
  const at = entry.indexOf('\u0000');
  return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
}

declare global {
  interface HTMLElementTagNameMap {
    'echo-case-form': EchoCaseForm;
  }
}
