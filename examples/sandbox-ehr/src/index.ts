/**
 * The teleECHO sandbox EHR: a FHIR R4 server (Medplum `fhir-router` + `MemoryRepository`), a SMART App
 * Launch v2 authorization server and a chart page that launches the example SMART app in an iframe.
 * @packageDocumentation
 */
export { EXAMPLE_APP_CLIENT_ID, SANDBOX_EHR_DEFAULTS, startSandboxEhr } from './server.js';
export type { FhirRequestRecord, SandboxEhr, SandboxEhrOptions, SandboxHubOptions } from './server.js';
export { FIXTURE_OTHER_PATIENT_ID, FIXTURE_PATIENT_ID, PATIENTS_DIR, loadPatientResources } from './patients.js';
export { SmartAuthServer } from './smart-auth.js';
export type {
  AccessCheck,
  AuthorizeOutcome,
  SmartAuthOptions,
  SmartClient,
  SmartGrantPolicy,
  TokenOutcome,
  TokenRequestRecord,
} from './smart-auth.js';
export { FhirEngine } from './fhir-engine.js';
export type { FhirAccess, ResourceScope } from './scopes.js';
