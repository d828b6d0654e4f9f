import { CAPABILITIES, EchoError, PUBLISH_SOURCES, SessionEvent } from '@teleecho/sdk';
import { joinSession, preloadSessionLibrary } from '@teleecho/sdk/session';
import type { DeviceKind, EchoClient, LiveSession as EchoSession, Role, SessionWithAgenda } from '@teleecho/sdk';
import { html, nothing } from 'lit';
import type { PropertyDeclarations, PropertyValues } from 'lit';
import { EchoErrorEvent } from '../events/echo-error.js';
import { EchoHandRaisedEvent } from '../events/echo-hand-raised.js';
import { EchoSessionJoinedEvent } from '../events/echo-session-joined.js';
import { EchoSessionLeftEvent } from '../events/echo-session-left.js';
import { Announcer } from '../internal/announcer.js';
import { EchoElement } from '../internal/echo-element.js';
import { errorMessage, toEchoError } from '../internal/errors.js';
import { hostStyles } from '../internal/styles.js';
import type { SessionTranslation } from '../translations/types.js';
import { CallController } from './call-controller.js';
import { renderCall, type Panel } from './call-view.js';
import { sessionStyles } from './echo-session.styles.js';
import { MediaPreviewController } from './media-preview.js';
import { SessionOpeningController } from './opening.js';
import { renderPrejoin } from './prejoin-view.js';
import { screenCaptureAllowed } from './screen-window.js';

type Phase = 'unconfigured' | 'loading' | 'prejoin' | 'joining' | 'joined' | 'left';

/**
 * A live teleECHO session: a pre-join device check (camera preview, microphone level, device pickers, "join with
 * audio only"), then the call — a responsive video grid with the active speaker highlighted, a focus layout for
 * screen shares, own controls, participants with roles and raised hands in order, chat, connection quality,
 * reconnecting / low-bandwidth banners and an "enable audio" prompt. `livekit-client` is loaded only on join.
 *
 * Before the room opens, the pre-join screen says when it opens with a live countdown and joins by itself when it
 * opens (the hub's `session.opened` event, or the time); facilitators get "Open session now". A hub without video
 * says so ("Video is not set up on this hub"; `livekit_not_configured` in `echo-error`) and is not asked again.
 *
 * @summary Join a live teleECHO session (LiveKit video) from any page.
 * @tagname echo-session
 *
 * @event {EchoSessionJoinedEvent} echo-session-joined - Connected; `detail: { sessionId, identity, session }`.
 * @event {EchoSessionLeftEvent} echo-session-left - Left, removed or the session ended;
 *   `detail: { sessionId, reason }`.
 * @event {EchoHandRaisedEvent} echo-hand-raised - A hand went up or down; `detail: { hand, raised, hands, local }`.
 * @event {EchoErrorEvent} echo-error - Loading, joining or a media action failed; `detail: { error }`.
 *
 * @csspart base - The root wrapper.
 * @csspart prejoin - The pre-join screen.
 * @csspart preview - The camera preview `<video>`.
 * @csspart meter - The microphone level meter.
 * @csspart device-select - A device picker (`<select>`).
 * @csspart join-button - The join button.
 * @csspart opening - Before the room opens: when it opens, the countdown (`countdown`) and, for facilitators, the
 *   `open-now-button`.
 * @csspart audio-only-button - The "join with audio only" button.
 * @csspart message - Notes and errors (denied or missing devices, not open).
 * @csspart grid - The video grid.
 * @csspart focus - The screen-share focus layout.
 * @csspart screen - The shared screen.
 * @csspart filmstrip - The tiles beside a shared screen.
 * @csspart tile - A participant's tile (`tile-speaking` is added for the active speaker).
 * @csspart video - A `<video>` element.
 * @csspart controls - The controls toolbar.
 * @csspart control - Each control button (plus `control-<name>`: microphone, camera, screen, hand, low-bandwidth,
 *   settings, chat, people, end (facilitators), leave).
 * @csspart quality - The connection-quality indicator.
 * @csspart banner - Banners (plus `banner-reconnecting`, `banner-low-bandwidth`, `banner-audio`).
 * @csspart enable-audio-button - The "enable audio" button.
 * @csspart screen-window - Where the frame forbids screen capture (no `display-capture` in its `allow`): "Screen
 *   sharing needs this session in its own window", in place of the screen-share control and on the pre-join screen
 *   of those who may share; `open-window-button` its button (opens `standalone-url`).
 * @csspart panel - The side panel (plus `people-panel`, `chat-panel`, `settings-panel` with the in-call device
 *   pickers, each a `device-select`).
 * @csspart spotlight-button - Facilitators: puts a participant in focus for everyone (`aria-pressed` when on).
 * @csspart mute-participant-button - Facilitators: mutes a participant.
 * @csspart end-dialog - Facilitators: the "end the session for everyone?" dialog; `cancel-end-button` and
 *   `confirm-end-button` its buttons.
 * @csspart participant-list - The participant list; `participant` each entry; `hands` the raised hands in order.
 * @csspart chat-log - The chat messages; `chat-message` each; `chat-form` the composer.
 *
 * @cssproperty --echo-color-primary - Accent: join button, active speaker ring, focus ring.
 * @cssproperty --echo-color-surface - Background.
 * @cssproperty --echo-color-surface-raised - Panels and controls.
 * @cssproperty --echo-color-text - Text colour.
 * @cssproperty --echo-color-muted - Secondary text.
 * @cssproperty --echo-color-border - Borders.
 * @cssproperty --echo-color-danger - Leave button, errors.
 * @cssproperty --echo-session-stage - Background behind videos (default near-black).
 * @cssproperty --echo-session-height - Height of the in-session view (default `min(100dvh, 44em)`).
 * @cssproperty --echo-radius - Corner radius.
 * @cssproperty --echo-space - Base spacing unit.
 * @cssproperty --echo-font-family - Font family.
 */
