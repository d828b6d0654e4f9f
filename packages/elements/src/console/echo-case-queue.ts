import type { AgendaItem, Case, CaseStatus, EchoClient, EchoEvent, Session } from '@teleecho/sdk';
import { html, nothing } from 'lit';
import type { PropertyDeclarations, PropertyValues } from 'lit';
import { EchoCaseSelectEvent } from '../events/echo-case-select.js';
import { EchoCaseUpdatedEvent, type CaseQueueAction } from '../events/echo-case-updated.js';
import { EchoErrorEvent } from '../events/echo-error.js';
import { hostStyles } from '../internal/styles.js';
import type { Translation } from '../translations/types.js';
import { EchoConsoleElement } from './console-element.js';
import { caseQueueStyles } from './echo-case-queue.styles.js';
import { LiveData } from './live-data.js';
import { consoleStyles } from './shared.js';

/** Which cases the queue lists: `open` (submitted and accepted, the default), one status, or `all`. */
export type CaseQueueFilter = 'open' | 'all' | CaseStatus;

const FILTERS: CaseQueueFilter[] = ['open', 'submitted', 'accepted', 'returned', 'scheduled', 'presented', 'all'];
const OPEN: CaseStatus[] = ['submitted', 'accepted'];
/** Sessions that started up to this long ago can still be scheduled on (one running now). */
const LOOKBACK_MS = 12 * 60 * 60 * 1000;

interface QueueData {
  cases: Case[];
  sessions: Session[];
}

/** The form open on one case. */
type OpenForm =
  | { kind: 'return'; caseId: string; reason: string; invalid: boolean }
  | { kind: 'schedule'; caseId: string; sessionId: string; position: number; agenda?: AgendaItem[] };

/**
 * The hub team's case queue: the programme's cases waiting for a decision (or any status), oldest first, with who
 * submitted them and when. Coordinators accept a case, return it to the presenter with a reason, or schedule it
 * on an upcoming session's agenda at a chosen place; the changes are made on the hub and every open queue updates
 * live. Everyone on the hub team can open a case to read it (`echo-case-select`).
 *
 * @summary Coordinator's queue of submitted cases: accept, return with a reason, schedule on an agenda.
 * @tagname echo-case-queue
 *
 * @slot heading - Optional heading shown above the queue.
 *
 * @event {EchoCaseSelectEvent} echo-case-select - "Read" was pressed; `detail: { caseId, title, status, case }`.
 * @event {EchoCaseUpdatedEvent} echo-case-updated - The hub accepted, returned or scheduled a case;
 *   `detail: { action, case }`.
 * @event {EchoErrorEvent} echo-error - Loading, live updates or an action failed; `detail: { error }`.
 *
 * @csspart base - The root wrapper.
 * @csspart filter - The status filter (`<select>`).
 * @csspart list - The list of cases.
 * @csspart case - One case's card.
 * @csspart title - A case's title.
 * @csspart status - A case's status badge.
 * @csspart meta - Who submitted it and when; the return reason or agenda.
 * @csspart actions - A case's buttons.
 * @csspart button - Every button (plus `accept-button`, `return-button`, `schedule-button`, `read-button`,
 *   `confirm-button`, `cancel-button`).
 * @csspart form - The return or schedule form.
 * @csspart message - Loading and empty texts.
 * @csspart error - Error boxes.
 *
 * @cssproperty --echo-color-primary - Accent: buttons, focus ring, card edge.
 * @cssproperty --echo-color-on-primary - Text on primary buttons.
 * @cssproperty --echo-color-surface - Background.
 * @cssproperty --echo-color-surface-raised - Card background.
 * @cssproperty --echo-color-text - Text colour.
 * @cssproperty --echo-color-muted - Secondary text.
 * @cssproperty --echo-color-border - Card borders.
 * @cssproperty --echo-color-danger - Errors.
 * @cssproperty --echo-radius - Corner radius.
 * @cssproperty --echo-space - Base spacing unit.
 * @cssproperty --echo-font-family - Font family.
 * @cssproperty --echo-font-size - Base font size.
 */
export class EchoCaseQueue extends EchoConsoleElement<QueueData> {
  static override tagName = 'echo-case-queue';
  /** Shared host styles, the console's, then the queue's own. */
  static override styles = [hostStyles, consoleStyles, caseQueueStyles];

  static override properties: PropertyDeclarations = {
    programId: { attribute: 'program-id', reflect: true },
    filter: { reflect: true },
    form: { state: true, attribute: false },
    busy: { state: true, attribute: false },
    actionError: { state: true, attribute: false },
  };

