import type { EchoError } from '@teleecho/sdk';
import { EchoDomEvent } from './echo-dom-event.js';

/** Detail of {@link EchoErrorEvent}. */
export interface EchoErrorEventDetail {
  /** What failed, with a stable `code` (e.g. `token_expired`, `network_error`). */
  error: EchoError;
}

/**
 * `echo-error`: an element hit an error it also shows to the user (loading failed, live updates stopped).
 * Hosts listen to log it or to refresh a token.
 */
export class EchoErrorEvent extends EchoDomEvent<EchoErrorEventDetail> {
  /** The event's type. */
  static readonly eventName = 'echo-error';

  constructor(error: EchoError) {
    super(EchoErrorEvent.eventName, { error });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'echo-error': EchoErrorEvent;
  }
}
