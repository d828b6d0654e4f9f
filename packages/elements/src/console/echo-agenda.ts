import { CAPABILITIES } from '@teleecho/sdk';
import type { AgendaItem, EchoClient, EchoEvent, SessionWithAgenda } from '@teleecho/sdk';
import { html, nothing } from 'lit';
import type { PropertyDeclarations, PropertyValues } from 'lit';
import { EchoCaseSelectEvent } from '../events/echo-case-select.js';
import { EchoErrorEvent } from '../events/echo-error.js';
import { EchoSessionOpenEvent } from '../events/echo-session-open.js';
import { hostStyles } from '../internal/styles.js';
import type { Translation } from '../translations/types.js';
import { agendaStyles } from './echo-agenda.styles.js';
import { LiveData } from './live-data.js';
import { EchoConsoleElement } from './console-element.js';
import { consoleStyles } from './shared.js';

/**
 * A session's agenda: its cases in order with their status, kept current live. Facilitators (and coordinators)
 * get "Open the session" (`echo-session-open`, for the host to show `<echo-session>`) and can mark a case as
 * presented once it has been discussed, which lets the specialists issue their recommendations. Before a session's
 * room opens they get "Open now" (opens it on the hub for everyone, then `echo-session-open`), and at any time
 * "Start an ad-hoc session" (an unscheduled session that starts now; the agenda switches to it, then
 * `echo-session-open`).
 *
 * @summary A session's agenda in order, with case status; facilitators open the session.
 * @tagname echo-agenda
 *
 * @slot heading - Optional heading shown above the agenda.
 *
 * @event {EchoSessionOpenEvent} echo-session-open - "Open the session" or "Open now" was pressed, or an ad-hoc
 *   session started; `detail: { sessionId, session }`.
 * @event {EchoCaseSelectEvent} echo-case-select - A case's "Read" button was pressed; `detail: { caseId, title, status }`.
 * @event {EchoErrorEvent} echo-error - Loading, live updates or an action failed; `detail: { error }`.
 *
 * @csspart base - The root wrapper.
 * @csspart header - The session's title, time and status.
 * @csspart title - The session's title.
 * @csspart status - Status badges (session and cases).
 * @csspart list - The ordered list of cases.
 * @csspart item - One agenda entry.
 * @csspart position - An entry's number.
 * @csspart case-title - An entry's case title.
 * @csspart button - Every button (plus `open-button` — also `open-now-button` while the room is not open yet —,
 *   `start-ad-hoc-button`, `read-button`, `presented-button`, `retry-button`, and in the ad-hoc form
 *   `start-now-button`, `cancel-button`).
 * @csspart ad-hoc-form - The form that starts an ad-hoc session (its title).
 * @csspart message - Loading and empty texts.
 * @csspart error - Error boxes.
 *
 * @cssproperty --echo-color-primary - Accent: buttons, numbers, focus ring.
 * @cssproperty --echo-color-on-primary - Text on primary buttons.
 * @cssproperty --echo-color-surface - Background.
 * @cssproperty --echo-color-surface-raised - Entry background.
 * @cssproperty --echo-color-text - Text colour.
 * @cssproperty --echo-color-muted - Secondary text.
 * @cssproperty --echo-color-border - Borders.
 * @cssproperty --echo-color-danger - Errors.
 * @cssproperty --echo-color-live - The "Live now" badge.
 * @cssproperty --echo-radius - Corner radius.
 * @cssproperty --echo-space - Base spacing unit.
 * @cssproperty --echo-font-family - Font family.
 * @cssproperty --echo-font-size - Base font size.
 */
export class EchoAgenda extends EchoConsoleElement<SessionWithAgenda> {
  static override tagName = 'echo-agenda';
  /** Shared host styles, the console's, then the agenda's own. */
  static override styles = [hostStyles, consoleStyles, agendaStyles];

  static override properties: PropertyDeclarations = {
    sessionId: { attribute: 'session-id', reflect: true },
    busy: { state: true, attribute: false },
    actionError: { state: true, attribute: false },
    adHoc: { state: true, attribute: false },
  };

  /** The session whose agenda to show; default: the token's session (`ses` claim). */
  declare sessionId?: string;

  declare private busy?: string;
  declare private actionError?: string;
  /** The ad-hoc form while it is open: its title, and whether it was sent empty. */
  declare private adHoc?: { title: string; invalid: boolean };

