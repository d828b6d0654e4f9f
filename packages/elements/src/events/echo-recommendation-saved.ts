import type { Recommendation } from '@teleecho/sdk';
import { EchoDomEvent } from './echo-dom-event.js';

/** What the author did to a recommendation in `<echo-recommendation-editor>`. */
export type RecommendationEditorAction = 'drafted' | 'edited' | 'issued' | 'amended';

/** Detail of {@link EchoRecommendationSavedEvent}. */
export interface EchoRecommendationSavedEventDetail {
  /** What was done. */
  action: RecommendationEditorAction;
  /** The recommendations as the hub returned them (several when drafts were issued together). */
  recommendations: Recommendation[];
}

/** `echo-recommendation-saved`: the hub stored a draft, an edit, an issue or an amendment made in the editor. */
export class EchoRecommendationSavedEvent extends EchoDomEvent<EchoRecommendationSavedEventDetail> {
  /** The event's type. */
  static readonly eventName = 'echo-recommendation-saved';

  constructor(action: RecommendationEditorAction, recommendations: Recommendation[]) {
    super(EchoRecommendationSavedEvent.eventName, { action, recommendations });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'echo-recommendation-saved': EchoRecommendationSavedEvent;
  }
}
