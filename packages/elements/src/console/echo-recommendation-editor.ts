import type { Case, EchoClient, EchoEvent, FhirResource, Recommendation } from '@teleecho/sdk';
import { html, nothing } from 'lit';
import type { PropertyDeclarations, PropertyValues } from 'lit';
import { EchoErrorEvent } from '../events/echo-error.js';
import { EchoRecommendationSavedEvent, type RecommendationEditorAction } from '../events/echo-recommendation-saved.js';
import { hostStyles } from '../internal/styles.js';
import type { Translation } from '../translations/types.js';
import { renderDeidentification, renderResponse } from './case-view.js';
import { EchoConsoleElement } from './console-element.js';
import { recommendationEditorStyles } from './echo-recommendation-editor.styles.js';
import { LiveData } from './live-data.js';
import {
  draftOf,
  renderAcknowledgement,
  renderContent,
  renderHistory,
  renderRecommendationForm,
  type RecommendationDraft,
} from './recommendation-parts.js';
import { consoleStyles } from './shared.js';

/** Roles that write recommendations. */
const WRITERS = new Set(['specialist', 'facilitator']);
/** Case states in which recommendations may be issued (the hub's lifecycle: only after the case was presented). */
const ISSUABLE = new Set<Case['status']>(['presented', 'recommendations_issued']);

interface EditorData {
  value: Case;
  questionnaire?: FhirResource;
  recommendations: Recommendation[];
}

/** The form being edited: the new-draft form (`new`) or an existing recommendation's id. */
type Editing = { id: string; draft: RecommendationDraft; error?: string };

/**
 * The specialist's desk for one case: the de-identified case readably (questions and answers, and what
 * de-identification changed), the recommendations — drafts only the hub team sees, then issued ones numbered in
 * order — and the tools to write a draft with a category and follow-up date, edit it, issue one or several at
 * once, and amend an issued one (earlier versions stay visible). Acknowledgements and replies from the presenter
 * appear live and are announced.
 *
 * @summary Read a case; draft, issue and amend its recommendations; see acknowledgements live.
 * @tagname echo-recommendation-editor
 *
 * @slot heading - Optional heading shown above the case.
 *
 * @event {EchoRecommendationSavedEvent} echo-recommendation-saved - The hub stored a draft, an edit, an issue or an
 *   amendment; `detail: { action, recommendations }`.
 * @event {EchoErrorEvent} echo-error - Loading, live updates or an action failed; `detail: { error }`.
 *
 * @csspart base - The root wrapper.
 * @csspart case - The case section (title, status, answers, de-identification).
 * @csspart title - The case title.
 * @csspart status - The case status badge.
 * @csspart answers - The questions and answers.
 * @csspart deidentification - The de-identification report (`<details>`).
 * @csspart list - The list of recommendations.
 * @csspart recommendation - One recommendation (plus `draft` or `issued`).
 * @csspart number - An issued recommendation's number.
 * @csspart category - A category badge.
 * @csspart follow-up - A follow-up date.
 * @csspart body - A recommendation's text.
 * @csspart history - Earlier versions (`<details>`).
 * @csspart acknowledgement - The presenter's acknowledgement and reply.
 * @csspart form - The write / edit / amend form.
 * @csspart button - Every button (plus `save-button`, `cancel-button`, `edit-button`, `amend-button`,
 *   `issue-button`, `retry-button`; a facilitator's "Mark as presented and issue" is also
 *   `present-and-issue-button`).
 * @csspart issue-reason - Why "Issue" is disabled (the case is not presented yet, or no draft is ticked).
 * @csspart message - Loading and empty texts.
 * @csspart error - Error boxes.
 *
 * @cssproperty --echo-color-primary - Accent: buttons, numbers, focus ring.
 * @cssproperty --echo-color-on-primary - Text on primary buttons.
 * @cssproperty --echo-color-surface - Background.
 * @cssproperty --echo-color-surface-raised - Card background.
 * @cssproperty --echo-color-text - Text colour.
 * @cssproperty --echo-color-muted - Secondary text.
 * @cssproperty --echo-color-border - Borders.
 * @cssproperty --echo-color-danger - Errors.
 * @cssproperty --echo-radius - Corner radius.
 * @cssproperty --echo-space - Base spacing unit.
 * @cssproperty --echo-font-family - Font family.
 * @cssproperty --echo-font-size - Base font size.
 */
export class EchoRecommendationEditor extends EchoConsoleElement<EditorData> {
  static override tagName = 'echo-recommendation-editor';
  /** Shared host styles, the console's, then the editor's own. */
  static override styles = [hostStyles, consoleStyles, recommendationEditorStyles];

