/**
 * `@teleecho/sdk`: the framework-agnostic teleECHO client for browsers and Node — a typed hub
 * API client, live events over Server-Sent Events, and typed errors. Importing it starts nothing.
 * Node-only helpers (minting embed tokens) live in `@teleecho/sdk/server`.
 * @packageDocumentation
 */

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

// Defaults
export { CLIENT_DEFAULTS, EVENTS_DEFAULTS } from './defaults.js';

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
export type { EchoErrorCode, EchoErrorOptions } from './errors.js';

// Data model
export { ROLES } from './types.js';
export type {
  AcknowledgeRecommendationInput,
  AgendaItem,
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
  DeidentificationChange,
  DeidentificationReport,
  EchoEvent,
  EchoEventType,
  EmbedTokenClaims,
  EmbedTokenResult,
  FhirResource,
  HealthStatus,
  ListCasesOptions,
  ListOptions,
  ListSessionsOptions,
  Page,
  Program,
  ProblemDetails,
  Recommendation,
  RecommendationAcknowledgement,
  RecommendationCategory,
  RecommendationRevision,
  RecommendationStatus,
  Role,
  Session,
  SessionStatus,
  SessionWithAgenda,
  SubmitCaseInput,
  UpdateCaseTemplateInput,
  UpdateProgramInput,
  UpdateRecommendationInput,
  UpdateSessionInput,
} from './types.js';
