/**
 * In-session state for `<echo-session>`: participants, media elements, hands, chat, banners — kept in step with an
 * SDK {@link EchoSession} and turned into re-renders of the host.
 * @packageDocumentation
 */
import { SessionEvent } from '@teleecho/sdk';
import type {
  ChatMessage,
  ConnectionQualityLevel,
  DeviceKind,
  RaisedHand,
  SessionParticipant,
  SessionTrackEvent,
} from '@teleecho/sdk';
// LiveSession keeps livekit-client's types out of the elements' declarations; its `room` is livekit's Room here
// because this package also imports @teleecho/sdk/session (joinSession), which completes LiveKitRoom.
import type { LiveSession as EchoSession } from '@teleecho/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A rendered video: a participant's camera or screen share. */
export interface VideoView {
  identity: string;
  source: 'camera' | 'screen_share';
  element: HTMLMediaElement;
}

/** What the controller tells its host about (the host turns these into DOM events and announcements). */
export interface CallCallbacks {
  onHand(hand: RaisedHand, raised: boolean, hands: RaisedHand[]): void;
  onChat(message: ChatMessage): void;
  onPresence(participant: SessionParticipant, joined: boolean): void;
  onDisconnected(reason: string): void;
  onMutedByFacilitator(): void;
}

/** Keeps the state of one joined session; `attach()` to a session, `detach()` when done. */
export class CallController implements ReactiveController {
  session?: EchoSession;
  participants: SessionParticipant[] = [];
  speakers: string[] = [];
  hands: RaisedHand[] = [];
  chat: ChatMessage[] = [];
  videos: VideoView[] = [];
  audios: HTMLMediaElement[] = [];
  quality: ConnectionQualityLevel = 'unknown';
  reconnecting = false;
  lowBandwidth = false;
  lowBandwidthSuggested = false;
  audioBlocked = false;
  spotlight: string | null = null;
  unreadChat = 0;
  /** Devices for the in-call settings panel (loaded when it opens). */
  devices: Record<DeviceKind, MediaDeviceInfo[]> = { audioinput: [], videoinput: [], audiooutput: [] };