export class EchoSessionElement extends EchoElement {
  static override tagName = 'echo-session';
  /** Shared host styles, then the session's own. */
  static override styles = [hostStyles, sessionStyles];

  static override properties: PropertyDeclarations = {
    sessionId: { attribute: 'session-id', reflect: true },
    standaloneUrl: { attribute: 'standalone-url' },
    lowBandwidth: { attribute: 'low-bandwidth', type: Boolean, reflect: true },
    phase: { state: true, attribute: false },
    info: { state: true, attribute: false },
    error: { state: true, attribute: false },
    panel: { state: true, attribute: false },
    busy: { state: true, attribute: false },
    endReason: { state: true, attribute: false },
    confirmingEnd: { state: true, attribute: false },
  };

  /** The session to join; default: the session of the token (`ses` claim). */
  declare sessionId?: string;
  /**
   * Where the frame forbids screen capture, the button "Open in its own window" opens this URL (default: the current
   * page). Set it when the page cannot simply be loaded again (the LTI session page sets a link of its own).
   */
  declare standaloneUrl?: string;
  /** Join (and stay) in low-bandwidth mode: audio only, no camera, no video received. */
  declare lowBandwidth: boolean;
  /**
   * How long (ms) your connection quality must stay poor before the element offers low-bandwidth mode
   * (default 10 000). Read on join.
   */
  lowBandwidthSuggestAfterMs?: number;

  declare private phase: Phase;
  declare private info?: SessionWithAgenda;
  declare private error?: EchoError;
  declare private panel: Panel;
  declare private busy: boolean;
  declare private endReason?: string;
  declare private confirmingEnd: boolean;

  private readonly announcer = new Announcer(this);
  private readonly preview = new MediaPreviewController(this);
  private readonly call = new CallController(this, {
    onHand: (hand, raised, hands) => {
      const local = hand.identity === this.call.session?.identity;
      this.emit(new EchoHandRaisedEvent({ hand, raised, hands, local }));
      if (raised && !local) this.announce(this.t.announceHand(hand.name));
    },
    onChat: (message) => {
      if (!message.local) this.announce(this.t.announceChat(message.name, message.text));
    },
    onPresence: (p, joined) => this.announce(joined ? this.t.announceJoined(p.name) : this.t.announceLeft(p.name)),
    onDisconnected: (reason) => this.onLeft(reason),
    onMutedByFacilitator: () => this.announce(this.t.mutedByFacilitator),
  });
  private readonly opening = new SessionOpeningController(this, {
    opened: () => this.joinWhenOpen(),
    changed: () => void this.recheck(),
  });
  private run = 0;
  private loadedFor?: { client: EchoClient; sessionId: string };

  constructor() {
    super();
    this.lowBandwidth = false;
    this.phase = 'unconfigured';
    this.panel = 'none';
    this.busy = false;
    this.confirmingEnd = false;
  }

  /** The SDK session while joined (for facilitator controls and anything the element does not cover). */
  get session(): EchoSession | undefined {
    return this.call.session;
  }

  private get t(): SessionTranslation {
    return this.localize.term.session;
  }

