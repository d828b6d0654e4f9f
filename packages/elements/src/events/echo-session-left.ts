import { EchoDomEvent } from './echo-dom-event.js';

/** Detail of {@link EchoSessionLeftEvent}. */
export interface EchoSessionLeftEventDetail {
  /** The session id. */
  sessionId: string;
  /**
   * Why: `client_initiated` (the user left), `room_deleted` (the session was ended), or another LiveKit reason in
   * lower snake case (`duplicate_identity`, `participant_removed`, `unknown`…).
   */
  reason: string;
}

/** `echo-session-left`: the user is no longer in the live session (left, removed, or the session ended). */
export class EchoSessionLeftEvent extends EchoDomEvent<EchoSessionLeftEventDetail> {
  /** The event's type. */
  static readonly eventName = 'echo-session-left';

  constructor(sessionId: string, reason: string) {
    super(EchoSessionLeftEvent.eventName, { sessionId, reason });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'echo-session-left': EchoSessionLeftEvent;
  }
}
