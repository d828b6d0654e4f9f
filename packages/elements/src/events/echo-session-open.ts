import type { SessionWithAgenda } from '@teleecho/sdk';
import { EchoDomEvent } from './echo-dom-event.js';

/** Detail of {@link EchoSessionOpenEvent}. */
export interface EchoSessionOpenEventDetail {
  /** Id of the session to open. */
  sessionId: string;
  /** The session with its agenda, as `<echo-agenda>` last saw it. */
  session: SessionWithAgenda;
}

/**
 * `echo-session-open`: a facilitator pressed "Open the session" in `<echo-agenda>`. The host shows `<echo-session>`
 * for it (the hub marks the session live when its room starts).
 */
export class EchoSessionOpenEvent extends EchoDomEvent<EchoSessionOpenEventDetail> {
  /** The event's type. */
  static readonly eventName = 'echo-session-open';

  constructor(session: SessionWithAgenda) {
    super(EchoSessionOpenEvent.eventName, { sessionId: session.id, session });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'echo-session-open': EchoSessionOpenEvent;
  }
}
