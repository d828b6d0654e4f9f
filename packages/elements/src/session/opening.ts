/**
 * Waiting for a session's room to open: "Opens at …" with a live countdown, the hub's `session.opened` event (a
 * facilitator opened the room early), and the facilitator's "Open session now". The host joins when told to.
 * @packageDocumentation
 */
import type { EchoClient, EchoEvent, SessionJoinWindow } from '@teleecho/sdk';
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { SessionTranslation } from '../translations/types.js';

/** What the waiting page does when something happens. */
export interface OpeningHooks {
  /** The room opened (the hub's event, or the countdown reached zero): join now. */
  opened(): void;
  /** Something else changed about the session, or the live stream (re)connected: read the session again. */
  changed(): void;
}

/** After the countdown ran out but the hub still said "not open" (clocks differ): try again after this long. */
const RETRY_MS: readonly number[] = [2_000, 5_000, 10_000, 30_000];
const RETRY_MAX_MS = 30_000;

/**
 * While a session's room is not open yet: ticks a clock for the countdown, follows the live events of the programme
 * and calls {@link OpeningHooks.opened} once when the room opens — on `session.opened`, or when the countdown reaches
 * zero. A countdown that ran out without the room opening (the hub's clock is behind this one) waits a little longer
 * each time (2, 5, 10, then every 30 seconds), so the page never asks the hub in a tight loop.
 */
export class SessionOpeningController implements ReactiveController {
  /** The window being waited for; `undefined` when not waiting. */
  window?: SessionJoinWindow;
  /** The current time, updated every second while waiting (what the countdown shows). */
  now = Date.now();

  private client?: EchoClient;
  private sessionId?: string;
  private abort?: AbortController;
  private timer?: ReturnType<typeof setInterval>;
  /** When the countdown next tells the host to join. */
  private dueAt = 0;
  /** Countdowns that ran out without the room opening, for this session. */
  private early = 0;
  private fired = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly hooks: OpeningHooks,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.window && this.client && this.sessionId) this.follow(this.client, this.sessionId);
  }

  hostDisconnected(): void {
    this.unfollow();
  }

  /** Milliseconds until the room opens by its schedule (0 once due). */
  get remainingMs(): number {
    return this.window ? Math.max(0, Date.parse(this.window.opensAt) - this.now) : 0;
  }

  /** Waits for `window` to open (call again with what the hub said last; it keeps one subscription). */
  wait(client: EchoClient, sessionId: string, window: SessionJoinWindow): void {
    if (sessionId !== this.sessionId || client !== this.client) {
      this.early = 0;
      this.fired = false;
    }
    const opensAt = Date.parse(window.opensAt);
    const retry = this.fired ? Date.now() + (RETRY_MS[this.early++] ?? RETRY_MAX_MS) : 0;
    this.window = window;
    this.dueAt = Math.max(opensAt, retry);
    this.fired = false;
    this.now = Date.now();
    if (!this.abort || client !== this.client || sessionId !== this.sessionId) this.follow(client, sessionId);
    this.host.requestUpdate();
  }

  /** Stops waiting (the room is open, or the page joins or goes away). */
  stop(): void {
    this.unfollow();
    this.window = undefined;
    this.host.requestUpdate();
  }

  private follow(client: EchoClient, sessionId: string): void {
    this.unfollow();
    this.client = client;
    this.sessionId = sessionId;
    const abort = (this.abort = new AbortController());
    let connected = false;
    client.events.subscribe(
      { programId: client.getClaims()?.prg ?? '' },
      (event: EchoEvent) => {
        if (abort.signal.aborted || event.sessionId !== sessionId) return;
        if (event.type === 'session.opened') this.fire();
        else if (event.type.startsWith('session.')) this.hooks.changed();
      },
      {
        signal: abort.signal,
        onStatus: (status) => {
          // The session may have opened between reading it and this stream's first connect (reconnects replay).
          if (status === 'open' && !connected && !abort.signal.aborted) {
            connected = true;
            this.hooks.changed();
          }
        },
      },
    );
    this.timer = setInterval(() => this.tick(), 1000);
  }

  private unfollow(): void {
    this.abort?.abort();
    this.abort = undefined;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    this.now = Date.now();
    if (this.window && this.now >= this.dueAt) this.fire();
    this.host.requestUpdate();
  }

  private fire(): void {
    if (!this.window || this.fired) return;
    this.fired = true;
    this.hooks.opened();
  }
}

/** A countdown such as "4:59", "1:04:59" or "6 days, 3 hours", in the element's language. */
export function formatCountdown(ms: number, lang: string): string {
  const total = Math.ceil(ms / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3_600);
  if (days >= 1) {
    const unit = (value: number, u: 'day' | 'hour') =>
      new Intl.NumberFormat(lang, { style: 'unit', unit: u, unitDisplay: 'long' }).format(value);
    const parts = [unit(days, 'day'), ...(hours ? [unit(hours, 'hour')] : [])];
    return new Intl.ListFormat(lang, { style: 'long', type: 'unit' }).format(parts);
  }
  const two = new Intl.NumberFormat(lang, { minimumIntegerDigits: 2, useGrouping: false });
  const one = new Intl.NumberFormat(lang, { useGrouping: false });
  const minutes = Math.floor((total % 3_600) / 60);
  const seconds = total % 60;
  return hours
    ? `${one.format(hours)}:${two.format(minutes)}:${two.format(seconds)}`
    : `${one.format(minutes)}:${two.format(seconds)}`;
}

/** What {@link renderOpening} shows. */
export interface OpeningView {
  t: SessionTranslation;
  lang: string;
  /** Formats a date in the element's language. */
  dateTime(date: string, options: Intl.DateTimeFormatOptions): string;
  opening: SessionOpeningController;
  /** The person may open the room now (facilitators, coordinators). */
  canOpen: boolean;
  /** An "Open session now" request is in flight. */
  busy: boolean;
  openNow(): void;
}

/** The waiting panel of the pre-join screen: when the room opens, the countdown, and "Open session now". */
export function renderOpening(view: OpeningView): TemplateResult | typeof nothing {
  const { t, opening } = view;
  const window = opening.window;
  if (!window) return nothing;
  const sameDay = new Date(window.opensAt).toDateString() === new Date(opening.now).toDateString();
  const time = view.dateTime(
    window.opensAt,
    sameDay
      ? { timeStyle: 'short' }
      : { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' },
  );
  return html`
    <div part="opening" class="opening">
      <p class="opens-at"><time datetime=${window.opensAt}>${t.opensAt(time)}</time></p>
      <p part="countdown" class="countdown" role="timer">
        ${t.opensIn(formatCountdown(opening.remainingMs, view.lang))}
      </p>
      ${
        view.canOpen
          ? html`<button
                part="open-now-button"
                type="button"
                class="primary"
                ?disabled=${view.busy}
                @click=${() => view.openNow()}
              >
                ${view.busy ? t.opening : t.openNow}
              </button>
              <p class="hint">${t.openNowHint}</p>`
          : html`<p class="hint">${t.joinsWhenOpen}</p>`
      }
    </div>
  `;
}
