/**
 * `@teleecho/sdk/contract`: the hub API's vocabulary, written once. Roles, case statuses, recommendation categories,
 * every error code the hub and the SDK can produce, and what each role may do. The SDK's types are derived from these
 * tuples, the hub validates with them and types its errors by them (so the hub cannot raise a code missing here:
 * it does not compile), and the elements read capabilities from {@link CAPABILITIES} instead of listing roles.
 *
 * Adding a role, a status, a category or an error code is a change here plus the code that uses it.
 * @packageDocumentation
 */

/** Every role within a programme, most to least privileged (ARCHITECTURE.md §3). */
export const ROLES = ['coordinator', 'facilitator', 'specialist', 'presenter', 'participant', 'observer'] as const;

/** A role within one programme. */
export type Role = (typeof ROLES)[number];

/** Case lifecycle states, in lifecycle order (ARCHITECTURE.md §5). */
export const CASE_STATUSES = [
  'submitted',
  'accepted',
  'returned',
  'scheduled',
  'presented',
  'recommendations_issued',
  'closed',
] as const;

/** A case lifecycle state. */
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Categories of a written recommendation. */
export const RECOMMENDATION_CATEGORIES = ['diagnostics', 'treatment', 'monitoring', 'referral', 'education'] as const;

/** Category of a written recommendation. */
export type RecommendationCategory = (typeof RECOMMENDATION_CATEGORIES)[number];

/**
 * Every `code` the hub puts in an `application/problem+json` body. The hub's `HubError` takes only these, so a new
 * code is added here first; the SDK passes them through as {@link EchoErrorCode}.
 */
export const HUB_ERROR_CODES = [
  // authentication and scope
  'unauthorized',
  'token_expired',
  'token_invalid',
  'api_key_required',
  'feed_token_required',
  'forbidden',
  'wrong_program',
  'origin_not_allowed',
  // the request itself
  'bad_request',
  'bad_url',
  'invalid_host',
  'invalid_json',
  'json_too_deep',
  'invalid_characters',
  'invalid_cursor',
  'validation_failed',
  'invalid_response',
  'invalid_policy',
  'invalid_webhook_url',
  'category_required',
  'idempotency_key_reused',
  'not_found',
  'method_not_allowed',
  'payload_too_large',
  'unsupported_media_type',
  'uri_too_long',
  'headers_too_large',
  'request_timeout',
  // privacy
  'phi_detected',
  'phi_check_incomplete',
  // lifecycle and state
  'conflict',
  'invalid_state',
  'invalid_transition',
  'already_issued',
  'session_not_open',
  'session_not_started',
  'session_cancelled',
  'no_evaluation',
  'evaluation_already_submitted',
  'not_eligible',
  'certificate_not_found',
  // webhooks from LiveKit
  'webhook_invalid',
  'webhook_field_invalid',
  // LTI 1.3
  'lti_request_invalid',
  'lti_platform_unknown',
  'lti_deployment_unknown',
  'lti_signature_invalid',
  'lti_token_expired',
  'lti_audience_invalid',
  'lti_token_invalid',
  'lti_nonce_replayed',
  'lti_state_invalid',
  'lti_message_unsupported',
  'lti_session_missing',
  'lti_registration_failed',
  'lti_platform_keys_unavailable',
  'lti_platform_refused',
  'lti_tool_pending',
  // the hub's own dependencies
  'livekit_not_configured',
  'livekit_unavailable',
  'storage_unavailable',
  'shutting_down',
  'too_many_requests',
  'handler_timeout',
  'internal_error',
] as const;

/** A `code` the hub can send. */
export type HubErrorCode = (typeof HUB_ERROR_CODES)[number];

