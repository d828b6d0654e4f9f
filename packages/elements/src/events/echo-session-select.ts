import type { Session } from '@teleecho/sdk';
import { EchoDomEvent } from './echo-dom-event.js';

/** Detail of {@link EchoSessionSelectEvent}. */
export interface EchoSessionSelectEventDetail {
  /** Id of the chosen session. */
  sessionId: string;
  /** The session as the element last saw it. */
  session: Session;
}

/** `echo-session-select`: the user chose a session (click, Enter or Space on its row). */
export class EchoSessionSelectEvent extends EchoDomEvent<EchoSessionSelectEventDetail> {
  /** The event's type. */
  static readonly eventName = 'echo-session-select';

  constructor(session: Session) {
    super(EchoSessionSelectEvent.eventName, { sessionId: session.id, session });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'echo-session-select': EchoSessionSelectEvent;
  }
}
