import type { EchoClient, EchoEvent, Session, SubscriptionStatus } from '@teleecho/sdk';
import type { EchoError } from '@teleecho/sdk';
import { html, nothing } from 'lit';
import type { PropertyDeclarations, PropertyValues } from 'lit';
import { EchoErrorEvent } from '../events/echo-error.js';
import { EchoSessionSelectEvent } from '../events/echo-session-select.js';
import { Announcer } from '../internal/announcer.js';
import { EchoElement } from '../internal/echo-element.js';
import { errorMessage, toEchoError } from '../internal/errors.js';
import { hostStyles } from '../internal/styles.js';
import type { RecurrenceFrequency, Translation } from '../translations/types.js';
import { scheduleStyles } from './echo-schedule.styles.js';

/** Sessions that started up to this long ago are fetched too, so one running now still shows as live. */
const LOOKBACK_MS = 12 * 60 * 60 * 1000;

type Status = 'unconfigured' | 'loading' | 'ready' | 'error';

/**
 * A programme's upcoming teleECHO sessions: title, topic, date and time in the viewer's language and time zone,
 * duration and recurrence, with a "live now" badge. Updates live from the hub's event stream and announces
 * changes politely to screen readers. Each session is a button that emits `echo-session-select`.
 *
 * @summary Upcoming sessions of a programme, updated live.
 * @tagname echo-schedule
 *
 * @slot heading - Optional heading shown above the list.
 * @slot empty - Replaces the "No upcoming sessions" text.
 *
 * @event {EchoSessionSelectEvent} echo-session-select - The user chose a session; `detail: { sessionId, session }`.
 * @event {EchoErrorEvent} echo-error - Loading or live updates failed; `detail: { error }` (an `EchoError`).
 *
 * @csspart base - The root wrapper.
 * @csspart list - The list of sessions (`<ul>`).
 * @csspart item - One session's button.
 * @csspart title - A session's title.
 * @csspart topic - A session's didactic topic.
 * @csspart time - A session's date and time (`<time>`).
 * @csspart badge - The "Live now" or "Cancelled" badge.
 * @csspart message - The loading and empty texts.
 * @csspart error - The error box (message and retry button).
 * @csspart retry-button - The retry button.
 *
 * @cssproperty --echo-color-primary - Accent colour: focus ring, hover border, times.
 * @cssproperty --echo-color-surface - Background.
 * @cssproperty --echo-color-surface-raised - Background of the rows.
 * @cssproperty --echo-color-text - Text colour.
 * @cssproperty --echo-color-muted - Secondary text (topic, duration).
 * @cssproperty --echo-color-border - Row borders.
 * @cssproperty --echo-color-danger - Error text and border.
 * @cssproperty --echo-color-live - The "Live now" badge.
 * @cssproperty --echo-radius - Corner radius.
 * @cssproperty --echo-space - Base spacing unit.
 * @cssproperty --echo-font-family - Font family.
 * @cssproperty --echo-font-size - Base font size (default: the viewer's preferred size).
 */
export class EchoSchedule extends EchoElement {
  static override tagName = 'echo-schedule';
  /** Shared host styles, then the schedule's own. */
  static override styles = [hostStyles, scheduleStyles];

  static override properties: PropertyDeclarations = {
    programId: { attribute: 'program-id', reflect: true },
    limit: { type: Number },
    timeZone: { attribute: 'time-zone' },
    status: { state: true, attribute: false },
    sessions: { state: true, attribute: false },
    error: { state: true, attribute: false },
    liveStatus: { state: true, attribute: false },
  };

  /** The programme whose sessions to show; default: the programme of the token (`prg` claim). */
  declare programId?: string;

  /** How many sessions to show at most (1–100). */
  declare limit: number;

  /** IANA time zone for dates, e.g. `America/Lima`; default: the viewer's. */
  declare timeZone?: string;

  /**
   * State of the live-update connection: `connecting`, `open`, `reconnecting` (a "Reconnecting…" note is shown) or
   * `closed` (not subscribed, or stopped for good).
   */
  declare liveStatus: SubscriptionStatus;

  declare private status: Status;
  declare private sessions: Session[];
  declare private error?: EchoError;

  /** Bumped by every start/stop; async results of an older run are dropped. */
  private run = 0;
  private abort?: AbortController;
  private staleWhileLoading = false;
  private announceNextLoad = false;
  private shownFor?: { client: EchoClient; programId: string };

  private readonly announcer = new Announcer(this);

  constructor() {
    super();
    this.limit = 10;
    this.status = 'unconfigured';
    this.sessions = [];
    this.liveStatus = 'closed';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const inputs = ['client', 'clientError', 'programId', 'limit'];
    if (this.isConnected && (!this.hasUpdated || inputs.some((key) => changed.has(key)))) this.start();
  }