  private off: (() => void)[] = [];
  /** The remote track behind each media element. */
  private readonly tracks = new Map<HTMLMediaElement, SessionTrackEvent['track']>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly callbacks: CallCallbacks,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    void this.session?.leave().catch(() => undefined);
    this.detach();
  }

  /** Starts following `session`. */
  attach(session: EchoSession): void {
    this.detach();
    this.session = session;
    this.lowBandwidth = session.lowBandwidthEnabled;
    this.hands = session.raisedHands;
    this.spotlight = session.spotlight;
    const on = <E extends SessionEvent>(event: E, cb: Parameters<EchoSession['on']>[1] & object) =>
      this.off.push(session.on(event, cb as never));
    const refresh = () => this.refresh();
    on(SessionEvent.ParticipantJoined, (p: SessionParticipant) => {
      refresh();
      this.callbacks.onPresence(p, true);
    });
    on(SessionEvent.ParticipantLeft, (p: SessionParticipant) => {
      this.videos = this.videos.filter((v) => v.identity !== p.identity);
      refresh();
      this.callbacks.onPresence(p, false);
    });
    on(SessionEvent.ActiveSpeakersChanged, (speakers: SessionParticipant[]) => {
      this.speakers = speakers.map((s) => s.identity);
      refresh();
    });
    on(SessionEvent.TrackSubscribed, (e: SessionTrackEvent) => this.addTrack(e));
    on(SessionEvent.TrackUnsubscribed, (e: SessionTrackEvent) => this.removeTrack(e));
    on(SessionEvent.LocalTrackPublished, () => this.syncLocalVideo());
    on(SessionEvent.LocalTrackUnpublished, () => this.syncLocalVideo());
    on(SessionEvent.TrackMutedChanged, () => this.syncLocalVideo());
    on(SessionEvent.HandRaised, (hand: RaisedHand, hands: RaisedHand[]) => this.onHand(hand, true, hands));
    on(SessionEvent.HandLowered, (hand: RaisedHand, hands: RaisedHand[]) => this.onHand(hand, false, hands));
    on(SessionEvent.ChatMessage, (message: ChatMessage) => {
      this.chat = [...this.chat, message].slice(-200);
      if (!message.local) this.unreadChat++;
      this.callbacks.onChat(message);
      this.host.requestUpdate();
    });
    on(SessionEvent.ConnectionQuality, (e: { participant: SessionParticipant; quality: ConnectionQualityLevel }) => {
      if (e.participant.isLocal) this.quality = e.quality;
      refresh();
    });
    on(SessionEvent.Reconnecting, () => this.set({ reconnecting: true }));
    on(SessionEvent.Reconnected, () => this.set({ reconnecting: false }));
    on(SessionEvent.LowBandwidthChanged, (enabled: boolean) => {
      this.lowBandwidth = enabled;
      this.lowBandwidthSuggested = false;
      if (enabled) this.videos = this.videos.filter((v) => v.identity === session.identity && v.source !== 'camera');
      this.syncLocalVideo();
    });
    on(SessionEvent.LowBandwidthSuggested, () => this.set({ lowBandwidthSuggested: true }));
    on(SessionEvent.Spotlight, (e: { identity: string | null }) => this.set({ spotlight: e.identity }));
    on(SessionEvent.AudioPlaybackBlocked, () => this.set({ audioBlocked: true }));
    on(SessionEvent.MutedByFacilitator, () => {
      this.callbacks.onMutedByFacilitator();
      refresh();
    });
    on(SessionEvent.Disconnected, (info: { reason: string }) => this.callbacks.onDisconnected(info.reason));
    this.syncLocalVideo();
    this.refresh();
  }

  /** Stops following the session and drops its media elements. */
  detach(): void {
    for (const off of this.off.splice(0)) off();
    for (const media of [...this.videos.map((v) => v.element), ...this.audios]) media.srcObject = null;
    this.session = undefined;
    this.tracks.clear();
    this.videos = [];
    this.audios = [];
    this.participants = [];
    this.speakers = [];
    this.chat = [];
    this.hands = [];
    this.unreadChat = 0;
    this.reconnecting = false;
    this.audioBlocked = false;
    this.lowBandwidthSuggested = false;
  }

  /** Starts audio after the browser blocked it (call from a click). */
  async enableAudio(): Promise<void> {
    try {
      await this.session?.startAudio();
    } catch {
      return; // still blocked (not called from a gesture): the prompt stays
    }
    for (const audio of this.audios) void audio.play().catch(() => undefined);
    this.set({ audioBlocked: false });
  }

  /** Lists cameras, microphones and speakers for the settings panel. */
  async loadDevices(): Promise<void> {
    const session = this.session;
    if (!session) return;
    const kinds: DeviceKind[] = ['videoinput', 'audioinput', 'audiooutput'];
    const lists = await Promise.all(kinds.map((kind) => session.listDevices(kind).catch(() => [])));
    this.devices = Object.fromEntries(
      kinds.map((kind, i) => [kind, lists[i]!.filter((d) => d.deviceId && d.deviceId !== 'communications')]),
    ) as Record<DeviceKind, MediaDeviceInfo[]>;
    this.host.requestUpdate();
  }

  /** Switches a device mid-call; the published track (and your own tile) follow. */
  async switchDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    await this.session?.switchDevice(kind, deviceId);
    this.syncLocalVideo();
  }

  /** Re-reads participants from the session and re-renders. */
  refresh(): void {
    if (this.session) this.participants = this.session.participants();
    this.host.requestUpdate();
  }

  /** The local participant as the session sees them. */
  get me(): SessionParticipant | undefined {
    return this.participants.find((p) => p.isLocal);
  }

  private set(patch: Partial<Pick<CallController, 'reconnecting' | 'lowBandwidthSuggested' | 'audioBlocked'>>): void;
  private set(patch: { spotlight: string | null }): void;
  private set(patch: Record<string, unknown>): void {
    Object.assign(this, patch);
    this.host.requestUpdate();
  }

  private onHand(hand: RaisedHand, raised: boolean, hands: RaisedHand[]): void {
    this.hands = hands;
    this.callbacks.onHand(hand, raised, hands);
    this.refresh();
  }

  private addTrack(e: SessionTrackEvent): void {
    const element = e.track.attach();
    this.tracks.set(element, e.track);
    if (e.kind === 'audio') {
      element.hidden = true;
      this.audios = [...this.audios, element];
      // LiveKit reports blocked playback too (AudioPlaybackBlocked), but only once its own play() settles; asking
      // the element directly shows the prompt as soon as the browser refuses sound without a user gesture.
      void element.play().catch((error: unknown) => {
        if ((error as Error).name === 'NotAllowedError' && this.session) this.set({ audioBlocked: true });
      });
    } else if (e.source === 'camera' || e.source === 'screen_share') {
      prepareVideo(element);
      const source = e.source;
      this.videos = [
        ...this.videos.filter((v) => !(v.identity === e.participant.identity && v.source === source)),
        { identity: e.participant.identity, source, element },
      ];
    }
    this.refresh();
  }

  private removeTrack(e: SessionTrackEvent): void {
    // LiveKit may already have detached the track, so match by track as well as by returned elements.
    const gone = new Set<HTMLMediaElement>(e.track.detach());
    for (const [element, track] of this.tracks) if (track === e.track) gone.add(element);
    for (const element of gone) this.tracks.delete(element);
    this.audios = this.audios.filter((a) => !gone.has(a));
    this.videos = this.videos.filter((v) => !gone.has(v.element));
    this.refresh();
  }

  /** Shows your own camera and screen share from the local publications. */
  private syncLocalVideo(): void {
    const session = this.session;
    if (!session) return;
    const local = session.room.localParticipant;
    const others = this.videos.filter((v) => v.identity !== session.identity);
    const mine: VideoView[] = [];
    for (const publication of local.trackPublications.values()) {
      const source = publication.source as string;
      const track = publication.videoTrack;
      if (!track || publication.isMuted || (source !== 'camera' && source !== 'screen_share')) continue;
      const existing = this.videos.find((v) => v.identity === session.identity && v.source === source);
      const element = existing?.element ?? prepareVideo(track.attach());
      mine.push({ identity: session.identity, source, element });
    }
    this.videos = [...mine, ...others];
    this.refresh();
  }
}

function prepareVideo(element: HTMLMediaElement): HTMLMediaElement {
  element.setAttribute('part', 'video');
  element.setAttribute('playsinline', '');
  element.muted = true; // video elements carry no sound here; audio plays from the audio elements
  return element;
}
