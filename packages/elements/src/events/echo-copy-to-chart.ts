import type { Case, FhirResource, Recommendation } from '@teleecho/sdk';
import { EchoDomEvent } from './echo-dom-event.js';

/** Detail of {@link EchoCopyToChartEvent}. */
export interface EchoCopyToChartEventDetail {
  /** The recommendation, as shown. */
  recommendation: Recommendation;
  /** The case it belongs to (de-identified). */
  case: Case;
  /** The recommendation as a FHIR R4 `Communication`, ready for the host to write to its chart. */
  communication: FhirResource;
}

/**
 * `echo-copy-to-chart`: the user asked to copy a recommendation into the patient's chart. The element writes
 * nothing itself: the host (which knows the patient and holds the EHR's credentials) writes `detail.communication`.
 */
export class EchoCopyToChartEvent extends EchoDomEvent<EchoCopyToChartEventDetail> {
  /** The event's type. */
  static readonly eventName = 'echo-copy-to-chart';

  constructor(detail: EchoCopyToChartEventDetail) {
    super(EchoCopyToChartEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'echo-copy-to-chart': EchoCopyToChartEvent;
  }
}
