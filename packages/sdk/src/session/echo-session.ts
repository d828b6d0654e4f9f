/**
 * `EchoSession`: a live teleECHO session over LiveKit, usable without our elements.
 * @packageDocumentation
 */
import type * as LiveKitClient from 'livekit-client';
import type {
  LocalTrackPublication,
  Participant,
  RemoteParticipant,
  RemoteTrack,
  RemoteTrackPublication,
  Room,
  TrackPublication,
  TrackPublishOptions,
} from 'livekit-client';
import type { EchoClient } from '../client/echo-client.js';
import { EchoError, ForbiddenError, ValidationError } from '../errors.js';
import { randomId } from '../internal/random-id.js';
import type { JoinSessionResult, Role } from '../types.js';
import type { InternalSessionOptions } from './join.js';
import {
  SessionEvent,
  type ChatMessage,
  type ConnectionQualityLevel,
  type RaisedHand,
  type SessionEventCallbacks,
  type SessionParticipant,
  type SessionTrackEvent,
  type TrackSourceName,
} from './events.js';
import { DATA_TOPIC, MAX_CHAT_LENGTH, decodeMessage, encodeMessage, type DataMessage } from './protocol.js';
import { MODERATOR_ROLES, PUBLISH_SOURCES, type DeviceKind, type LiveSession } from './live-session.js';

/** The `livekit-client` module, loaded lazily by {@link joinSession}. */
export type LiveKitModule = typeof LiveKitClient;

export { MODERATOR_ROLES, PUBLISH_SOURCES };
export type { DeviceKind };

// With this module in a program, LiveSession's room is livekit-client's Room (declaration merging).
declare module './live-session.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- completes LiveKitRoom by declaration merging
  interface LiveKitRoom extends Room {}
}

type Listener = (...args: never[]) => void;

const notAllowed = (what: string, role: Role): ForbiddenError =>
  new ForbiddenError('not_allowed', `role "${role}" may not ${what} in a session`);

/**
 * A joined (or joining) teleECHO session. Create it with {@link joinSession}.
 *
 * @example
 * ```ts
 * const session = await joinSession(client, sessionId, { lowBandwidth: false });
 * session.on(SessionEvent.TrackSubscribed, ({ track }) => grid.append(track.attach()));
 * session.on(SessionEvent.HandRaised, (hand, hands) => render(hands));
 * await session.raiseHand();
 * await session.leave();
 * ```
 */
export class EchoSession implements LiveSession {
  /** The underlying `livekit-client` Room, for what this API does not cover. */
  readonly room: Room;
  /** The session id (also the LiveKit room name). */
  readonly sessionId: string;
  /** Your identity in the room (the embed token's `sub`). */
  readonly identity: string;
  /** Your role in the session. */
  readonly role: Role;

  private readonly listeners = new Map<SessionEvent, Set<Listener>>();
  private readonly hands = new Map<string, RaisedHand>();
  private lowBandwidth: boolean;
  private spotlightIdentity: string | null = null;
  private poorSince: number | undefined;
  private poorTimer: ReturnType<typeof setTimeout> | undefined;
  private suggested = false;
  private ended = false;

  /** @internal Use {@link joinSession}. */
  constructor(
    private readonly lk: LiveKitModule,
    private readonly client: EchoClient,
    private readonly join: JoinSessionResult,
    private readonly options: InternalSessionOptions,
  ) {
    this.sessionId = join.room;
    this.identity = join.identity;
    this.role = join.role;
    this.lowBandwidth = options.lowBandwidth;
    this.room = new lk.Room({
      adaptiveStream: options.adaptiveStream,
      dynacast: options.dynacast,
      publishDefaults: {
        simulcast: options.simulcast,
        audioPreset: { maxBitrate: options.audioMaxBitrate },
        red: options.redundantAudio,
        dtx: true,
      },
      ...(options.audioDeviceId && { audioCaptureDefaults: { deviceId: options.audioDeviceId } }),
      ...(options.videoDeviceId && { videoCaptureDefaults: { deviceId: options.videoDeviceId } }),
      ...(options.audioOutputDeviceId && { audioOutput: { deviceId: options.audioOutputDeviceId } }),
    });
    this.keepHealthyTracksOnFullReconnect();
    this.wire();
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends SessionEvent>(event: E, callback: SessionEventCallbacks[E]): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(callback as Listener);
    this.listeners.set(event, set);
    return () => this.off(event, callback);
  }