/** Codes the SDK raises itself (no hub involved, or a hub status without a code of its own). */
export const CLIENT_ERROR_CODES = [
  // transport
  'network_error',
  'timeout',
  'aborted',
  'stream_closed',
  'server_error',
  'rate_limited',
  'token_unavailable',
  // anything thrown that was not an EchoError (a bug, or a host's callback throwing)
  'unknown',
  // usage
  'invalid_options',
  'invalid_api_key',
  'phi_rejected',
  // sessions (LiveKit)
  'livekit_load_failed',
  'connect_failed',
  'device_unavailable',
  'device_denied',
  'publish_failed',
  'not_allowed',
  'session_ended',
  // FHIR and SMART on the EHR side
  'fhir_request_failed',
  'fhir_server_error',
  'invalid_fhir',
  'smart_configuration_invalid',
  'smart_denied',
  'smart_forbidden',
  'smart_issuer_not_allowed',
  'smart_pkce_unsupported',
  'smart_state_mismatch',
  'smart_token_expired',
  'smart_token_failed',
  'smart_token_invalid',
  // host backends: LiveKit webhooks verified by `@teleecho/sdk/server`
  'webhook_payload_invalid',
  'webhook_signature_malformed',
  'webhook_signature_mismatch',
  'webhook_signature_missing',
  'webhook_timestamp_out_of_tolerance',
] as const;

/** A code the SDK raises itself. */
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

/**
 * Every code an `EchoError` can carry: the hub's, the SDK's own, and `http_<status>` for a status no code maps
 * (a proxy's 502 page, say). A hub of a newer version than this SDK may send a code this list does not have yet: it
 * passes through unchanged (keep a `default:` branch; {@link isEchoErrorCode} tells known codes apart).
 */
export type EchoErrorCode = HubErrorCode | ClientErrorCode | `http_${number}`;

const KNOWN_CODES: ReadonlySet<string> = new Set<string>([...HUB_ERROR_CODES, ...CLIENT_ERROR_CODES]);

/** True when `code` is one {@link EchoErrorCode} names (narrows it). */
export function isEchoErrorCode(code: unknown): code is EchoErrorCode {
  return typeof code === 'string' && (KNOWN_CODES.has(code) || /^http_\d{3}$/.test(code));
}

/** Media a participant can publish in a session (LiveKit track sources). */
export type PublishSource = 'camera' | 'microphone' | 'screen_share' | 'screen_share_audio';

/** What one role may do: read by the SDK, the elements and the hub instead of lists of roles. */
export interface Capabilities {
  /** Media the role may publish in a session (the hub's LiveKit grants match). */
  publish: readonly PublishSource[];
  /** Moderates sessions: mute others, lower hands, spotlight, end the session. */
  moderate: boolean;
  /** Opens a session before its window and starts ad-hoc sessions. */
  openSessions: boolean;
  /** Belongs to the hub team: sees every case of the programme and every recommendation draft. */
  hubTeam: boolean;
  /** Submits cases (and answers returned ones). */
  submitCases: boolean;
  /** Writes, issues and amends recommendations. */
  writeRecommendations: boolean;
  /** Runs the programme: sessions, templates, credit, case triage. */
  manageProgram: boolean;
}

const SPEAKER = ['camera', 'microphone', 'screen_share', 'screen_share_audio'] as const;

/** The capability table: one row per role. */
export const CAPABILITIES: Readonly<Record<Role, Capabilities>> = {
  coordinator: {
    publish: SPEAKER,
    moderate: true,
    openSessions: true,
    hubTeam: true,
    submitCases: false,
    writeRecommendations: false,
    manageProgram: true,
  },
  facilitator: {
    publish: SPEAKER,
    moderate: true,
    openSessions: true,
    hubTeam: true,
    submitCases: false,
    writeRecommendations: true,
    manageProgram: false,
  },
  specialist: {
    publish: SPEAKER,
    moderate: false,
    openSessions: false,
    hubTeam: true,
    submitCases: false,
    writeRecommendations: true,
    manageProgram: false,
  },
  presenter: {
    publish: SPEAKER,
    moderate: false,
    openSessions: false,
    hubTeam: false,
    submitCases: true,
    writeRecommendations: false,
    manageProgram: false,
  },
  participant: {
    publish: ['camera', 'microphone'],
    moderate: false,
    openSessions: false,
    hubTeam: false,
    submitCases: false,
    writeRecommendations: false,
    manageProgram: false,
  },
  observer: {
    publish: [],
    moderate: false,
    openSessions: false,
    hubTeam: false,
    submitCases: false,
    writeRecommendations: false,
    manageProgram: false,
  },
};

/** The roles that have a capability, in {@link ROLES} order. */
export function rolesThat(capability: Exclude<keyof Capabilities, 'publish'>): Role[] {
  return ROLES.filter((role) => CAPABILITIES[role][capability]);
}
