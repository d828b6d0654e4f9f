/**
 * `@teleecho/sdk/session`: live teleECHO sessions over LiveKit. `joinSession()` loads `livekit-client` on first use
 * (never at import); `EchoSession` wraps the LiveKit `Room`. This entry's types include livekit-client's, which is
 * why it is separate from the root entry.
 * @packageDocumentation
 */
export { joinSession, preloadSessionLibrary } from './join.js';
export type { InternalSessionOptions, SessionOptions } from './join.js';
export { EchoSession } from './echo-session.js';
export type { LiveKitModule } from './echo-session.js';
export {
  DATA_TOPIC,
  MAX_CHAT_LENGTH,
  MODERATOR_ROLES,
  PUBLISH_SOURCES,
  PROTOCOL_VERSION,
  SESSION_DEFAULTS,
  SessionEvent,
  decodeMessage,
  encodeMessage,
} from './public.js';
export type {
  ChatMessage,
  ConnectionQualityLevel,
  DataMessage,
  DeviceKind,
  DisconnectInfo,
  LiveKitRoom,
  LiveSession,
  RaisedHand,
  SessionEventCallbacks,
  SessionParticipant,
  SessionTrackEvent,
  TrackSourceName,
} from './public.js';