  /** @internal */
  protected readonly data = new LiveData<SessionWithAgenda>(
    this,
    {
      load: (client, signal) => client.sessions.get(this.resolvedSessionId ?? '', { signal }),
      filter: (client) => ({ programId: client.getClaims()?.prg ?? '' }),
      relevant: (event) => this.concerns(event),
    },
    {
      onLoaded: (value, previous) => {
        if (previous && order(previous.agenda) !== order(value.agenda)) {
          this.announcer.announce(this.localize.term.console.announceAgendaChanged);
        }
      },
      onError: (error) => this.emit(new EchoErrorEvent(error)),
    },
  );

  private get resolvedSessionId(): string | undefined {
    return this.sessionId || this.client?.getClaims()?.ses;
  }

  /** Whether this person runs sessions: opens the room from the agenda, marks cases presented (`openSessions`). */
  private get runsSessions(): boolean {
    const role = this.client?.getClaims()?.role;
    return Boolean(role && CAPABILITIES[role]?.openSessions);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.data.configure(this.client, this.resolvedSessionId);
  }

  /** Whether an event changes this agenda: the session itself, or a case on it (or leaving it). */
  private concerns(event: EchoEvent): boolean {
    const sessionId = this.resolvedSessionId;
    if (event.sessionId === sessionId) return true;
    return Boolean(event.caseId && this.data.value?.agenda.some((item) => item.caseId === event.caseId));
  }

  private open(session: SessionWithAgenda): void {
    this.emit(new EchoSessionOpenEvent(session));
  }

  /** Runs a facilitator's action on the hub, showing its error in the agenda. */
  private async act(busy: string, action: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = busy;
    this.actionError = undefined;
    try {
      await action();
    } catch (error) {
      this.actionError = this.errorText(this.reportError(error));
    } finally {
      this.busy = undefined;
    }
  }

  /** "Open now": opens the room on the hub before its time (everyone may join), then hands it to the host. */
  private openNow(client: EchoClient, session: SessionWithAgenda): Promise<void> {
    return this.act('open', async () => {
      const opened = await client.sessions.open(session.id);
      this.data.refresh();
      this.open(opened);
    });
  }

  /** Starts an ad-hoc session now with the form's title, shows its agenda and hands it to the host. */
  private startAdHoc(client: EchoClient, event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const title = this.adHoc?.title.trim() ?? '';
    if (!title) {
      this.adHoc = { title: '', invalid: true };
      return Promise.resolve();
    }
    return this.act('ad-hoc', async () => {
      const session = await client.sessions.startNow(client.getClaims()?.prg ?? '', { title });
      this.adHoc = undefined;
      this.sessionId = session.id;
      this.open(session);
    });
  }

  private toggleAdHoc(open: boolean): void {
    this.adHoc = open ? { title: this.localize.term.console.adHocDefaultTitle, invalid: false } : undefined;
    this.actionError = undefined;
    void this.updateComplete.then(() =>
      this.shadowRoot
        ?.querySelector<HTMLElement>(open ? '[part~="ad-hoc-form"] input' : '[part~="start-ad-hoc-button"]')
        ?.focus(),
    );
  }

  private renderAdHoc(t: Translation) {
    const c = t.console;
    if (!this.runsSessions || !this.client) return nothing;
    const client = this.client;
    const form = this.adHoc;
    if (!form) {
      return html`<div class="actions">
        <button part="button start-ad-hoc-button" type="button" @click=${() => this.toggleAdHoc(true)}>
          ${c.startAdHoc}
        </button>
      </div>`;
    }
    return html`
      <form
        part="ad-hoc-form"
        class="form"
        novalidate
        @submit=${(e: SubmitEvent) => void this.startAdHoc(client, e)}
        @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.toggleAdHoc(false)}
      >
        <label
          >${c.adHocTitle}
          <input
            name="title"
            maxlength="200"
            .value=${form.title}
            aria-invalid=${form.invalid ? 'true' : 'false'}
            aria-describedby=${form.invalid ? 'ad-hoc-title-error' : nothing}
            @input=${(e: Event) => (this.adHoc = { title: (e.target as HTMLInputElement).value, invalid: false })}
          />
        </label>
        ${form.invalid ? html`<p part="error" class="error" id="ad-hoc-title-error">${c.titleRequired}</p>` : nothing}
        <div class="actions">
          <button part="button start-now-button" class="primary" type="submit" ?disabled=${this.busy === 'ad-hoc'}>
            ${c.startNow}
          </button>
          <button part="button cancel-button" type="button" @click=${() => this.toggleAdHoc(false)}>${c.cancel}</button>
        </div>
      </form>
    `;
  }

