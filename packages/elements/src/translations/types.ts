/**
 * The typed shape every locale implements. Plain strings for fixed labels; functions where the wording depends on a
 * number (plurals) or a value (titles in announcements), so each language can form its own grammar.
 * @packageDocumentation
 */

/** How often a recurring session repeats (the RRULE `FREQ`). */
export type RecurrenceFrequency = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

/** Connection quality levels the session element shows. */
export type QualityLevel = 'excellent' | 'good' | 'poor' | 'lost' | 'unknown';

/** Texts of `<echo-session>`. */
export interface SessionTranslation {
  /** Shown while the session's details load. */
  loading: string;
  /** Heading of the pre-join screen. */
  readyToJoin: string;
  /** Accessible name of the camera preview. */
  cameraPreview: string;
  /** Label of the camera picker. */
  camera: string;
  /** Label of the microphone picker. */
  microphone: string;
  /** Label of the speaker picker. */
  speaker: string;
  /** Accessible name of the microphone level meter. */
  micLevel: string;
  /** Name of a device without a label. */
  deviceDefault: string;
  /** The main join button. */
  join: string;
  /** Join without camera and without receiving video. */
  joinAudioOnly: string;
  /** Shown while joining. */
  joining: string;
  /** Observers join listen-only. */
  listenOnly: string;
  /** Camera or microphone permission was refused. */
  devicesDenied: string;
  /** No camera or microphone was found. */
  devicesMissing: string;
  /** Hint for hosts embedding the element in an iframe. */
  iframeHint: string;
  /** The session is not open yet (joining opens 30 minutes before it starts) or has ended. */
  notOpen: string;
  /** Joining failed for another reason. */
  joinFailed: string;
  /** Mute your microphone. */
  mute: string;
  /** Unmute your microphone. */
  unmute: string;
  /** Turn your camera off. */
  cameraOff: string;
  /** Turn your camera on. */
  cameraOn: string;
  /** Start sharing your screen. */
  shareScreen: string;
  /** Stop sharing your screen. */
  stopSharing: string;
  /** Raise your hand. */
  raiseHand: string;
  /** Lower your hand. */
  lowerHand: string;
  /** The chat panel and its button. */
  chat: string;
  /** The participant list and its button. */
  participants: string;
  /** Leave the session. */
  leave: string;
  /** Close a panel. */
  close: string;
  /** Label of the chat input. */
  message: string;
  /** Send a chat message. */
  send: string;
  /** No chat messages yet. */
  noMessages: string;
  /** Accessible name of the controls toolbar. */
  controls: string;
  /** Accessible name of the video grid. */
  videoGrid: string;
  /** Suffix for yourself, e.g. "(you)". */
  you: string;
  /** Banner while the connection is being restored. */
  reconnecting: string;
  /** Banner while in low-bandwidth mode. */
  lowBandwidthOn: string;
  /** Offer of low-bandwidth mode when the connection stays poor. */
  lowBandwidthSuggested: string;
  /** Switch low-bandwidth mode on. */
  lowBandwidthEnable: string;
  /** Switch low-bandwidth mode off. */
  lowBandwidthDisable: string;
  /** The browser blocked sound. */
  audioBlocked: string;
  /** Button that starts sound after it was blocked. */
  enableAudio: string;
  /** You left the session. */
  left: string;
  /** The session was ended. */
  ended: string;
  /** Join again after leaving. */
  rejoin: string;
  /** A facilitator muted you. */
  mutedByFacilitator: string;
  /** Badge of someone whose hand is up. */
  handRaised: string;
  /** Badge of someone whose microphone is off. */
  muted: string;
  /** Facilitators: lower every raised hand. */
  lowerAllHands: string;
  /** Facilitators: accessible name of the button that mutes someone. */
  muteParticipant(name: string): string;
  /** Raised hands heading. */
  raisedHands: string;
  /** A role's name. */
  role(role: string): string;
  /** Connection quality, e.g. "Connection: good". */
  quality(level: QualityLevel): string;
  /** Announced when someone raises their hand. */
  announceHand(name: string): string;
  /** Announced for a chat message from someone else. */
  announceChat(name: string, text: string): string;
  /** Announced when someone joins. */
  announceJoined(name: string): string;
  /** Announced when someone leaves. */
  announceLeft(name: string): string;
  /** Label of a screen share, e.g. "Screen of Ana". */
  screenOf(name: string): string;
}

/** Every user-visible text of the elements, for one language. */
export interface Translation {
  /** Primary language subtag this translation answers for, e.g. `"es"`. */
  $code: string;
  /** The language's own name, e.g. `"Español"`. */
  $name: string;
  /** Writing direction of the language. */
  $dir: 'ltr' | 'rtl';

  /** Accessible name of the schedule list. */
  upcomingSessions: string;
  /** Shown while sessions load. */
  loadingSessions: string;
  /** Shown when the programme has no upcoming sessions. */
  noUpcomingSessions: string;
  /** Shown under the list while live updates reconnect after the connection dropped. */
  reconnecting: string;
  /** Label of the button that loads again after an error. */
  retry: string;
  /** Badge of a session that is running now. */
  liveNow: string;
  /** Badge of a cancelled session. */
  cancelled: string;
  /** The element lacks `hub-url`, a token or a programme. */
  errorNotConfigured: string;
  /** The token is missing, invalid or expired. */
  errorUnauthorized: string;
  /** The token does not allow this. */
  errorForbidden: string;
  /** The hub could not be reached. */
  errorNetwork: string;
  /** Anything else went wrong. */
  errorGeneric: string;

  /** How often a series repeats, e.g. `recurrence('WEEKLY', 2)` → "Every 2 weeks". */
  recurrence(frequency: RecurrenceFrequency, interval: number): string;
  /** A count of upcoming sessions, announced after loading, e.g. "3 upcoming sessions". */
  sessionCount(count: number): string;
  /** Announced when a session goes live. */
  announceLive(title: string): string;
  /** Announced when a session ends. */
  announceEnded(title: string): string;
  /** Announced when a session is cancelled. */
  announceCancelled(title: string): string;
  /** Announced when a new session appears in the list. */
  announceAdded(title: string): string;
  /** Announced when a session's details change. */
  announceUpdated(title: string): string;

  /** Texts of `<echo-session>`. */
  session: SessionTranslation;
}
