import type { Case } from '@teleecho/sdk';
import { EchoDomEvent } from './echo-dom-event.js';

/** What the coordinator did to a case in `<echo-case-queue>`. */
export type CaseQueueAction = 'accepted' | 'returned' | 'scheduled';

/** Detail of {@link EchoCaseUpdatedEvent}. */
export interface EchoCaseUpdatedEventDetail {
  /** What was done. */
  action: CaseQueueAction;
  /** The case as the hub returned it after the change. */
  case: Case;
}

/** `echo-case-updated`: the hub accepted a change the user made to a case (accept, return, schedule). */
export class EchoCaseUpdatedEvent extends EchoDomEvent<EchoCaseUpdatedEventDetail> {
  /** The event's type. */
  static readonly eventName = 'echo-case-updated';

  constructor(action: CaseQueueAction, value: Case) {
    super(EchoCaseUpdatedEvent.eventName, { action, case: value });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'echo-case-updated': EchoCaseUpdatedEvent;
  }
}
