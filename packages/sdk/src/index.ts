/**
 * `@teleecho/sdk`: the framework-agnostic teleECHO client for browsers and Node — a typed hub
 * API client, live events over Server-Sent Events, and typed errors. Importing it starts nothing.
 * Node-only helpers (minting embed tokens) live in `@teleecho/sdk/server`.
 * @packageDocumentation
 */

// The contract: roles, statuses, categories, error codes and capabilities (also `@teleecho/sdk/contract`)
export {
  CAPABILITIES,
  CASE_STATUSES,
  CLIENT_ERROR_CODES,
  HUB_ERROR_CODES,
  RECOMMENDATION_CATEGORIES,
  isEchoErrorCode,
  rolesThat,
} from './contract.js';
export type { Capabilities, ClientErrorCode, HubErrorCode, PublishSource } from './contract.js';

// Client
export { createEchoClient } from './client/echo-client.js';
export type { EchoClient, EchoClientOptions, InternalEchoClientOptions } from './client/echo-client.js';
export type { FetchLike, Query, RequestOptions } from './client/http.js';
export { decodeTokenClaims } from './client/token.js';
export type { TokenProvider } from './client/token.js';
export { collect, paginate } from './client/paginate.js';
export type { PageFetcher, PageIterable } from './client/paginate.js';
export { errorFromProblem } from './client/problem.js';
export type { CasesResource } from './client/resources/cases.js';
export type { CmeResource, CreditRuleInput } from './client/resources/cme.js';
export type { EmbedTokensResource } from './client/resources/embed-tokens.js';
export type { ProgramsResource } from './client/resources/programs.js';
export type { RecommendationsResource } from './client/resources/recommendations.js';
export type { SessionsResource } from './client/resources/sessions.js';
export type { TemplatesResource } from './client/resources/templates.js';

// Live events
export type {
  EchoEventHandler,
  EventFilter,
  EventsResource,
  InternalSubscribeOptions,
  SubscribeOptions,
  Subscription,
  SubscriptionStatus,
  SubscriptionStatusInfo,
} from './events/subscribe.js';

// Live sessions: the wire protocol, events and defaults. `EchoSession`, `joinSession()` and everything that carries
// livekit-client's types are in `@teleecho/sdk/session`, so this entry's types never pull in livekit-client's.
export {
  DATA_TOPIC,
  MAX_CHAT_LENGTH,
  MODERATOR_ROLES,
  PROTOCOL_VERSION,
  PUBLISH_SOURCES,
  SESSION_DEFAULTS,
  SessionEvent,
  decodeMessage,
  encodeMessage,
} from './session/public.js';
export type {
  ChatMessage,
  ConnectionQualityLevel,
  DataMessage,
  DeviceKind,
  DisconnectInfo,
  LiveKitRoom,
  LiveSession,
  RaisedHand,
  SessionEventCallbacks,
  SessionParticipant,
  SessionTrackEvent,
  TrackSourceName,
} from './session/public.js';

// FHIR: SMART launch and de-identification. Imported from their modules, not from './fhir/index.js', so the
// browser entry does not load fetchCaseContext's fhir-kit-client (whose Node dependencies break browser
// bundles); fetchCaseContext is exported by the `@teleecho/sdk/fhir` entry (src/fhir/index.ts).
export {
  SMART_REFRESH_MARGIN_MS,
  completeSmartLaunch,
  discoverSmartConfiguration,
  freshAccessToken,
  fromHostContext,
  refreshSmartToken,
  smartLaunch,
} from './fhir/launch.js';
export type {
  CompleteSmartLaunchOptions,
  FhirConnection,
  SmartConfiguration,
  SmartContext,
  SmartLaunchOptions,
  SmartLaunchStart,
} from './fhir/launch.js';
export { PENDING_LAUNCH_TTL_MS, defaultLaunchStorage, memoryLaunchStorage } from './fhir/launch-storage.js';
export type { LaunchStorage, PendingSmartLaunch } from './fhir/launch-storage.js';
export {
  AGE_OVER_89_EXTENSION,
  IDENTIFYING_EXTENSIONS,
  RESTRICTED_ZIP3,
  SAFE_HARBOR_KINDS,
  SAFE_HARBOR_POLICY,
  DATATYPES,
  DEFAULT_EXTENSIONS,
  FREE_TEXT_EXTENSION,
  FREE_TEXT_KINDS,
  NEVER_KEPT,
  RESOURCE_ALLOW_LIST,
  deidentify,
  freeTextRequestedBy,
  resolvePolicy,
} from './fhir/deidentify/index.js';
export type {
  AllowListAdditions,
  AllowedExtension,
  DatatypeName,
  DeidPolicy,
  DeidentifyChange,
  DropReason,
  ElementRule,
  ElementRules,
  FreeTextKind,
  TemplateItem,
  DeidentifyResult,
  FhirBundle,
  ResolvedDeidPolicy,
  SafeHarborKind,
} from './fhir/deidentify/index.js';
export {
  CASE_IDENTIFIER_SYSTEM,
  COMMUNICATION_CATEGORY_SYSTEM,
  RECOMMENDATION_CATEGORY_DISPLAY,
  RECOMMENDATION_CATEGORY_SYSTEM,
  RECOMMENDATION_IDENTIFIER_SYSTEM,
  RECOMMENDATION_VERSION_IDENTIFIER_SYSTEM,
  recommendationText,
  recommendationToCommunication,
} from './fhir/communication.js';
export type { CommunicationCase, FhirCommunication } from './fhir/communication.js';

// Defaults
export { CLIENT_DEFAULTS, EVENTS_DEFAULTS, PERMANENT_ERROR_CODES } from './defaults.js';

// Errors
export {
  AuthError,
  EchoError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  PhiRejectedError,
  ServerError,
  ValidationError,
} from './errors.js';
export type { EchoErrorCode, EchoErrorOptions, RelaunchHint } from './errors.js';

// Data model
export { ROLES } from './types.js';
export type {
  AcknowledgeRecommendationInput,
  AgendaItem,
  AttendanceInterval,
  AttendancePerson,
  AttendanceReport,
  Case,
  CaseStatus,
  CaseTemplate,
  CaseTransitionInput,
  CreateCaseTemplateInput,
  CreateEmbedTokenInput,
  CreateProgramInput,
  CreateRecommendationInput,
  CreateSessionInput,
  CreditRule,
  CreditReason,
  CreditStatus,
  Certificate,
  CertificateSession,
  CertificateVerification,
  CalendarLink,
  EvaluationStatus,
  Transcript,
  TranscriptEntry,
  TranscriptQuery,
  DeidentificationChange,
  DeidentificationReport,
  EchoEvent,
  EchoEventType,
  EmbedTokenClaims,
  EmbedTokenResult,
  FhirResource,
  HealthStatus,
  JoinSessionResult,
  ListCasesOptions,
  ListOptions,
  ListSessionsOptions,
  ModerationAction,
  ModerationInput,
  Page,
  Program,
  ProgramAllowedExtension,
  ProgramDeidentificationPolicy,
  ProblemDetails,
  Recommendation,
  RecommendationAcknowledgement,
  RecommendationCategory,
  RecommendationRevision,
  RecommendationStatus,
  Role,
  Session,
  SessionJoinWindow,
  SessionOpener,
  SessionStatus,
  SessionWithAgenda,
  StartSessionNowInput,
  SubmitCaseInput,
  UpdateCaseTemplateInput,
  UpdateProgramInput,
  UpdateRecommendationInput,
  UpdateSessionInput,
} from './types.js';