  private markPresented(client: EchoClient, item: AgendaItem): Promise<void> {
    return this.act(item.caseId, async () => {
      await client.cases.transition(item.caseId, { status: 'presented' });
      this.data.refresh();
    });
  }

  /** @internal */
  protected override renderUnconfigured(t: Translation) {
    const c = t.console;
    return html`<p part="message" class="message">${this.client ? c.noSessionSelected : c.notConfigured}</p>
      ${this.renderAdHoc(t)}
      ${this.actionError ? html`<p part="error" class="error" role="alert">${this.actionError}</p>` : nothing}`;
  }

  /** @internal */
  protected override loadingText(t: Translation): string {
    return t.console.loadingAgenda;
  }

  /** @internal */
  protected override renderReady(t: Translation, session: SessionWithAgenda) {
    return this.renderAgenda(t, session);
  }

  private renderAgenda(t: Translation, session: SessionWithAgenda) {
    const c = t.console;
    const client = this.client as EchoClient;
    const when = this.localize.dateTime(session.startsAt, { dateStyle: 'full', timeStyle: 'short' });
    const window = session.joinWindow;
    const notYetOpen = Boolean(window && !window.open && window.reason === 'not_yet_open');
    const canOpen = this.runsSessions && (session.status === 'scheduled' || session.status === 'live');
    return html`
      <div part="header" class="header">
        <div class="row">
          <h2 part="title" class="title"><bdi>${session.title}</bdi></h2>
          <span part="status" class="badge ${session.status === 'live' ? 'live' : ''}"
            >${c.sessionStatus(session.status)}</span
          >
        </div>
        <p class="muted">
          <time datetime=${session.startsAt}>${when}</time> · ${this.localize.duration(session.durationMinutes)}
        </p>
        ${
          canOpen && notYetOpen && window
            ? html`<p class="muted">
                  <time datetime=${window.opensAt}
                    >${c.joinOpensAt(this.localize.dateTime(window.opensAt, { timeStyle: 'short' }))}</time
                  >
                </p>
                <div class="actions">
                  <button
                    part="button open-button open-now-button"
                    class="primary"
                    type="button"
                    ?disabled=${this.busy === 'open'}
                    @click=${() => void this.openNow(client, session)}
                  >
                    ${c.openNow}
                  </button>
                </div>`
            : canOpen
              ? html`<div class="actions">
                  <button part="button open-button" class="primary" type="button" @click=${() => this.open(session)}>
                    ${c.openSession}
                  </button>
                </div>`
              : nothing
        }
        ${this.renderAdHoc(t)}
      </div>
      ${this.actionError ? html`<p part="error" class="error" role="alert">${this.actionError}</p>` : nothing}
      ${
        session.agenda.length === 0
          ? html`<p part="message" class="message">${c.agendaEmpty}</p>`
          : html`<ol part="list" class="list" aria-label=${c.agenda}>
              ${session.agenda.map((item, index) => this.renderItem(t, client, item, index))}
            </ol>`
      }
    `;
  }

  private renderItem(t: Translation, client: EchoClient, item: AgendaItem, index: number) {
    const c = t.console;
    const titleId = `agenda-${item.caseId}`;
    return html`
      <li part="item" class="card item" data-case=${item.caseId} aria-labelledby=${titleId}>
        <span part="position" class="position" aria-hidden="true">${index + 1}</span>
        <div class="content">
          <div class="row">
            <span part="case-title" class="title" id=${titleId}><bdi>${item.title}</bdi></span>
            <span part="status" class="badge">${c.caseStatus(item.status)}</span>
          </div>
          <div class="actions">
            <button
              part="button read-button"
              type="button"
              @click=${() =>
                this.emit(new EchoCaseSelectEvent({ caseId: item.caseId, title: item.title, status: item.status }))}
            >
              ${c.read}
            </button>
            ${
              this.runsSessions && item.status === 'scheduled'
                ? html`<button
                    part="button presented-button"
                    type="button"
                    ?disabled=${this.busy === item.caseId}
                    @click=${() => void this.markPresented(client, item)}
                  >
                    ${c.markPresented}
                  </button>`
                : nothing
            }
          </div>
        </div>
      </li>
    `;
  }
}

function order(agenda: AgendaItem[]): string {
  return agenda.map((item) => item.caseId).join(',');
}

declare global {
  interface HTMLElementTagNameMap {
    'echo-agenda': EchoAgenda;
  }
}
