import type { Case, CaseStatus } from '@teleecho/sdk';
import { EchoDomEvent } from './echo-dom-event.js';

/** Detail of {@link EchoCaseSelectEvent}. */
export interface EchoCaseSelectEventDetail {
  /** Id of the chosen case. */
  caseId: string;
  /** Its title as the element showed it. */
  title: string;
  /** Its status as the element last saw it. */
  status: CaseStatus;
  /** The whole case, when the element had it (the case queue has; the agenda only has its agenda entry). */
  case?: Case;
}

/** `echo-case-select`: the user chose a case to read (the "Read" button of the case queue or the agenda). */
export class EchoCaseSelectEvent extends EchoDomEvent<EchoCaseSelectEventDetail> {
  /** The event's type. */
  static readonly eventName = 'echo-case-select';

  constructor(detail: EchoCaseSelectEventDetail) {
    super(EchoCaseSelectEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'echo-case-select': EchoCaseSelectEvent;
  }
}
