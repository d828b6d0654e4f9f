import type { RaisedHand } from '@teleecho/sdk';
import { EchoDomEvent } from './echo-dom-event.js';

/** Detail of {@link EchoHandRaisedEvent}. */
export interface EchoHandRaisedEventDetail {
  /** The hand that went up (or down, see `raised`). */
  hand: RaisedHand;
  /** `true` when it went up, `false` when it went down. */
  raised: boolean;
  /** Every raised hand now, in the order they went up. */
  hands: RaisedHand[];
  /** Whether it is the user's own hand. */
  local: boolean;
}

/** `echo-hand-raised`: someone (the user included) raised or lowered their hand. */
export class EchoHandRaisedEvent extends EchoDomEvent<EchoHandRaisedEventDetail> {
  /** The event's type. */
  static readonly eventName = 'echo-hand-raised';

  constructor(detail: EchoHandRaisedEventDetail) {
    super(EchoHandRaisedEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'echo-hand-raised': EchoHandRaisedEvent;
  }
}