  /** Loads the sessions again (what the retry button does). */
  reload(): void {
    this.announceNextLoad = true; // the user asked: tell them what came back
    this.start();
  }

  private get resolvedProgramId(): string | undefined {
    return this.programId || this.client?.getClaims()?.prg;
  }

  /** (Re)starts loading and the live subscription for the current client and programme. */
  private start(): void {
    this.stop();
    const run = ++this.run;
    const client = this.client;
    const programId = this.resolvedProgramId;
    this.error = undefined;
    if (!client || !programId) {
      this.status = 'unconfigured';
      return;
    }
    // Same source again (e.g. the element was moved in the page): keep showing the list while it refreshes.
    const refreshing =
      this.status === 'ready' && this.shownFor?.client === client && this.shownFor.programId === programId;
    if (!refreshing) this.status = 'loading';
    this.staleWhileLoading = false;
    const { signal } = (this.abort = new AbortController());
    client.events.subscribe({ programId }, (event) => void this.onHubEvent(client, event, run), {
      signal,
      onStatus: (status) => {
        if (run === this.run) this.liveStatus = status;
      },
      // Live updates stopped for good (e.g. the token expired with no getToken). While loading, the load reports
      // the same cause; afterwards the list stays visible and the host hears about it.
      onError: (error: EchoError) => {
        if (run === this.run && this.status !== 'loading') this.emit(new EchoErrorEvent(error));
      },
    });
    void this.load(client, programId, run, signal);
  }

  /** Cancels the running load and live subscription; results still in flight are ignored. */
  private stop(): void {
    this.run++;
    this.abort?.abort();
    this.abort = undefined;
    this.liveStatus = 'closed';
  }

  private async load(client: EchoClient, programId: string, run: number, signal: AbortSignal): Promise<void> {
    try {
      const limit = Math.min(Math.max(Math.trunc(this.limit) || 10, 1), 100);
      const from = new Date(Date.now() - LOOKBACK_MS).toISOString();
      const page = await client.sessions.list(programId, { from, limit: Math.min(limit * 2, 100) }, { signal });
      if (run !== this.run) return;
      this.sessions = upcoming(page.items).slice(0, limit);
      this.status = 'ready';
      this.shownFor = { client, programId };
      if (this.announceNextLoad) this.announce(this.localize.term.sessionCount(this.sessions.length));
      this.announceNextLoad = false;
      if (this.staleWhileLoading) {
        // A change arrived while this list was on its way: fetch once more so it is not lost.
        this.staleWhileLoading = false;
        void this.load(client, programId, run, signal);
      }
    } catch (error) {
      if (run !== this.run) return;
      this.stop();
      this.error = toEchoError(error);
      this.status = 'error';
      this.emit(new EchoErrorEvent(this.error));
    }
  }

  private async onHubEvent(client: EchoClient, event: EchoEvent, run: number): Promise<void> {
    if (run !== this.run || !event.type.startsWith('session.') || !event.sessionId) return;
    if (this.status === 'loading') {
      this.staleWhileLoading = true;
      return;
    }
    let session = sessionFromEvent(event);
    try {
      session ??= await client.sessions.get(event.sessionId, { signal: this.abort?.signal });
    } catch {
      return; // e.g. no longer visible; the next change or reload will catch up
    }
    if (run === this.run) this.apply(session);
  }

  /** Puts a changed session into the list and announces what happened to it. */
  private apply(session: Session): void {
    const before = this.sessions.find((s) => s.id === session.id);
    if (before && before.updatedAt === session.updatedAt && before.status === session.status) return; // seen
    const others = this.sessions.filter((s) => s.id !== session.id);
    this.sessions = upcoming([...others, session]).slice(0, Math.max(this.limit, others.length));
    const shown = this.sessions.some((s) => s.id === session.id);
    if (!before && !shown) return;
    const t = this.localize.term;
    const changedTo = (status: Session['status']) => session.status === status && before?.status !== status;
    let message = t.announceUpdated(session.title);
    if (changedTo('live')) message = t.announceLive(session.title);
    else if (changedTo('ended')) message = t.announceEnded(session.title);
    else if (changedTo('cancelled')) message = t.announceCancelled(session.title);
    else if (!before) message = t.announceAdded(session.title);
    this.announce(message);
  }

  private announce(message: string): void {
    this.announcer.announce(message);
  }

  private select(session: Session): void {
    this.emit(new EchoSessionSelectEvent(session));
  }

