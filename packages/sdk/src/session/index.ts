/**
 * `session/`: live teleECHO sessions over LiveKit (`livekit-client` is loaded on join).
 * @packageDocumentation
 */
export { joinSession, preloadSessionLibrary } from './join.js';
export type { InternalSessionOptions, SessionOptions } from './join.js';
export { SESSION_DEFAULTS } from './defaults.js';
export { EchoSession, MODERATOR_ROLES, PUBLISH_SOURCES } from './echo-session.js';
export type { DeviceKind, LiveKitModule } from './echo-session.js';
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
