/**
 * The type surface of a live session that does not carry livekit-client's types, so the root entry (and the
 * elements' types) can name it without pulling livekit-client's declarations into a consumer's program.
 * `EchoSession` (`@teleecho/sdk/session`) implements {@link LiveSession}.
 * @packageDocumentation
 */
import { CAPABILITIES, ROLES, rolesThat } from '../contract.js';
import type { Role } from '../types.js';
import type {
  ChatMessage,
  RaisedHand,
  SessionEvent,
  SessionEventCallbacks,
  SessionParticipant,
  TrackSourceName,
} from './events.js';

/** Media a role may publish (the contract's capability table; the hub's LiveKit grants match and enforce it). */
export const PUBLISH_SOURCES: Readonly<Record<Role, readonly TrackSourceName[]>> = Object.fromEntries(
  ROLES.map((role) => [role, CAPABILITIES[role].publish]),
) as Record<Role, readonly TrackSourceName[]>;

/** Roles that moderate: mute others, lower all hands, spotlight, end the session (the capability table's `moderate`). */
export const MODERATOR_ROLES: readonly Role[] = rolesThat('moderate');

/** Media device kinds. */
export type DeviceKind = 'audioinput' | 'videoinput' | 'audiooutput';

/**
 * The LiveKit `Room` behind a session. Empty here; importing `@teleecho/sdk/session` makes it livekit-client's
 * `Room` (declaration merging), so code that reaches into the room opts into livekit-client's types explicitly.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- completed by @teleecho/sdk/session
export interface LiveKitRoom {}

/**
 * A joined (or joining) teleECHO session, as `joinSession()` from `@teleecho/sdk/session` returns it (an
 * `EchoSession`). This interface is what the root entry and the elements name, without livekit-client's types.
 */
export interface LiveSession {
  /** The underlying `livekit-client` Room, for what this API does not cover (typed by `@teleecho/sdk/session`). */
  readonly room: LiveKitRoom;
  /** The session id (also the LiveKit room name). */
  readonly sessionId: string;
  /** Your identity in the room (the embed token's `sub`). */
  readonly identity: string;
  /** Your role in the session. */
  readonly role: Role;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends SessionEvent>(event: E, callback: SessionEventCallbacks[E]): () => void;
  /** Unsubscribes a callback. */
  off<E extends SessionEvent>(event: E, callback: SessionEventCallbacks[E]): void;
  /** Connects to the room and publishes the microphone and camera as the options and role allow. */
  connect(): Promise<void>;
  /** Whether you are connected now. */
  readonly connected: boolean;
  /** Whether low-bandwidth mode is on. */
  readonly lowBandwidthEnabled: boolean;
  /** Raised hands, in the order they went up. */
  readonly raisedHands: RaisedHand[];
  /** Who is in focus (set by a facilitator), or null. */
  readonly spotlight: string | null;
  /** Everyone in the room, you first. */
  participants(): SessionParticipant[];
  /** Whether your role may publish this source. */
  canPublish(source: TrackSourceName): boolean;
  /** Turns your microphone on or off. Throws `ForbiddenError` `not_allowed` for observers. */
  setMicrophoneEnabled(enabled: boolean): Promise<void>;
  /** Turns your camera on or off (turning it on leaves low-bandwidth mode). */
  setCameraEnabled(enabled: boolean): Promise<void>;
  /** Shares your screen, or with `track` that video track (e.g. a canvas's `captureStream()`). */
  setScreenShareEnabled(enabled: boolean, options?: { track?: MediaStreamTrack }): Promise<void>;
  /** Lists media devices of a kind (labels need a granted permission first). */
  listDevices(kind: DeviceKind): Promise<MediaDeviceInfo[]>;
  /** Switches the microphone, camera or speaker to a device. */
  switchDevice(kind: DeviceKind, deviceId: string): Promise<void>;
  /** The device in use for a kind (the microphone or camera being published, the speaker playing), if known. */
  activeDevice(kind: DeviceKind): string | undefined;
  /** Whether the browser lets the session play sound (false until `startAudio()` after a blocked autoplay). */
  readonly canPlaybackAudio: boolean;
  /** Starts audio playback after the browser blocked it (call from a user gesture). */
  startAudio(): Promise<void>;
  /** Low-bandwidth mode: no camera, no video received, audio kept. */
  setLowBandwidth(enabled: boolean): Promise<void>;
  /** Raises your hand. */
  raiseHand(): Promise<void>;
  /** Lowers your hand. */
  lowerHand(): Promise<void>;
  /** Sends a chat message to everyone (1–2000 characters). */
  sendChat(text: string): Promise<ChatMessage>;
  /** Facilitators: mutes someone's microphone (on the server, through the hub) and tells them. */
  muteParticipant(identity: string): Promise<void>;
  /** Facilitators: lowers every raised hand. */
  lowerAllHands(): Promise<void>;
  /** Facilitators: puts someone in focus for everyone, or nobody with null. */
  setSpotlight(identity: string | null): Promise<void>;
  /** Facilitators: ends the session for everyone. */
  endSession(): Promise<void>;
  /** Leaves the room. */
  leave(): Promise<void>;
}
