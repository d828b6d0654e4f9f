import type { EchoError } from '@teleecho/sdk';
import { EchoDomEvent } from './echo-dom-event.js';

/** Detail of {@link EchoRelaunchEvent}. */
export interface EchoRelaunchEventDetail {
  /** Why the session ended: `smart_token_expired`, `smart_forbidden`, or a launch error (`error.relaunch` says more). */
  error: EchoError;
  /** Where a new launch starts (the error's `relaunch.url`), when known. */
  url?: string;
}

/**
 * `echo-relaunch`: the user pressed "Launch again" after the SMART launch or the patient context failed. Cancelable:
 * call `preventDefault()` to relaunch your own way (ask the EHR to reopen the app, start a standalone launch…);
 * otherwise the element navigates its window to `url`, or, without one, tells the user to open the app again from
 * the patient's chart.
 */
export class EchoRelaunchEvent extends EchoDomEvent<EchoRelaunchEventDetail> {
  /** The event's type. */
  static readonly eventName = 'echo-relaunch';

  constructor(error: EchoError) {
    const url = error.relaunch?.url;
    super(EchoRelaunchEvent.eventName, { error, ...(url ? { url } : {}) }, { cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'echo-relaunch': EchoRelaunchEvent;
  }
}