  /** Unsubscribes a callback. */
  off<E extends SessionEvent>(event: E, callback: SessionEventCallbacks[E]): void {
    this.listeners.get(event)?.delete(callback as Listener);
  }

  private emit<E extends SessionEvent>(event: E, ...args: Parameters<SessionEventCallbacks[E]>): void {
    for (const callback of [...(this.listeners.get(event) ?? [])]) {
      try {
        (callback as (...a: Parameters<SessionEventCallbacks[E]>) => void)(...args);
      } catch (error) {
        console.error(`teleECHO session: a ${event} listener threw`, error);
      }
    }
  }

  /** Connects to the room and publishes the microphone and camera as the options and role allow. */
  async connect(): Promise<void> {
    try {
      await this.room.connect(this.join.url, this.join.token, { autoSubscribe: true });
    } catch (error) {
      throw new EchoError('connect_failed', `could not connect to the session: ${(error as Error).message}`, {
        cause: error,
      });
    }
    this.emit(SessionEvent.Connected);
    const may = PUBLISH_SOURCES[this.role];
    if (this.lowBandwidth) this.applyLowBandwidth();
    await Promise.all([
      this.options.audio && may.includes('microphone') ? this.setMicrophoneEnabled(true) : undefined,
      this.options.video && !this.lowBandwidth && may.includes('camera') ? this.setCameraEnabled(true) : undefined,
    ]);
  }

  /** Whether you are connected now. */
  get connected(): boolean {
    return this.room.state === this.lk.ConnectionState.Connected;
  }

  /** Whether low-bandwidth mode is on. */
  get lowBandwidthEnabled(): boolean {
    return this.lowBandwidth;
  }

  /** Raised hands, in the order they went up. */
  get raisedHands(): RaisedHand[] {
    return [...this.hands.values()];
  }

  /** Who is in focus (set by a facilitator), or null. */
  get spotlight(): string | null {
    return this.spotlightIdentity;
  }

  /** Everyone in the room, you first. */
  participants(): SessionParticipant[] {
    return [this.room.localParticipant, ...this.room.remoteParticipants.values()].map((p) => this.describe(p));
  }

  /** Whether your role may publish this source. */
  canPublish(source: TrackSourceName): boolean {
    return PUBLISH_SOURCES[this.role].includes(source);
  }

  /** Turns your microphone on or off. Throws {@link ForbiddenError} `not_allowed` for observers. */
  async setMicrophoneEnabled(enabled: boolean): Promise<void> {
    if (enabled && !this.canPublish('microphone')) throw notAllowed('publish audio', this.role);
    await this.media(() => this.room.localParticipant.setMicrophoneEnabled(enabled), 'microphone');
  }

  /** Turns your camera on or off (turning it on leaves low-bandwidth mode). */
  async setCameraEnabled(enabled: boolean): Promise<void> {
    if (enabled && !this.canPublish('camera')) throw notAllowed('publish video', this.role);
    if (enabled && this.lowBandwidth) await this.setLowBandwidth(false);
    await this.media(() => this.room.localParticipant.setCameraEnabled(enabled), 'camera');
  }

