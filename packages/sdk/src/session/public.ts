/**
 * The part of `session/` whose types do not carry livekit-client's: the data-channel protocol, session events and
 * option defaults. The root entry re-exports it; `EchoSession` and `joinSession()` are in `@teleecho/sdk/session`.
 * @packageDocumentation
 */
export { SESSION_DEFAULTS } from './defaults.js';
export { MODERATOR_ROLES, PUBLISH_SOURCES } from './live-session.js';
export type { DeviceKind, LiveKitRoom, LiveSession } from './live-session.js';
export { SessionEvent } from './events.js';
export type {
  ChatMessage,
  ConnectionQualityLevel,
  DisconnectInfo,
  RaisedHand,
  SessionEventCallbacks,
  SessionParticipant,
  SessionTrackEvent,
  TrackSourceName,
} from './events.js';
export { DATA_TOPIC, MAX_CHAT_LENGTH, PROTOCOL_VERSION, decodeMessage, encodeMessage } from './protocol.js';
export type { DataMessage } from './protocol.js';