  static override properties: PropertyDeclarations = {
    caseId: { attribute: 'case-id', reflect: true },
    editing: { state: true, attribute: false },
    newDraft: { state: true, attribute: false },
    selected: { state: true, attribute: false },
    busy: { state: true, attribute: false },
    issueError: { state: true, attribute: false },
  };

  /** The case to read and write recommendations for; default: the token's case (`case` claim). */
  declare caseId?: string;

  declare private editing?: Editing;
  declare private newDraft: Editing;
  declare private selected: Set<string>;
  declare private busy: boolean;
  declare private issueError?: string;

  /** @internal */
  protected readonly data = new LiveData<EditorData>(
    this,
    {
      load: (client, signal) => this.fetch(client, signal),
      filter: (client) => ({ programId: client.getClaims()?.prg ?? '', caseId: this.resolvedCaseId ?? '' }),
      relevant: (event) => event.caseId === this.resolvedCaseId,
    },
    {
      onEvent: (event) => this.onHubEvent(event),
      onError: (error) => this.emit(new EchoErrorEvent(error)),
    },
  );

  constructor() {
    super();
    this.newDraft = { id: 'new', draft: draftOf() };
    this.selected = new Set();
    this.busy = false;
  }

  private get resolvedCaseId(): string | undefined {
    return this.caseId || this.client?.getClaims()?.case;
  }

