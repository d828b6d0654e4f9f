import type { Recommendation, RecommendationAcknowledgement } from '@teleecho/sdk';
import { EchoDomEvent } from './echo-dom-event.js';

/** Detail of {@link EchoRecommendationAcknowledgedEvent}. */
export interface EchoRecommendationAcknowledgedEventDetail {
  /** Id of the acknowledged recommendation. */
  recommendationId: string;
  /** What the hub stored: time, user, version and the optional reply. */
  acknowledgement: RecommendationAcknowledgement;
  /** The recommendation with its new acknowledgement. */
  recommendation: Recommendation;
}

/** `echo-recommendation-acknowledged`: the presenter acknowledged a recommendation (stored on the hub). */
export class EchoRecommendationAcknowledgedEvent extends EchoDomEvent<EchoRecommendationAcknowledgedEventDetail> {
  /** The event's type. */
  static readonly eventName = 'echo-recommendation-acknowledged';

  constructor(recommendation: Recommendation, acknowledgement: RecommendationAcknowledgement) {
    super(EchoRecommendationAcknowledgedEvent.eventName, {
      recommendationId: recommendation.id,
      acknowledgement,
      recommendation,
    });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'echo-recommendation-acknowledged': EchoRecommendationAcknowledgedEvent;
  }
}