  /** The programme whose cases to list; default: the token's (`prg` claim). */
  declare programId?: string;

  /** Which cases to list: `open` (submitted and accepted; default), a case status, or `all`. */
  declare filter: CaseQueueFilter;

  declare private form?: OpenForm;
  declare private busy?: string;
  declare private actionError?: { caseId: string; message: string };

  /** @internal */
  protected readonly data = new LiveData<QueueData>(
    this,
    {
      load: (client, signal) => this.fetch(client, signal),
      filter: () => ({ programId: this.resolvedProgramId ?? '' }),
      relevant: (event) => event.type.startsWith('case.') || event.type.startsWith('session.'),
    },
    {
      onEvent: (event) => this.onHubEvent(event),
      onLoaded: () => this.restoreFocus(),
      onError: (error) => this.emit(new EchoErrorEvent(error)),
    },
  );

  /** The case the user just acted on: focus goes back to it, or to the filter if it left the list. */
  private focusAfterLoad?: string;

  constructor() {
    super();
    this.filter = 'open';
  }

  private get resolvedProgramId(): string | undefined {
    return this.programId || this.client?.getClaims()?.prg;
  }

  /** Whether the token may accept, return and schedule (coordinators). */
  private get canDecide(): boolean {
    return this.client?.getClaims()?.role === 'coordinator';
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const programId = this.resolvedProgramId;
    this.data.configure(this.client, programId && `${programId}|${this.filter}`);
  }

  private async fetch(client: EchoClient, signal: AbortSignal): Promise<QueueData> {
    const programId = this.resolvedProgramId;
    const statuses: (CaseStatus | undefined)[] =
      this.filter === 'open' ? OPEN : this.filter === 'all' ? [undefined] : [this.filter];
    const lists = statuses.map((status) =>
      client
        .paginate((cursor) => client.cases.list({ programId, status, cursor, limit: 100 }, { signal }))
        .collect(500),
    );
    const from = new Date(Date.now() - LOOKBACK_MS).toISOString();
    const sessions = programId
      ? client.sessions.list(programId, { from, limit: 50 }, { signal }).then((page) => page.items)
      : Promise.resolve([]);
    const [caseLists, sessionList] = await Promise.all([Promise.all(lists), sessions]);
    const cases = caseLists.flat().sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    return {
      cases,
      // Sessions still ahead (or running now): the ones a case can be scheduled on.
      sessions: sessionList.filter(
        (s) =>
          s.status === 'live' ||
          (s.status === 'scheduled' && Date.parse(s.startsAt) + s.durationMinutes * 60_000 > Date.now()),
      ),
    };
  }

  private onHubEvent(event: EchoEvent): void {
    if (event.type !== 'case.submitted') return;
    const title = (event.data as { title?: string } | undefined)?.title;
    if (title) this.announcer.announce(this.localize.term.console.announceNewCase(title));
  }

  private select(value: Case): void {
    this.emit(new EchoCaseSelectEvent({ caseId: value.id, title: value.title, status: value.status, case: value }));
  }

  private async openSchedule(value: Case): Promise<void> {
    const sessions = this.data.value?.sessions ?? [];
    const sessionId = sessions[0]?.id ?? '';
    this.actionError = undefined;
    this.form = { kind: 'schedule', caseId: value.id, sessionId, position: 0 };
    await this.loadAgenda(sessionId);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLSelectElement>('[name="session"]')?.focus();
  }

  private async loadAgenda(sessionId: string): Promise<void> {
    const form = this.form;
    if (!form || form.kind !== 'schedule' || !sessionId || !this.client) return;
    try {
      const session = await this.client.sessions.get(sessionId);
      if (this.form?.kind === 'schedule' && this.form.sessionId === sessionId) {
        this.form = { ...this.form, agenda: session.agenda };
      }
    } catch {
      // the position list falls back to "at the end"
    }
  }

  private restoreFocus(): void {
    const caseId = this.focusAfterLoad;
    this.focusAfterLoad = undefined;
    if (!caseId) return;
    void this.updateComplete.then(() => {
      const target =
        this.renderRoot.querySelector<HTMLElement>(`[data-case="${caseId}"] [part~="button"]`) ??
        this.renderRoot.querySelector<HTMLElement>('[part="filter"]');
      target?.focus();
    });
  }

  private async openReturn(value: Case): Promise<void> {
    this.actionError = undefined;
    this.form = { kind: 'return', caseId: value.id, reason: '', invalid: false };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLTextAreaElement>('textarea')?.focus();
  }