  private get resolvedSessionId(): string | undefined {
    return this.sessionId || this.client?.getClaims()?.ses;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && this.phase === 'prejoin') void this.startPreview();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (['client', 'sessionId'].some((key) => changed.has(key)) || !this.hasUpdated) void this.load();
    if (changed.has('lowBandwidth') && this.call.session && changed.get('lowBandwidth') !== undefined) {
      void this.setLowBandwidth(this.lowBandwidth);
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // A <video> that Lit moved or re-inserted is paused by the browser: play it again.
    for (const { element } of this.call.videos) {
      if (element.isConnected && element.paused) void element.play().catch(() => undefined);
    }
    const dialog = this.shadowRoot?.querySelector<HTMLDialogElement>('dialog.confirm');
    if (dialog && !dialog.open) dialog.showModal();
  }

  /** Loads the session's title and time, then opens the device check. */
  private async load(): Promise<void> {
    const client = this.client;
    const sessionId = this.resolvedSessionId;
    if (this.phase === 'joined' || this.phase === 'joining') return;
    if (!client || !sessionId) {
      this.phase = 'unconfigured';
      return;
    }
    if (this.loadedFor?.client === client && this.loadedFor.sessionId === sessionId) return;
    this.loadedFor = { client, sessionId };
    const run = ++this.run;
    this.phase = 'loading';
    this.error = undefined;
    try {
      const info = await client.sessions.get(sessionId);
      if (run !== this.run) return;
      this.info = info;
      this.waitIfClosed(client, sessionId, info);
    } catch (error) {
      if (run !== this.run) return;
      this.fail(error);
    }
    this.phase = 'prejoin';
    if (this.isConnected) void this.startPreview();
  }

  /** Waits for the room when the hub says it is not open yet (the countdown, then a join by itself). */
  private waitIfClosed(client: EchoClient, sessionId: string, info: SessionWithAgenda): void {
    const window = info.joinWindow;
    if (window && !window.open && window.reason === 'not_yet_open') this.opening.wait(client, sessionId, window);
    else this.opening.stop();
  }

  /** Reads the session again while waiting (it changed, or the live stream connected); joins if it opened. */
  private async recheck(): Promise<void> {
    const client = this.client;
    const sessionId = this.resolvedSessionId;
    if (!client || !sessionId || this.phase !== 'prejoin') return;
    const run = this.run;
    try {
      const info = await client.sessions.get(sessionId);
      if (run !== this.run || this.phase !== 'prejoin') return;
      this.info = info;
      if (info.joinWindow?.open && this.opening.window) this.joinWhenOpen();
      else this.waitIfClosed(client, sessionId, info);
    } catch {
      // keep waiting: the next event or the end of the countdown asks again
    }
  }

  /** The room opened while this page waited: join by itself. */
  private joinWhenOpen(): void {
    if (this.phase !== 'prejoin' || !this.opening.window) return;
    this.opening.stop();
    this.announce(this.t.announceOpened);
    void this.join();
  }

  /** Facilitators: opens the room now, before its time, and joins (everyone waiting joins too). */
  async openNow(): Promise<void> {
    const client = this.client;
    const sessionId = this.resolvedSessionId;
    if (!client || !sessionId || this.busy || this.phase !== 'prejoin') return;
    this.busy = true;
    this.error = undefined;
    try {
      this.info = await client.sessions.open(sessionId);
      this.opening.stop();
    } catch (error) {
      this.fail(error);
      return;
    } finally {
      this.busy = false;
    }
    await this.join();
  }

  /** Whether this person may open the room early (the capability table's `openSessions`). */
  private get mayOpen(): boolean {
    const role = this.client?.getClaims()?.role as Role | undefined;
    return Boolean(role && CAPABILITIES[role]?.openSessions);
  }

  /** Whether the last error is one only the hub's operator can fix: joining is not offered again. */
  private get cannotJoin(): boolean {
    return this.error?.code === 'livekit_not_configured';
  }

  /** Whether the token only lets this user listen and watch (an observer publishes nothing). */
  private get listenOnly(): boolean {
    return this.client?.getClaims()?.role === 'observer';
  }

  /** Where this frame forbids screen capture: the URL that opens the session in its own window. */
  private get screenWindowUrl(): string | undefined {
    return screenCaptureAllowed() ? undefined : this.standaloneUrl || location.href;
  }

  /** Opens the device check; a listen-only user is not asked for camera or microphone. */
  private startPreview(): Promise<void> {
    this.preview.capture = !this.listenOnly;
    return this.preview.start();
  }