  private formatStart(startsAt: string): string {
    const options: Intl.DateTimeFormatOptions = {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    };
    try {
      return this.localize.dateTime(startsAt, { ...options, ...(this.timeZone ? { timeZone: this.timeZone } : {}) });
    } catch {
      return this.localize.dateTime(startsAt, options); // unknown time zone: the viewer's
    }
  }

  protected override render() {
    const t = this.localize.term;
    return html`
      <div part="base" class="base" dir=${this.localize.dir} lang=${this.localize.lang}>
        <slot name="heading"></slot>
        ${this.renderBody(t)}
        ${
          this.status === 'ready' && this.liveStatus === 'reconnecting'
            ? html`<p part="message" class="message reconnecting">${t.reconnecting}</p>`
            : nothing
        }
        <div class="visually-hidden" role="status">${this.announcer.message}</div>
      </div>
    `;
  }

  private renderBody(t: Translation) {
    switch (this.status) {
      case 'unconfigured':
        return html`<p part="error" class="error">${t.errorNotConfigured}</p>`;
      case 'loading':
        return html`<p part="message" class="message loading">${t.loadingSessions}</p>`;
      case 'error':
        return html`
          <div part="error" class="error" role="alert">
            <p>${errorMessage(t, this.error)}</p>
            <button part="retry-button" type="button" @click=${() => this.reload()}>${t.retry}</button>
          </div>
        `;
      case 'ready':
        if (this.sessions.length === 0) {
          return html`<p part="message" class="message"><slot name="empty">${t.noUpcomingSessions}</slot></p>`;
        }
        return html`
          <ul part="list" class="list" aria-label=${t.upcomingSessions}>
            ${this.sessions.map((s) => this.renderSession(t, s))}
          </ul>
        `;
    }
  }

  private renderSession(t: Translation, session: Session) {
    const repeat = parseRecurrence(session.recurrence);
    const badge =
      session.status === 'live'
        ? html`<span part="badge" class="badge live">${t.liveNow}</span>`
        : session.status === 'cancelled'
          ? html`<span part="badge" class="badge cancelled">${t.cancelled}</span>`
          : nothing;
    return html`
      <li class="row">
        <button part="item" type="button" class="item ${session.status}" @click=${() => this.select(session)}>
          <span class="heading">
            <span part="title" class="title"><bdi>${session.title}</bdi></span>
            ${badge}
          </span>
          ${session.topic ? html`<span part="topic" class="topic"><bdi>${session.topic}</bdi></span>` : nothing}
          <span class="meta"
            ><span class="meta-items">
              <time part="time" datetime=${session.startsAt}>${this.formatStart(session.startsAt)}</time>
              <span>${this.localize.duration(session.durationMinutes)}</span>
              ${repeat ? html`<span>${t.recurrence(repeat.frequency, repeat.interval)}</span>` : nothing}
            </span></span
          >
        </button>
      </li>
    `;
  }
}

/** Sessions still ahead or running, soonest first. */
function upcoming(sessions: Session[]): Session[] {
  const now = Date.now();
  return sessions
    .filter((s) => {
      if (s.status === 'live') return true;
      if (s.status === 'ended') return false;
      return new Date(s.startsAt).getTime() + s.durationMinutes * 60_000 > now;
    })
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
}

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Session>;
  return typeof v.id === 'string' && typeof v.startsAt === 'string' && typeof v.status === 'string';
}

/** The session carried by a `session.*` event, if its payload is one (or wraps one as `session`). */
function sessionFromEvent(event: EchoEvent): Session | undefined {
  const data = event.data as { session?: unknown } | undefined;
  const candidate = isSession(data) ? data : isSession(data?.session) ? data.session : undefined;
  return candidate?.id === event.sessionId ? candidate : undefined;
}

/** FREQ and INTERVAL of an RFC 5545 RRULE (with or without the `RRULE:` prefix). */
function parseRecurrence(rule: string | undefined): { frequency: RecurrenceFrequency; interval: number } | undefined {
  if (!rule) return undefined;
  const fields = new Map(
    rule
      .replace(/^RRULE:/i, '')
      .split(';')
      .map((pair) => pair.split('=').map((x) => x.trim().toUpperCase()) as [string, string]),
  );
  const frequency = fields.get('FREQ');
  if (frequency !== 'DAILY' && frequency !== 'WEEKLY' && frequency !== 'MONTHLY' && frequency !== 'YEARLY') {
    return undefined;
  }
  const interval = Number.parseInt(fields.get('INTERVAL') ?? '1', 10);
  return { frequency, interval: Number.isFinite(interval) && interval > 0 ? interval : 1 };
}

declare global {
  interface HTMLElementTagNameMap {
    'echo-schedule': EchoSchedule;
  }
}
