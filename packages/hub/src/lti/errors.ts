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
  | 'lti_registration_failed';

/** A refused LTI request. */
export class LtiError extends HubError {
  constructor(status: number, code: LtiErrorCode, detail: string) {
    super(status, code, detail);
    this.name = 'LtiError';
  }
}
