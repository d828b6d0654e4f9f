/**
 * `@teleecho/elements`: Lit custom elements for teleECHO. Importing this module registers nothing; import
 * `@teleecho/elements/define` (or `…/define/<tag>.js`) to register tags, or call `Element.define()`.
 * @packageDocumentation
 */
export { EchoElement } from './internal/echo-element.js';
export { EchoProvider } from './internal/echo-provider.js';
export { echoClientContext } from './internal/context.js';
export { hostStyles } from './internal/styles.js';
export { LocalizeController, getTranslation, loadTranslation, registerTranslation } from './internal/localize.js';
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
export { ar } from './translations/ar.js';
export { hi } from './translations/hi.js';
export { ru } from './translations/ru.js';
export { sw } from './translations/sw.js';
export { vi } from './translations/vi.js';
export { formatNumber, plural } from './translations/plural.js';
export type { PluralForms } from './translations/plural.js';
export type { QualityLevel, RecurrenceFrequency, SessionTranslation, Translation } from './translations/types.js';

export { EchoRecommendationViewer } from './recommendations/echo-recommendation-viewer.js';
export { EchoRecommendationAcknowledgedEvent } from './events/echo-recommendation-acknowledged.js';
export type { EchoRecommendationAcknowledgedEventDetail } from './events/echo-recommendation-acknowledged.js';
export { EchoCopyToChartEvent } from './events/echo-copy-to-chart.js';
export type { EchoCopyToChartEventDetail } from './events/echo-copy-to-chart.js';
export type { RecommendationsTranslation } from './translations/types.js';

export { EchoCaseQueue } from './console/echo-case-queue.js';
export type { CaseQueueFilter } from './console/echo-case-queue.js';
export { EchoRecommendationEditor } from './console/echo-recommendation-editor.js';
export { EchoAgenda } from './console/echo-agenda.js';
export { EchoCaseSelectEvent } from './events/echo-case-select.js';
export type { EchoCaseSelectEventDetail } from './events/echo-case-select.js';
export { EchoCaseUpdatedEvent } from './events/echo-case-updated.js';
export type { CaseQueueAction, EchoCaseUpdatedEventDetail } from './events/echo-case-updated.js';
export { EchoRecommendationSavedEvent } from './events/echo-recommendation-saved.js';
export type {
  EchoRecommendationSavedEventDetail,
  RecommendationEditorAction,
} from './events/echo-recommendation-saved.js';
export { EchoSessionOpenEvent } from './events/echo-session-open.js';
export type { EchoSessionOpenEventDetail } from './events/echo-session-open.js';
export type { ConsoleTranslation } from './translations/types.js';

export { EchoCaseForm } from './case-form/echo-case-form.js';
export type { CaseFormContext } from './case-form/prepare.js';
export type { FormValue } from './internal/form-control.js';
export { EchoCaseSubmittedEvent } from './events/echo-case-submitted.js';
export type { EchoCaseSubmittedEventDetail } from './events/echo-case-submitted.js';
export { EchoRelaunchEvent } from './events/echo-relaunch.js';
export type { EchoRelaunchEventDetail } from './events/echo-relaunch.js';
export type {
  CaseFormCaseStatus,
  CaseFormIdentifyingKind,
  CaseFormIssueCode,
  CaseFormRecordSection,
  CaseFormTranslation,
} from './translations/types.js';

export { EchoEvaluation } from './evaluation/echo-evaluation.js';
export { EchoEvaluationSubmittedEvent } from './events/echo-evaluation-submitted.js';
export type { EchoEvaluationSubmittedEventDetail } from './events/echo-evaluation-submitted.js';
export type { EvaluationCreditReason, EvaluationTranslation } from './translations/types.js';