  private get canWrite(): boolean {
    return WRITERS.has(this.client?.getClaims()?.role ?? '');
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('caseId')) {
      this.editing = undefined;
      this.selected = new Set();
      this.issueError = undefined;
      this.newDraft = { id: 'new', draft: draftOf() };
    }
    this.data.configure(this.client, this.resolvedCaseId);
  }

  private async fetch(client: EchoClient, signal: AbortSignal): Promise<EditorData> {
    const caseId = this.resolvedCaseId ?? '';
    const [value, page] = await Promise.all([
      client.cases.get(caseId, { signal }),
      client.recommendations.list(caseId, { signal }),
    ]);
    const previous = this.data.value;
    let questionnaire = previous?.value.templateId === value.templateId ? previous.questionnaire : undefined;
    if (!questionnaire) {
      questionnaire = await client.templates
        .get(value.programId, value.templateId, { signal })
        .then((template) => template.questionnaire)
        .catch(() => undefined); // the answers still show, labelled by the response itself
    }
    return { value, questionnaire, recommendations: page.items };
  }

  private onHubEvent(event: EchoEvent): void {
    const c = this.localize.term.console;
    const rec = event.data as Partial<Recommendation> | undefined;
    const n = rec?.number ?? 0;
    if (event.type === 'recommendation.acknowledged') this.announcer.announce(c.announceAcknowledged(n));
    if (event.type === 'recommendation.amended') this.announcer.announce(c.announceAmended(n));
  }

  /** Runs one hub call for the editor: busy state, event, announcement, refresh; returns a message on failure. */
  private async save(
    action: RecommendationEditorAction,
    call: (client: EchoClient) => Promise<Recommendation[]>,
  ): Promise<string | undefined> {
    const client = this.client;
    if (!client || this.busy) return undefined;
    this.busy = true;
    try {
      const saved = await call(client);
      const c = this.localize.term.console;
      if (action === 'issued') this.announcer.announce(c.announceIssued(saved.length));
      else if (action === 'amended') this.announcer.announce(c.announceAmended(saved[0]?.number ?? 0));
      else this.announcer.announce(c.announceDraftSaved);
      this.emit(new EchoRecommendationSavedEvent(action, saved));
      this.data.refresh();
      return undefined;
    } catch (error) {
      const echoError = this.reportError(error);
      this.data.refresh();
      const c = this.localize.term.console;
      if (echoError.code === 'category_required') return c.categoryRequired;
      if (action === 'issued' && echoError.code === 'invalid_transition') return c.errorNotIssuable;
      return this.errorText(echoError);
    } finally {
      this.busy = false;
    }
  }

  private validate(draft: RecommendationDraft): string | undefined {
    return draft.body.trim() ? undefined : this.localize.term.console.textRequired;
  }

  private fields(draft: RecommendationDraft) {
    return {
      body: draft.body.trim(),
      ...(draft.category && { category: draft.category }),
      ...(draft.followUp && { followUp: draft.followUp }),
    };
  }

  private async createDraft(): Promise<void> {
    const caseId = this.resolvedCaseId ?? '';
    const invalid = this.validate(this.newDraft.draft);
    if (invalid) return void (this.newDraft = { ...this.newDraft, error: invalid });
    const error = await this.save('drafted', async (client) => [
      await client.recommendations.create(caseId, this.fields(this.newDraft.draft)),
    ]);
    this.newDraft = error ? { ...this.newDraft, error } : { id: 'new', draft: draftOf() };
  }

  private async saveEdit(rec: Recommendation): Promise<void> {
    const editing = this.editing;
    if (!editing) return;
    const invalid = this.validate(editing.draft);
    if (invalid) return void (this.editing = { ...editing, error: invalid });
    const action = rec.status === 'issued' ? 'amended' : 'edited';
    const error = await this.save(action, async (client) => [
      await client.recommendations.update(rec.id, this.fields(editing.draft)),
    ]);
    this.editing = error ? { ...editing, error } : undefined;
    if (!error) void this.focusOn(`[data-rec="${rec.id}"] [part~="button"]`);
  }

  /**
   * Issues the selected drafts together, in the order they were written; each must have a category. With
   * `presentFirst` (a facilitator on a scheduled case) it marks the case presented first, as the hub requires.
   */
  private async issueSelected(drafts: Recommendation[], presentFirst = false): Promise<void> {
    const chosen = drafts.filter((d) => this.selected.has(d.id));
    if (chosen.length === 0) return;
    if (chosen.some((d) => !d.category)) {
      this.issueError = this.localize.term.console.categoryRequired;
      return;
    }
    const caseId = this.resolvedCaseId ?? '';
    this.issueError = await this.save('issued', async (client) => {
      if (presentFirst) await client.cases.transition(caseId, { status: 'presented' });
      // One atomic call: all or none, numbered in the order written.
      return client.recommendations.issueMany(
        caseId,
        chosen.map((d) => d.id),
      );
    });
    if (!this.issueError) this.selected = new Set();
  }

  private toggle(id: string, on: boolean): void {
    const next = new Set(this.selected);
    if (on) next.add(id);
    else next.delete(id);
    this.selected = next;
    this.issueError = undefined;
  }

  private async startEditing(rec: Recommendation): Promise<void> {
    this.editing = { id: rec.id, draft: draftOf(rec) };
    await this.focusOn(`[data-rec="${rec.id}"] textarea`);
  }

  private async focusOn(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  /** @internal */
  protected override renderUnconfigured(t: Translation) {
    const c = t.console;
    return html`<p part="message" class="message">${this.client ? c.noCaseSelected : c.notConfigured}</p>`;
  }

  /** @internal */
  protected override loadingText(t: Translation): string {
    return t.console.loadingCase;
  }

  /** @internal */
  protected override renderReady(t: Translation, data: EditorData) {
    return this.renderEditor(t, data);
  }

  private renderEditor(t: Translation, data: EditorData) {
    const c = t.console;
    const { value } = data;
    const drafts = data.recommendations.filter((r) => r.status === 'draft');
    const issued = data.recommendations
      .filter((r) => r.status === 'issued')
      .sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
    return html`
      <section part="case" class="case" aria-labelledby="case-title">
        <div class="row">
          <h2 part="title" class="title" id="case-title"><bdi>${value.title}</bdi></h2>
          <span part="status" class="badge">${c.caseStatus(value.status)}</span>
        </div>
        <p class="muted">
          <bdi
            >${c.submittedBy(value.presenterName, this.localize.dateTime(value.createdAt, { dateStyle: 'medium' }))}</bdi
          >
        </p>
        <h3>${c.caseDetails}</h3>
        <div part="answers">${renderResponse(value, data.questionnaire, this.localize)}</div>
        <details part="deidentification" class="deid">
          <summary>${c.deidentification}</summary>
          ${renderDeidentification(value, this.localize)}
        </details>
      </section>
      <section class="recommendations" aria-labelledby="recs-title">
        <h3 id="recs-title">${c.recommendations}</h3>
        ${!this.canWrite ? html`<p part="message" class="message">${c.readOnlyRole}</p>` : nothing}
        ${
          drafts.length + issued.length === 0
            ? html`<p part="message" class="message">${c.noRecommendations}</p>`
            : html`<ol part="list" class="list">
                ${issued.map((rec) => this.renderIssued(t, rec))} ${drafts.map((rec) => this.renderDraft(t, rec))}
              </ol>`
        }
        ${this.canWrite && drafts.length ? this.renderIssueBar(t, value, drafts) : nothing}
        ${
          this.canWrite
            ? html`<h3>${c.newRecommendation}</h3>
                ${renderRecommendationForm(this.localize, {
                  id: 'new',
                  label: c.newRecommendation,
                  value: this.newDraft.draft,
                  submitLabel: c.saveDraft,
                  busy: this.busy,
                  ...(this.newDraft.error && { error: this.newDraft.error }),
                  onInput: (patch) => (this.newDraft = { id: 'new', draft: { ...this.newDraft.draft, ...patch } }),
                  onSubmit: () => void this.createDraft(),
                })}`
            : nothing
        }
      </section>
    `;
  }

  private mayChange(rec: Recommendation): boolean {
    const claims = this.client?.getClaims();
    return this.canWrite && (rec.authorId === claims?.sub || claims?.role === 'facilitator');
  }

  private renderEditForm(t: Translation, rec: Recommendation, editing: Editing) {
    const c = t.console;
    const amend = rec.status === 'issued';
    return renderRecommendationForm(this.localize, {
      id: rec.id,
      label: amend ? c.amend : c.edit,
      value: editing.draft,
      submitLabel: amend ? c.saveAmendment : c.save,
      busy: this.busy,
      ...(editing.error && { error: editing.error }),
      onInput: (patch) =>
        (this.editing = { id: rec.id, draft: { ...(this.editing?.draft ?? editing.draft), ...patch } }),
      onSubmit: () => void this.saveEdit(rec),
      onCancel: () => {
        this.editing = undefined;
        void this.focusOn(`[data-rec="${rec.id}"] [part~="button"]`);
      },
    });
  }

  private renderIssued(t: Translation, rec: Recommendation) {
    const c = t.console;
    const editing = this.editing?.id === rec.id ? this.editing : undefined;
    const amended = rec.amendedAt
      ? c.amendedOn(rec.version, this.localize.dateTime(rec.amendedAt, { dateStyle: 'medium', timeStyle: 'short' }))
      : '';
    return html`
      <li part="recommendation issued" class="card rec issued" data-rec=${rec.id} data-number=${rec.number ?? ''}>
        <div class="row">
          <span part="number" class="number">${c.recommendationNumber(rec.number ?? 0)}</span>
          <span class="muted"><bdi>${rec.authorName}</bdi>${amended ? html` · ${amended}` : nothing}</span>
        </div>
        ${editing ? this.renderEditForm(t, rec, editing) : renderContent(this.localize, rec)}
        ${renderHistory(this.localize, rec)} ${renderAcknowledgement(this.localize, rec)}
        ${
          !editing && this.mayChange(rec)
            ? html`<div class="actions">
                <button part="button amend-button" type="button" @click=${() => void this.startEditing(rec)}>
                  ${c.amend}
                </button>
              </div>`
            : nothing
        }
      </li>
    `;
  }

  private renderDraft(t: Translation, rec: Recommendation) {
    const c = t.console;
    const editing = this.editing?.id === rec.id ? this.editing : undefined;
    const checkId = `select-${rec.id}`;
    return html`
      <li part="recommendation draft" class="card rec draft" data-rec=${rec.id}>
        <div class="row">
          <span class="badge">${c.draft}</span>
          <span class="muted"><bdi>${rec.authorName}</bdi></span>
        </div>
        ${editing ? this.renderEditForm(t, rec, editing) : renderContent(this.localize, rec)}
        ${
          !editing && this.canWrite
            ? html`<div class="actions">
                <span class="check">
                  <input
                    id=${checkId}
                    type="checkbox"
                    .checked=${this.selected.has(rec.id)}
                    @change=${(e: Event) => this.toggle(rec.id, (e.target as HTMLInputElement).checked)}
                  />
                  <label for=${checkId}>${c.selectDraft}</label>
                </span>
                ${
                  this.mayChange(rec)
                    ? html`<button part="button edit-button" type="button" @click=${() => void this.startEditing(rec)}>
                        ${c.edit}
                      </button>`
                    : nothing
                }
              </div>`
            : nothing
        }
      </li>
    `;
  }

  /**
   * "Issue" with its rule up front: disabled with the reason until the case is presented (a facilitator gets "Mark
   * as presented and issue" on a scheduled case instead) and while no draft is ticked.
   */
  private renderIssueBar(t: Translation, value: Case, drafts: Recommendation[]) {
    const c = t.console;
    const count = drafts.filter((d) => this.selected.has(d.id)).length;
    const issuable = ISSUABLE.has(value.status);
    const presentFirst = !issuable && value.status === 'scheduled' && this.client?.getClaims()?.role === 'facilitator';
    const reason =
      !issuable && !presentFirst
        ? c.issuePresentFirst(value.status === 'scheduled')
        : count === 0
          ? c.issueSelectFirst
          : undefined;
    return html`
      <div class="issue-bar">
        <button
          part="button issue-button${presentFirst ? ' present-and-issue-button' : ''}"
          class="primary"
          type="button"
          aria-describedby=${reason ? 'issue-reason' : nothing}
          ?disabled=${this.busy || count === 0 || (!issuable && !presentFirst)}
          @click=${() => void this.issueSelected(drafts, presentFirst)}
        >
          ${presentFirst ? c.presentAndIssue(count) : c.issueSelected(count)}
        </button>
        ${reason ? html`<p part="message issue-reason" class="reason" id="issue-reason">${reason}</p>` : nothing}
        ${this.issueError ? html`<p part="error" class="error" role="alert">${this.issueError}</p>` : nothing}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'echo-recommendation-editor': EchoRecommendationEditor;
  }
}