  /** Merges a change into the open form (several fields may change before the next render). */
  private patchForm(patch: Partial<{ reason: string; invalid: boolean; position: number }>): void {
    if (this.form) this.form = { ...this.form, ...patch } as OpenForm;
  }

  private closeForm(): void {
    const caseId = this.form?.caseId;
    this.form = undefined;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`[data-case="${caseId}"] [part~="button"]`)?.focus(),
    );
  }

  private async act(value: Case, action: CaseQueueAction): Promise<void> {
    const client = this.client;
    if (!client || this.busy) return;
    const form = this.form;
    const input =
      action === 'accepted'
        ? { status: 'accepted' as const }
        : action === 'returned' && form?.kind === 'return'
          ? { status: 'returned' as const, reason: form.reason.trim() }
          : action === 'scheduled' && form?.kind === 'schedule'
            ? {
                status: 'scheduled' as const,
                sessionId: form.sessionId,
                ...(form.position > 0 && { position: form.position }),
              }
            : undefined;
    if (!input) return;
    if (input.status === 'returned' && !input.reason) {
      this.form = { ...(form as Extract<OpenForm, { kind: 'return' }>), invalid: true };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLTextAreaElement>('textarea')?.focus();
      return;
    }
    this.busy = value.id;
    this.actionError = undefined;
    try {
      const updated = await client.cases.transition(value.id, input);
      this.form = undefined;
      const t = this.localize.term.console;
      this.announcer.announce(t.announceCaseDone(updated.title, t.caseStatus(updated.status)));
      this.emit(new EchoCaseUpdatedEvent(action, updated));
      this.focusAfterLoad = value.id;
      this.data.refresh();
    } catch (error) {
      const echoError = this.reportError(error);
      this.actionError = { caseId: value.id, message: this.errorText(echoError) };
      if (echoError.status === 409) this.data.refresh();
    } finally {
      this.busy = undefined;
    }
  }

  /** @internal */
  protected override renderUnconfigured(t: Translation) {
    return html`<p part="error" class="error">${t.console.notConfigured}</p>`;
  }

  /** @internal */
  protected override loadingText(t: Translation): string {
    return t.console.loadingCases;
  }

  /** @internal */
  protected override renderReady(t: Translation, data: QueueData) {
    return this.renderQueue(t, data);
  }

  private renderQueue(t: Translation, data: QueueData) {
    const c = t.console;
    const label = (f: CaseQueueFilter) => (f === 'open' ? c.filterOpen : f === 'all' ? c.filterAll : c.caseStatus(f));
    return html`
      <label class="filter"
        >${c.filterLabel}
        <select
          part="filter"
          .value=${this.filter}
          @change=${(e: Event) => (this.filter = (e.target as HTMLSelectElement).value as CaseQueueFilter)}
        >
          ${FILTERS.map((f) => html`<option value=${f} ?selected=${f === this.filter}>${label(f)}</option>`)}
        </select>
      </label>
      ${
        data.cases.length === 0
          ? html`<p part="message" class="message">${c.noCases}</p>`
          : html`<ul part="list" class="list" aria-label=${c.caseQueue}>
              ${data.cases.map((value) => this.renderCase(t, value, data.sessions))}
            </ul>`
      }
    `;
  }

  private renderCase(t: Translation, value: Case, sessions: Session[]) {
    const c = t.console;
    const form = this.form?.caseId === value.id ? this.form : undefined;
    const busy = this.busy === value.id;
    const error = this.actionError?.caseId === value.id ? this.actionError.message : undefined;
    const session = value.sessionId ? sessions.find((s) => s.id === value.sessionId) : undefined;
    const submitted = this.localize.dateTime(value.createdAt, { dateStyle: 'medium', timeStyle: 'short' });
    const titleId = `case-${value.id}`;
    return html`
      <li part="case" class="card status-${value.status}" data-case=${value.id} aria-labelledby=${titleId}>
        <div class="row">
          <h3 part="title" class="title" id=${titleId}><bdi>${value.title}</bdi></h3>
          <span part="status" class="badge">${c.caseStatus(value.status)}</span>
        </div>
        <p part="meta" class="muted"><bdi>${c.submittedBy(value.presenterName, submitted)}</bdi></p>
        ${value.returnReason ? html`<p part="meta" class="muted"><bdi>${c.returnedBecause(value.returnReason)}</bdi></p>` : nothing}
        ${session ? html`<p part="meta" class="muted"><bdi>${c.scheduledOn(session.title)}</bdi></p>` : nothing}
        ${form ? this.renderForm(t, value, form, sessions, busy) : this.renderActions(t, value, busy)}
        ${error ? html`<p part="error" class="error" role="alert">${error}</p>` : nothing}
      </li>
    `;
  }

  private renderActions(t: Translation, value: Case, busy: boolean) {
    const c = t.console;
    const decide = this.canDecide;
    return html`
      <div part="actions" class="actions">
        <button part="button read-button" type="button" @click=${() => this.select(value)}>${c.read}</button>
        ${
          decide && value.status === 'submitted'
            ? html`
                <button
                  part="button accept-button"
                  class="primary"
                  type="button"
                  ?disabled=${busy}
                  @click=${() => void this.act(value, 'accepted')}
                >
                  ${c.accept}
                </button>
                <button
                  part="button return-button"
                  type="button"
                  ?disabled=${busy}
                  @click=${() => void this.openReturn(value)}
                >
                  ${c.returnCase}
                </button>
              `
            : nothing
        }
        ${
          decide && value.status === 'accepted'
            ? html`<button
                part="button schedule-button"
                class="primary"
                type="button"
                ?disabled=${busy}
                @click=${() => void this.openSchedule(value)}
              >
                ${c.schedule}
              </button>`
            : nothing
        }
      </div>
    `;
  }

  private renderForm(t: Translation, value: Case, form: OpenForm, sessions: Session[], busy: boolean) {
    const c = t.console;
    const buttons = (confirm: string, disabled = false) => html`
      <div class="actions">
        <button part="button confirm-button" class="primary" type="submit" ?disabled=${busy || disabled}>
          ${confirm}
        </button>
        <button part="button cancel-button" type="button" @click=${() => this.closeForm()}>${t.console.cancel}</button>
      </div>
    `;
    const submit = (action: CaseQueueAction) => (e: Event) => {
      e.preventDefault();
      void this.act(value, action);
    };
    if (form.kind === 'return') {
      const helpId = `help-${value.id}`;
      const errorId = `reason-error-${value.id}`;
      return html`
        <form part="form" class="form" @submit=${submit('returned')} @keydown=${this.escape}>
          <label
            >${c.returnReason}
            <textarea
              name="reason"
              .value=${form.reason}
              aria-describedby=${form.invalid ? `${errorId} ${helpId}` : helpId}
              aria-invalid=${form.invalid ? 'true' : 'false'}
              @input=${(e: Event) => this.patchForm({ reason: (e.target as HTMLTextAreaElement).value, invalid: false })}
            ></textarea>
            <span class="help" id=${helpId}>${c.returnReasonHelp}</span>
          </label>
          ${form.invalid ? html`<p part="error" class="error" id=${errorId}>${c.reasonRequired}</p>` : nothing}
          ${buttons(c.returnConfirm)}
        </form>
      `;
    }
    if (sessions.length === 0) {
      return html`<div part="form" class="form" @keydown=${this.escape}>
        <p class="muted">${c.noSessions}</p>
        <div class="actions">
          <button part="button cancel-button" type="button" @click=${() => this.closeForm()}>${c.cancel}</button>
        </div>
      </div>`;
    }
    const when = (s: Session) => this.localize.dateTime(s.startsAt, { dateStyle: 'medium', timeStyle: 'short' });
    return html`
      <form part="form" class="form" @submit=${submit('scheduled')} @keydown=${this.escape}>
        <label
          >${c.sessionLabel}
          <select
            name="session"
            @change=${(e: Event) => {
              const sessionId = (e.target as HTMLSelectElement).value;
              this.form = { kind: 'schedule', caseId: value.id, sessionId, position: 0 };
              void this.loadAgenda(sessionId);
            }}
          >
            ${sessions.map(
              (s) => html`<option value=${s.id} ?selected=${s.id === form.sessionId}>${s.title} — ${when(s)}</option>`,
            )}
          </select>
        </label>
        <label
          >${c.positionLabel}
          <select
            name="position"
            @change=${(e: Event) => this.patchForm({ position: Number((e.target as HTMLSelectElement).value) })}
          >
            ${(form.agenda ?? []).map(
              (item, index) =>
                html`<option value=${index + 1} ?selected=${form.position === index + 1}>
                  ${c.positionBefore(item.title)}
                </option>`,
            )}
            <option value="0" ?selected=${form.position === 0}>${c.positionLast}</option>
          </select>
        </label>
        ${buttons(c.scheduleConfirm, !form.sessionId)}
      </form>
    `;
  }

  private readonly escape = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      this.closeForm();
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'echo-case-queue': EchoCaseQueue;
  }
}
