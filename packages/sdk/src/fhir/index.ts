/**
 * FHIR side of the SDK: SMART App Launch, the IPS-shaped case context and HIPAA Safe Harbor
 * de-identification. One explicit export list; `src/index.ts` re-exports it.
 * @packageDocumentation
 */

// De-identification
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
} from './deidentify/index.js';
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
} from './deidentify/index.js';

// SMART App Launch
export {
  SMART_REFRESH_MARGIN_MS,
  completeSmartLaunch,
  discoverSmartConfiguration,
  freshAccessToken,
  fromHostContext,
  refreshSmartToken,
  smartLaunch,
} from './launch.js';
export type {
  CompleteSmartLaunchOptions,
  FhirConnection,
  SmartConfiguration,
  SmartContext,
  SmartLaunchOptions,
  SmartLaunchStart,
} from './launch.js';
export { PENDING_LAUNCH_TTL_MS, defaultLaunchStorage, memoryLaunchStorage } from './launch-storage.js';
export type { LaunchStorage, PendingSmartLaunch } from './launch-storage.js';

// Case context
export { CASE_CONTEXT_DEFAULTS, CASE_CONTEXT_SECTIONS, fetchCaseContext } from './context.js';
export type {
  CaseContext,
  CaseContextOptions,
  CaseContextSection,
  CaseContextSectionName,
  FhirSource,
} from './context.js';

// Recommendations as FHIR Communication
export {
  CASE_IDENTIFIER_SYSTEM,
  COMMUNICATION_CATEGORY_SYSTEM,
  RECOMMENDATION_CATEGORY_DISPLAY,
  RECOMMENDATION_CATEGORY_SYSTEM,
  RECOMMENDATION_IDENTIFIER_SYSTEM,
  RECOMMENDATION_VERSION_IDENTIFIER_SYSTEM,
  recommendationText,
  recommendationToCommunication,
} from './communication.js';
export type { CommunicationCase, FhirCommunication } from './communication.js';