  /**
   * Shares your screen (presenters, specialists, facilitators, coordinators). With `track`, that
   * video track (e.g. a canvas or a slide deck's `captureStream()`) is shared instead of asking the
   * browser for a screen.
   */
  async setScreenShareEnabled(enabled: boolean, options: { track?: MediaStreamTrack } = {}): Promise<void> {
    if (enabled && !this.canPublish('screen_share')) throw notAllowed('share the screen', this.role);
    const local = this.room.localParticipant;
    const { Track } = this.lk;
    if (!enabled) {
      const shared = local.getTrackPublication(Track.Source.ScreenShare);
      if (shared?.track && !shared.track.mediaStreamTrack.getSettings().displaySurface) {
        await local.unpublishTrack(shared.track, true);
        return;
      }
    }
    await this.media(
      () =>
        enabled && options.track
          ? local.publishTrack(options.track, { source: Track.Source.ScreenShare, simulcast: false })
          : local.setScreenShareEnabled(enabled, { audio: true }),
      'screen',
    );
  }

  private async media(fn: () => Promise<unknown>, what: string): Promise<void> {
    try {
      await fn();
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === 'NotAllowedError' || name === 'NotFoundError' || name === 'NotReadableError') {
        throw new EchoError(
          name === 'NotAllowedError' ? 'device_denied' : 'device_unavailable',
          `${what}: ${(error as Error).message}`,
          { cause: error },
        );
      }
      throw new EchoError('publish_failed', `${what}: ${(error as Error)?.message ?? error}`, { cause: error });
    }
  }

  /** Lists media devices of a kind (labels need a granted permission first). */
  async listDevices(kind: DeviceKind): Promise<MediaDeviceInfo[]> {
    return this.lk.Room.getLocalDevices(kind);
  }

  /** Switches the microphone, camera or speaker to a device. */
  async switchDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    const ok = await this.room.switchActiveDevice(kind, deviceId);
    if (ok === false) throw new EchoError('device_unavailable', `could not switch ${kind} to ${deviceId}`);
  }

  /** The device in use for a kind (the microphone or camera being published, the speaker playing), if known. */
  activeDevice(kind: DeviceKind): string | undefined {
    return this.room.getActiveDevice(kind);
  }

  /** Whether the browser lets the session play sound (false until {@link startAudio} after a blocked autoplay). */
  get canPlaybackAudio(): boolean {
    return this.room.canPlaybackAudio;
  }

  /** Starts audio playback after the browser blocked it (call from a user gesture). */
  async startAudio(): Promise<void> {
    await this.room.startAudio();
  }

  /**
   * Low-bandwidth mode: unpublishes your camera, stops receiving every video (present and future),
   * keeps audio. Switching it off subscribes to video again (your camera stays off until you turn it on).
   */
  async setLowBandwidth(enabled: boolean): Promise<void> {
    if (enabled === this.lowBandwidth) return;
    this.lowBandwidth = enabled;
    if (enabled) {
      const camera = this.room.localParticipant.getTrackPublication(this.lk.Track.Source.Camera);
      if (camera?.track) await this.room.localParticipant.unpublishTrack(camera.track, true);
    }
    this.applyLowBandwidth();
    this.emit(SessionEvent.LowBandwidthChanged, enabled);
  }

  private applyLowBandwidth(): void {
    for (const participant of this.room.remoteParticipants.values()) {
      for (const publication of participant.trackPublications.values()) this.applyVideoPolicy(publication);
    }
  }

  private applyVideoPolicy(publication: RemoteTrackPublication): void {
    if (publication.kind !== this.lk.Track.Kind.Video) return;
    publication.setSubscribed(!this.lowBandwidth);
  }

  /** Raises your hand. */
  async raiseHand(): Promise<void> {
    await this.send({ v: 1, type: 'hand', raised: true });
    this.setHand(this.identity, true);
  }

  /** Lowers your hand. */
  async lowerHand(): Promise<void> {
    await this.send({ v: 1, type: 'hand', raised: false });
    this.setHand(this.identity, false);
  }

  /** Sends a chat message to everyone (1–2000 characters). */
  async sendChat(text: string): Promise<ChatMessage> {
    const trimmed = text.trim();
    if (!trimmed || trimmed.length > MAX_CHAT_LENGTH) {
      throw new ValidationError('validation_failed', `a chat message has 1 to ${MAX_CHAT_LENGTH} characters`);
    }
    const id = randomId();
    await this.send({ v: 1, type: 'chat', id, text: trimmed });
    const message: ChatMessage = {
      id,
      from: this.identity,
      name: this.room.localParticipant.name || this.identity,
      text: trimmed,
      at: Date.now(),
      local: true,
    };
    this.emit(SessionEvent.ChatMessage, message);
    return message;
  }

  /** Facilitators: mutes someone's microphone (on the server, through the hub) and tells them. */
  async muteParticipant(identity: string): Promise<void> {
    this.requireModerator('mute others');
    await this.client.sessions.moderate(this.sessionId, { action: 'mute', identity });
    await this.send({ v: 1, type: 'muted', identity }, [identity]);
  }

  /** Facilitators: lowers every raised hand. */
  async lowerAllHands(): Promise<void> {
    this.requireModerator('lower all hands');
    await this.send({ v: 1, type: 'lower-all-hands' });
    for (const identity of [...this.hands.keys()]) this.setHand(identity, false);
  }

  /** Facilitators: puts someone (typically the presenter) in focus for everyone, or nobody with null. */
  async setSpotlight(identity: string | null): Promise<void> {
    this.requireModerator('spotlight');
    await this.send({ v: 1, type: 'spotlight', identity });
    this.applySpotlight(identity, this.identity);
  }

  /** Facilitators: ends the session for everyone (the hub closes the room and marks the session ended). */
  async endSession(): Promise<void> {
    this.requireModerator('end the session');
    await this.client.sessions.moderate(this.sessionId, { action: 'end' });
  }

  /** Leaves the room. */
  async leave(): Promise<void> {
    clearTimeout(this.poorTimer);
    await this.room.disconnect(true);
  }

  private requireModerator(what: string): void {
    if (!MODERATOR_ROLES.includes(this.role)) throw notAllowed(what, this.role);
  }

  private async send(message: DataMessage, to?: string[]): Promise<void> {
    if (this.role === 'observer') throw notAllowed('send messages', this.role);
    await this.room.localParticipant.publishData(encodeMessage(message), {
      reliable: true,
      topic: DATA_TOPIC,
      ...(to && { destinationIdentities: to }),
    });
  }

  private roleOf(participant: Participant | undefined): Role {
    if (!participant) return 'observer';
    if (participant === this.room.localParticipant) return this.role;
    try {
      const role = (JSON.parse(participant.metadata ?? '{}') as { role?: Role }).role;
      return role && role in PUBLISH_SOURCES ? role : 'observer';
    } catch {
      return 'observer';
    }
  }

  private describe(p: Participant): SessionParticipant {
    const screen = p.getTrackPublication(this.lk.Track.Source.ScreenShare);
    return {
      identity: p.identity,
      name: p.name || p.identity,
      role: this.roleOf(p),
      isLocal: p === this.room.localParticipant,
      isSpeaking: p.isSpeaking,
      handRaised: this.hands.has(p.identity),
      microphoneEnabled: p.isMicrophoneEnabled,
      cameraEnabled: p.isCameraEnabled,
      screenSharing: Boolean(screen && !screen.isMuted),
      connectionQuality: p.connectionQuality as ConnectionQualityLevel,
    };
  }

  private setHand(identity: string, raised: boolean): void {
    const existing = this.hands.get(identity);
    if (raised && !existing) {
      const participant =
        identity === this.identity ? this.room.localParticipant : this.room.getParticipantByIdentity(identity);
      const hand: RaisedHand = { identity, name: participant?.name || identity, at: Date.now() };
      this.hands.set(identity, hand);
      this.emit(SessionEvent.HandRaised, hand, this.raisedHands);
    } else if (!raised && existing) {
      this.hands.delete(identity);
      this.emit(SessionEvent.HandLowered, existing, this.raisedHands);
    }
  }

  private applySpotlight(identity: string | null, by: string): void {
    this.spotlightIdentity = identity;
    this.emit(SessionEvent.Spotlight, { identity, by });
  }

  private onData(payload: Uint8Array, sender: RemoteParticipant | undefined, topic: string | undefined): void {
    if (topic !== DATA_TOPIC || !sender) return;
    const message = decodeMessage(payload);
    if (!message) return;
    const moderator = MODERATOR_ROLES.includes(this.roleOf(sender));
    switch (message.type) {
      case 'hand':
        this.setHand(sender.identity, message.raised);
        break;
      case 'chat':
        this.emit(SessionEvent.ChatMessage, {
          id: message.id,
          from: sender.identity,
          name: sender.name || sender.identity,
          text: message.text,
          at: Date.now(),
          local: false,
        });
        break;
      case 'lower-all-hands':
        if (moderator) for (const identity of [...this.hands.keys()]) this.setHand(identity, false);
        break;
      case 'spotlight':
        if (moderator) this.applySpotlight(message.identity, sender.identity);
        break;
      case 'muted':
        if (moderator && message.identity === this.identity) {
          void this.room.localParticipant.setMicrophoneEnabled(false).catch(() => undefined);
          this.emit(SessionEvent.MutedByFacilitator, { by: sender.identity });
        }
        break;
    }
  }

  /** Tells a newcomer the state they missed: your raised hand, and (moderators) the spotlight. */
  private greet(newcomer: RemoteParticipant): void {
    const to = [newcomer.identity];
    if (this.hands.has(this.identity)) void this.send({ v: 1, type: 'hand', raised: true }, to).catch(() => undefined);
    if (MODERATOR_ROLES.includes(this.role) && this.spotlightIdentity !== null) {
      void this.send({ v: 1, type: 'spotlight', identity: this.spotlightIdentity }, to).catch(() => undefined);
    }
  }

  private onQuality(quality: ConnectionQualityLevel, participant: Participant): void {
    this.emit(SessionEvent.ConnectionQuality, { participant: this.describe(participant), quality });
    if (participant !== this.room.localParticipant) return;
    const poor = quality === 'poor' || quality === 'lost';
    clearTimeout(this.poorTimer);
    if (!poor) {
      this.poorSince = undefined;
      this.suggested = false;
      return;
    }
    this.poorSince ??= Date.now();
    const wait = Math.max(0, this.options.lowBandwidthSuggestAfterMs - (Date.now() - this.poorSince));
    this.poorTimer = setTimeout(() => {
      if (this.suggested || this.lowBandwidth || this.poorSince === undefined) return;
      this.suggested = true;
      this.emit(SessionEvent.LowBandwidthSuggested, { quality, forMs: Date.now() - this.poorSince });
    }, wait);
  }

  private trackEvent(track: RemoteTrack, participant: RemoteParticipant): SessionTrackEvent {
    return {
      participant: this.describe(participant),
      kind: track.kind === this.lk.Track.Kind.Audio ? 'audio' : 'video',
      source: track.source as TrackSourceName,
      track,
    };
  }

  /**
   * After a full reconnect (the server lost the room, e.g. it restarted), livekit-client republishes every local track
   * and first re-acquires each camera and microphone, for a computer that slept. Re-acquiring a device that was
   * released a moment before can fail silently: the new track is `live` but delivers no frames, so the SFU never
   * announces it and nobody sees you (about one full reconnect in 20 under load; both peers at once when they share a
   * camera). So the tracks are republished as they are while they are healthy; only when one has ended or stopped
   * delivering (`muted`) are they re-acquired, as livekit-client would.
   */
  private keepHealthyTracksOnFullReconnect(): void {
    const local = this.room.localParticipant;
    const republish = local.republishAllTracks.bind(local);
    const { Track } = this.lk;
    const reacquired = new Set<string>([Track.Source.Camera, Track.Source.Microphone]);
    const stale = (): boolean =>
      [...local.trackPublications.values()].some(({ track }) => {
        if (!track || track.isMuted || track.isUserProvided || !reacquired.has(track.source)) return false;
        const media = track.mediaStreamTrack;
        return media.readyState !== 'live' || media.muted;
      });
    local.republishAllTracks = (options?: TrackPublishOptions, restartTracks = true) =>
      republish(options, restartTracks && stale());
  }

  private wire(): void {
    const { RoomEvent, DisconnectReason } = this.lk;
    const room = this.room;
    room
      .on(RoomEvent.ParticipantConnected, (p) => {
        this.emit(SessionEvent.ParticipantJoined, this.describe(p));
        this.greet(p);
      })
      .on(RoomEvent.ParticipantDisconnected, (p) => {
        this.setHand(p.identity, false);
        this.emit(SessionEvent.ParticipantLeft, this.describe(p));
      })
      .on(RoomEvent.ActiveSpeakersChanged, (speakers) =>
        this.emit(
          SessionEvent.ActiveSpeakersChanged,
          speakers.map((s) => this.describe(s)),
        ),
      )
      .on(RoomEvent.TrackPublished, (publication) => this.applyVideoPolicy(publication))
      .on(RoomEvent.TrackSubscribed, (track, _publication, participant) =>
        this.emit(SessionEvent.TrackSubscribed, this.trackEvent(track, participant)),
      )
      .on(RoomEvent.TrackUnsubscribed, (track, _publication, participant) =>
        this.emit(SessionEvent.TrackUnsubscribed, this.trackEvent(track, participant)),
      )
      .on(RoomEvent.LocalTrackPublished, (publication: LocalTrackPublication) =>
        this.emit(SessionEvent.LocalTrackPublished, { source: publication.source as TrackSourceName }),
      )
      .on(RoomEvent.LocalTrackUnpublished, (publication: LocalTrackPublication) =>
        this.emit(SessionEvent.LocalTrackUnpublished, { source: publication.source as TrackSourceName }),
      )
      .on(RoomEvent.TrackMuted, (publication: TrackPublication, participant: Participant) =>
        this.emit(SessionEvent.TrackMutedChanged, {
          participant: this.describe(participant),
          source: publication.source as TrackSourceName,
          muted: true,
        }),
      )
      .on(RoomEvent.TrackUnmuted, (publication: TrackPublication, participant: Participant) =>
        this.emit(SessionEvent.TrackMutedChanged, {
          participant: this.describe(participant),
          source: publication.source as TrackSourceName,
          muted: false,
        }),
      )
      .on(RoomEvent.DataReceived, (payload, participant, _kind, topic) => this.onData(payload, participant, topic))
      .on(RoomEvent.ConnectionQualityChanged, (quality, participant) =>
        this.onQuality(quality as ConnectionQualityLevel, participant),
      )
      .on(RoomEvent.Reconnecting, () => this.emit(SessionEvent.Reconnecting))
      .on(RoomEvent.Reconnected, () => this.emit(SessionEvent.Reconnected))
      .on(RoomEvent.AudioPlaybackStatusChanged, () => {
        if (!room.canPlaybackAudio) this.emit(SessionEvent.AudioPlaybackBlocked);
      })
      .on(RoomEvent.Disconnected, (reason) => {
        clearTimeout(this.poorTimer);
        const name = reason === undefined ? 'unknown' : (DisconnectReason[reason] ?? 'unknown');
        const info = { reason: String(name).toLowerCase() };
        this.emit(SessionEvent.Disconnected, info);
        if (!this.ended && reason === DisconnectReason.ROOM_DELETED) {
          this.ended = true;
          this.emit(SessionEvent.SessionEnded, info);
        }
      });
  }
}
