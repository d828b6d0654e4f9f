import type { Case } from '@teleecho/sdk';
import { EchoDomEvent } from './echo-dom-event.js';

/** Detail of {@link EchoCaseSubmittedEvent}. */
export interface EchoCaseSubmittedEventDetail {
  /** Id of the new case on the hub. */
  caseId: string;
  /** The case as the hub stored it (status `submitted`, the de-identified QuestionnaireResponse and report). */
  case: Case;
}

/**
 * `echo-case-submitted`: the hub accepted the case (once, even when the submission was retried or sent from the
 * offline queue after a reload).
 */
export class EchoCaseSubmittedEvent extends EchoDomEvent<EchoCaseSubmittedEventDetail> {
  /** The event's type. */
  static readonly eventName = 'echo-case-submitted';

  constructor(value: Case) {
    super(EchoCaseSubmittedEvent.eventName, { caseId: value.id, case: value });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'echo-case-submitted': EchoCaseSubmittedEvent;
  }
}