  /** Joins the session (what the join button does); `audioOnly` joins in low-bandwidth mode. */
  async join(options: { audioOnly?: boolean } = {}): Promise<void> {
    const client = this.client;
    const sessionId = this.resolvedSessionId;
    if (!client || !sessionId || this.phase === 'joining' || this.phase === 'joined') return;
    const run = ++this.run;
    this.phase = 'joining';
    this.error = undefined;
    const { microphoneId, cameraId, speakerId, hasCamera, hasMicrophone } = this.preview;
    const lowBandwidth = Boolean(options.audioOnly) || this.lowBandwidth;
    const publish = !this.listenOnly;
    try {
      const session = await joinSession(client, sessionId, {
        lowBandwidth,
        audio: publish && (hasMicrophone || !this.preview.problem),
        video: publish && !lowBandwidth && (hasCamera || !this.preview.problem),
        audioDeviceId: microphoneId,
        videoDeviceId: cameraId,
        audioOutputDeviceId: speakerId,
        lowBandwidthSuggestAfterMs: this.lowBandwidthSuggestAfterMs,
        connect: false, // follow the session before connecting, so no early track or hand is missed
      });
      if (run !== this.run) return;
      // The hub let us in: only now free the camera for LiveKit (some phones allow one capture at a time). A refusal
      // (not open, no video on this hub) leaves the preview running; reopening a camera just released can fail.
      this.preview.stop();
      this.call.attach(session);
      // Show the call as soon as the room is connected, so remote video renders while your microphone and
      // camera are still being published (waiting for those delayed the first remote frame).
      const off = session.on(SessionEvent.Connected, () => {
        if (run !== this.run) return;
        this.phase = 'joined';
        this.emit(new EchoSessionJoinedEvent(session));
      });
      try {
        await session.connect();
      } catch (error) {
        if (!session.connected || run !== this.run) {
          this.call.detach();
          void session.leave().catch(() => undefined);
          throw error;
        }
        this.fail(error); // in the call, but the microphone or camera could not be published: say so, stay
      } finally {
        off();
      }
      if (run !== this.run) return void session.leave();
    } catch (error) {
      if (run !== this.run) return;
      this.fail(error);
      this.phase = 'prejoin';
      if (!this.preview.stream) void this.startPreview();
      // Not open after all (a clock ahead of the hub's): back to the countdown, which waits before asking again.
      if (error instanceof EchoError && error.code === 'session_not_open') void this.recheck();
    }
  }

  /** The user is about to join (pointer over, focus on a join button): start loading the video library. */
  private readonly preload = () => void preloadSessionLibrary().catch(() => undefined);

  /** Leaves the session. */
  async leave(): Promise<void> {
    await this.call.session?.leave();
  }

  private onLeft(reason: string): void {
    if (this.phase !== 'joined') return; // a failed connect is reported by join()
    const sessionId = this.call.session?.sessionId ?? this.resolvedSessionId ?? '';
    this.call.detach();
    this.panel = 'none';
    this.confirmingEnd = false;
    this.endReason = reason;
    this.phase = 'left';
    this.emit(new EchoSessionLeftEvent(sessionId, reason));
  }

  private fail(error: unknown): void {
    this.error = toEchoError(error);
    this.emit(new EchoErrorEvent(this.error));
  }

  private announce(message: string): void {
    this.announcer.announce(message);
  }

  private async act(action: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    try {
      await action();
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = false;
      this.call.refresh();
    }
  }

  private async setLowBandwidth(enabled: boolean): Promise<void> {
    await this.act(async () => this.call.session?.setLowBandwidth(enabled));
  }

  private readonly view = {
    togglePanel: (panel: Panel) => {
      this.panel = this.panel === panel ? 'none' : panel;
      if (this.panel === 'chat') this.call.unreadChat = 0;
      if (this.panel === 'settings') void this.call.loadDevices();
      void this.updateComplete.then(() => {
        const target = { chat: '#chat-input', people: '.panel .close', settings: '.panel .close', none: '.chat' }[
          this.panel
        ];
        this.shadowRoot?.querySelector<HTMLElement>(target)?.focus();
      });
    },
    toggleMicrophone: () =>
      void this.act(async () => this.session?.setMicrophoneEnabled(!this.call.me?.microphoneEnabled)),
    toggleCamera: () => void this.act(async () => this.session?.setCameraEnabled(!this.call.me?.cameraEnabled)),
    toggleScreen: () => void this.act(async () => this.session?.setScreenShareEnabled(!this.call.me?.screenSharing)),
    toggleHand: () =>
      void this.act(async () => (this.call.me?.handRaised ? this.session?.lowerHand() : this.session?.raiseHand())),
    setLowBandwidth: (enabled: boolean) => void this.setLowBandwidth(enabled),
    sendChat: (event: SubmitEvent) => {
      event.preventDefault();
      const form = event.target as HTMLFormElement;
      const input = form.elements.namedItem('text') as HTMLInputElement;
      const text = input.value.trim();
      if (!text) return;
      input.value = '';
      void this.act(async () => this.session?.sendChat(text));
    },
    leave: () => void this.leave(),
    muteParticipant: (identity: string) => void this.act(async () => this.session?.muteParticipant(identity)),
    lowerAllHands: () => void this.act(async () => this.session?.lowerAllHands()),
    setSpotlight: (identity: string | null) => void this.act(async () => this.session?.setSpotlight(identity)),
    askEnd: () => (this.confirmingEnd = true),
    switchDevice: (kind: DeviceKind, deviceId: string) =>
      void this.act(async () => this.call.switchDevice(kind, deviceId)),
  };

