import type { LiveSession as EchoSession } from '@teleecho/sdk';
import { EchoDomEvent } from './echo-dom-event.js';

/** Detail of {@link EchoSessionJoinedEvent}. */
export interface EchoSessionJoinedEventDetail {
  /** The session id (also the LiveKit room). */
  sessionId: string;
  /** Your identity in the room (the embed token's `sub`). */
  identity: string;
  /** The SDK session, for what the element does not cover (facilitator controls, raw LiveKit room). */
  session: EchoSession;
}

/** `echo-session-joined`: the user is connected to the live session. */
export class EchoSessionJoinedEvent extends EchoDomEvent<EchoSessionJoinedEventDetail> {
  /** The event's type. */
  static readonly eventName = 'echo-session-joined';

  constructor(session: EchoSession) {
    super(EchoSessionJoinedEvent.eventName, { sessionId: session.sessionId, identity: session.identity, session });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'echo-session-joined': EchoSessionJoinedEvent;
  }
}
