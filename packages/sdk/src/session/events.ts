/**
 * Typed events of an `EchoSession` (`@teleecho/sdk/session`): a string enum of names and a callbacks map, so
 * `session.on(SessionEvent.HandRaised, (hand) => …)` is checked by TypeScript.
 * @packageDocumentation
 */
import type { Role } from '../types.js';

/** Names of the events an `EchoSession` (`@teleecho/sdk/session`) emits. */
export enum SessionEvent {
  /** Connected to the room. */
  Connected = 'connected',
  /** Someone entered the room. */
  ParticipantJoined = 'participantJoined',
  /** Someone left the room. */
  ParticipantLeft = 'participantLeft',
  /** The people speaking now changed (loudest first). */
  ActiveSpeakersChanged = 'activeSpeakersChanged',
  /** A remote audio or video track is now received. */
  TrackSubscribed = 'trackSubscribed',
  /** A remote track is no longer received. */
  TrackUnsubscribed = 'trackUnsubscribed',
  /** A local track was published (camera, microphone, screen). */
  LocalTrackPublished = 'localTrackPublished',
  /** A local track was unpublished. */
  LocalTrackUnpublished = 'localTrackUnpublished',
  /** A microphone or camera was muted or unmuted (anyone's). */
  TrackMutedChanged = 'trackMutedChanged',
  /** Someone raised their hand; `hands` lists raised hands in the order they went up. */
  HandRaised = 'handRaised',
  /** Someone's hand went down (by themselves or a facilitator). */
  HandLowered = 'handLowered',
  /** A chat message (including your own). */
  ChatMessage = 'chatMessage',
  /** Connection quality of someone (or yourself) changed. */
  ConnectionQuality = 'connectionQuality',
  /** The connection dropped; the SDK is reconnecting. */
  Reconnecting = 'reconnecting',
  /** Reconnected after {@link SessionEvent.Reconnecting}. */
  Reconnected = 'reconnected',
  /** Disconnected for good (left, removed, session ended, network gone). */
  Disconnected = 'disconnected',
  /** Low-bandwidth mode was switched on or off. */
  LowBandwidthChanged = 'lowBandwidthChanged',
  /** Your connection stayed poor: offer low-bandwidth mode (emitted once per poor stretch). */
  LowBandwidthSuggested = 'lowBandwidthSuggested',
  /** A facilitator put someone in focus (or cleared it with `identity: null`). */
  Spotlight = 'spotlight',
  /** A facilitator muted your microphone. */
  MutedByFacilitator = 'mutedByFacilitator',
  /** The session was ended by a facilitator (or the room closed). */
  SessionEnded = 'sessionEnded',
  /** The browser blocked audio playback; call `session.startAudio()` from a click. */
  AudioPlaybackBlocked = 'audioPlaybackBlocked',
}

/** Connection quality, as LiveKit measures it. */
export type ConnectionQualityLevel = 'excellent' | 'good' | 'poor' | 'lost' | 'unknown';

/** Where a track comes from. */
export type TrackSourceName = 'camera' | 'microphone' | 'screen_share' | 'screen_share_audio' | 'unknown';

/** A person in the session, as the SDK sees them now. */
export interface SessionParticipant {
  /** LiveKit identity: the host's user id (the embed token's `sub`). */
  identity: string;
  name: string;
  /** Role from the hub-set metadata (`observer` when unknown). */
  role: Role;
  isLocal: boolean;
  isSpeaking: boolean;
  handRaised: boolean;
  microphoneEnabled: boolean;
  cameraEnabled: boolean;
  screenSharing: boolean;
  connectionQuality: ConnectionQualityLevel;
}

/** A raised hand. */
export interface RaisedHand {
  identity: string;
  name: string;
  /** When this client learned of it (epoch ms). */
  at: number;
}

/** A chat message. */
export interface ChatMessage {
  id: string;
  from: string;
  name: string;
  text: string;
  /** When it was received (epoch ms). */
  at: number;
  /** Sent by this client. */
  local: boolean;
}

/** A received (or no longer received) remote track. */
export interface SessionTrackEvent {
  participant: SessionParticipant;
  kind: 'audio' | 'video';
  source: TrackSourceName;
  /** The `livekit-client` RemoteTrack: `track.attach(element)` renders it. */
  track: { attach(element?: HTMLMediaElement): HTMLMediaElement; detach(): HTMLMediaElement[]; sid?: string };
}

/** Why the session disconnected. */
export interface DisconnectInfo {
  /** LiveKit's reason in lower snake case (`client_initiated`, `room_deleted`, `duplicate_identity`…). */
  reason: string;
}

/** Callbacks of each {@link SessionEvent}. */
export interface SessionEventCallbacks {
  [SessionEvent.Connected]: () => void;
  [SessionEvent.ParticipantJoined]: (participant: SessionParticipant) => void;
  [SessionEvent.ParticipantLeft]: (participant: SessionParticipant) => void;
  [SessionEvent.ActiveSpeakersChanged]: (speakers: SessionParticipant[]) => void;
  [SessionEvent.TrackSubscribed]: (event: SessionTrackEvent) => void;
  [SessionEvent.TrackUnsubscribed]: (event: SessionTrackEvent) => void;
  [SessionEvent.LocalTrackPublished]: (event: { source: TrackSourceName }) => void;
  [SessionEvent.LocalTrackUnpublished]: (event: { source: TrackSourceName }) => void;
  [SessionEvent.TrackMutedChanged]: (event: {
    participant: SessionParticipant;
    source: TrackSourceName;
    muted: boolean;
  }) => void;
  [SessionEvent.HandRaised]: (hand: RaisedHand, hands: RaisedHand[]) => void;
  [SessionEvent.HandLowered]: (hand: RaisedHand, hands: RaisedHand[]) => void;
  [SessionEvent.ChatMessage]: (message: ChatMessage) => void;
  [SessionEvent.ConnectionQuality]: (event: {
    participant: SessionParticipant;
    quality: ConnectionQualityLevel;
  }) => void;
  [SessionEvent.Reconnecting]: () => void;
  [SessionEvent.Reconnected]: () => void;
  [SessionEvent.Disconnected]: (info: DisconnectInfo) => void;
  [SessionEvent.LowBandwidthChanged]: (enabled: boolean) => void;
  [SessionEvent.LowBandwidthSuggested]: (event: { quality: ConnectionQualityLevel; forMs: number }) => void;
  [SessionEvent.Spotlight]: (event: { identity: string | null; by: string }) => void;
  [SessionEvent.MutedByFacilitator]: (event: { by: string }) => void;
  [SessionEvent.SessionEnded]: (info: DisconnectInfo) => void;
  [SessionEvent.AudioPlaybackBlocked]: () => void;
}