  private closeEndDialog(end: boolean): void {
    this.confirmingEnd = false;
    if (end) void this.act(async () => this.session?.endSession());
    else void this.updateComplete.then(() => this.shadowRoot?.querySelector<HTMLElement>('.control.end')?.focus());
  }

  protected override render() {
    return html`
      <div part="base" class="base phase-${this.phase}" dir=${this.localize.dir} lang=${this.localize.lang}>
        ${this.renderPhase()}
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcer.message}</div>
      </div>
    `;
  }

  private renderPhase() {
    const t = this.t;
    switch (this.phase) {
      case 'unconfigured':
        return html`<p part="message" class="message error">${this.localize.term.errorNotConfigured}</p>`;
      case 'loading':
        return html`<p part="message" class="message">${t.loading}</p>`;
      case 'joined':
        return html`${renderCall({
          t,
          call: this.call,
          panel: this.panel,
          busy: this.busy,
          screenWindowUrl: this.screenWindowUrl,
          ...this.view,
        })}
        ${
          this.confirmingEnd
            ? html`<dialog
                part="end-dialog"
                class="confirm"
                aria-labelledby="end-title"
                @cancel=${(e: Event) => {
                  e.preventDefault();
                  this.closeEndDialog(false);
                }}
              >
                <h2 id="end-title">${t.endSession}</h2>
                <p>${t.endSessionConfirm}</p>
                <div class="actions">
                  <button type="button" part="cancel-end-button" autofocus @click=${() => this.closeEndDialog(false)}>
                    ${t.cancel}
                  </button>
                  <button
                    type="button"
                    part="confirm-end-button"
                    class="danger"
                    @click=${() => this.closeEndDialog(true)}
                  >
                    ${t.endForEveryone}
                  </button>
                </div>
              </dialog>`
            : nothing
        }`;
      case 'left':
        return html`<div part="message" class="message ended" role="status">
          <p>${this.endReason === 'room_deleted' ? t.ended : t.left}</p>
          <button type="button" class="primary" @click=${() => this.rejoin()}>${t.rejoin}</button>
        </div>`;
      default:
        return this.renderPrejoin(t);
    }
  }

  private rejoin(): void {
    this.loadedFor = undefined;
    this.phase = 'loading';
    void this.load();
  }

  private renderPrejoin(t: SessionTranslation) {
    const joining = this.phase === 'joining';
    const waiting = Boolean(this.opening.window) && !joining;
    const role = this.client?.getClaims()?.role;
    const error = this.error;
    return renderPrejoin({
      t,
      lang: this.localize.lang,
      dateTime: (date, options) => this.localize.dateTime(date, options),
      duration: (minutes) => this.localize.duration(minutes),
      info: this.info,
      preview: this.preview,
      opening: this.opening,
      joining,
      busy: this.busy,
      listenOnly: this.listenOnly,
      mayShare: Boolean(role && PUBLISH_SOURCES[role]?.includes('screen_share')),
      mayOpen: this.mayOpen,
      cannotJoin: this.cannotJoin,
      // While waiting, the countdown already says that the room is not open.
      errorMessage: error && !(waiting && error.code === 'session_not_open') ? this.errorText(t) : undefined,
      screenWindowUrl: this.screenWindowUrl,
      join: (options) => void this.join(options),
      openNow: () => void this.openNow(),
      preload: this.preload,
    });
  }

  private errorText(t: SessionTranslation): string {
    const code = this.error?.code ?? '';
    if (code === 'livekit_not_configured') return t.videoNotSetUp;
    if (code === 'session_not_open' || code === 'session_ended') return t.notOpen;
    return errorMessage(this.localize.term, this.error, { fallback: t.joinFailed });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'echo-session': EchoSessionElement;
  }
}
