import { HubError } from '../http/problem.js';

/**
 * Stable codes of refused LTI requests. Browsers get a 4xx HTML page saying what went wrong; JSON clients get
 * `application/problem+json` with the same code.
 */
export type LtiErrorCode =
  | 'lti_request_invalid'
  | 'lti_platform_unknown'
  | 'lti_deployment_unknown'
  | 'lti_signature_invalid'
  | 'lti_token_expired'
  | 'lti_audience_invalid'
  | 'lti_token_invalid'
  | 'lti_nonce_replayed'
  | 'lti_state_invalid'
  | 'lti_message_unsupported'
  | 'lti_session_missing'
  | 'lti_registration_failed'
  /** 502: the platform's key set (JWKS URL) answered non-200, invalid JSON, no key set, or not in time. */
  | 'lti_platform_keys_unavailable'
  /** The platform answered the OIDC login with an error (`error`, `error_description`) instead of an id_token. */
  | 'lti_platform_refused'
  /** Dynamically registered and never launched: the platform has not activated the tool yet (Moodle: pending). */
  | 'lti_tool_pending';

/** A refused LTI request. */
export class LtiError extends HubError {
  constructor(status: number, code: LtiErrorCode, detail: string) {
    super(status, code, detail);
    this.name = 'LtiError';
  }
}
