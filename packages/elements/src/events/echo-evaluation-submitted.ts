import type { CreditStatus, FhirResource } from '@teleecho/sdk';
import { EchoDomEvent } from './echo-dom-event.js';

/** Detail of {@link EchoEvaluationSubmittedEvent}. */
export interface EchoEvaluationSubmittedEventDetail {
  /** The evaluated session. */
  sessionId: string;
  /** The submitted FHIR `QuestionnaireResponse`, as the hub stored it. */
  response: FhirResource;
  /** The person's credit for the session now that the evaluation is in. */
  credit: CreditStatus;
}

/** `echo-evaluation-submitted`: the hub stored the person's post-session evaluation. */
export class EchoEvaluationSubmittedEvent extends EchoDomEvent<EchoEvaluationSubmittedEventDetail> {
  /** The event's type. */
  static readonly eventName = 'echo-evaluation-submitted';

  constructor(detail: EchoEvaluationSubmittedEventDetail) {
    super(EchoEvaluationSubmittedEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'echo-evaluation-submitted': EchoEvaluationSubmittedEvent;
  }
}
