/**
 * HIPAA Safe Harbor de-identification of FHIR R4 resources.
 * @packageDocumentation
 */
export { AGE_OVER_89_EXTENSION, deidentify } from './deidentify.js';
export type { DeidentifyChange, DeidentifyResult, FhirBundle } from './deidentify.js';
export {
  IDENTIFYING_EXTENSIONS,
  RESTRICTED_ZIP3,
  SAFE_HARBOR_KINDS,
  SAFE_HARBOR_POLICY,
  resolvePolicy,
} from './policy.js';
export type { DeidPolicy, ResolvedDeidPolicy, SafeHarborKind } from './policy.js';
export {
  DATATYPES,
  DEFAULT_EXTENSIONS,
  FREE_TEXT_EXTENSION,
  FREE_TEXT_KINDS,
  NEVER_KEPT,
  RESOURCE_ALLOW_LIST,
  freeTextRequestedBy,
} from './allow-list.js';
export type {
  AllowListAdditions,
  AllowedExtension,
  DatatypeName,
  DropReason,
  ElementRule,
  ElementRules,
  FreeTextKind,
  TemplateItem,
} from './allow-list.js';
