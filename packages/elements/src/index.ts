/**
 * `@teleecho/elements`: Lit custom elements for teleECHO. Importing this module registers nothing; import
 * `@teleecho/elements/define` (or `…/define/<tag>.js`) to register tags, or call `Element.define()`.
 * @packageDocumentation
 */
export { EchoElement } from './internal/echo-element.js';
export { EchoProvider } from './internal/echo-provider.js';
export { echoClientContext } from './internal/context.js';
export { hostStyles } from './internal/styles.js';
export { LocalizeController, getTranslation, registerTranslation } from './internal/localize.js';
export type { LocalizeHost } from './internal/localize.js';
export { VERSION } from './internal/version.js';

export { EchoSchedule } from './schedule/echo-schedule.js';
export { EchoSessionElement } from './session/echo-session.js';

export { EchoDomEvent } from './events/echo-dom-event.js';
export { EchoErrorEvent } from './events/echo-error.js';
export type { EchoErrorEventDetail } from './events/echo-error.js';
export { EchoSessionJoinedEvent } from './events/echo-session-joined.js';
export type { EchoSessionJoinedEventDetail } from './events/echo-session-joined.js';
export { EchoSessionLeftEvent } from './events/echo-session-left.js';
export type { EchoSessionLeftEventDetail } from './events/echo-session-left.js';
export { EchoHandRaisedEvent } from './events/echo-hand-raised.js';
export type { EchoHandRaisedEventDetail } from './events/echo-hand-raised.js';
export { EchoSessionSelectEvent } from './events/echo-session-select.js';
export type { EchoSessionSelectEventDetail } from './events/echo-session-select.js';

export { en } from './translations/en.js';
export { es } from './translations/es.js';
export { fr } from './translations/fr.js';
export { pt } from './translations/pt.js';
export type { QualityLevel, RecurrenceFrequency, SessionTranslation, Translation } from './translations/types.js';
