import type { HubErrorCode, ProblemDetails } from '@teleecho/sdk';
import { DomainError, type FieldError } from '../domain/errors.js';

/** Base URL of problem `type`s. */
export const PROBLEM_BASE = 'https://teleecho.dev/problems/';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export type { FieldError } from '../domain/errors.js';
export { fail } from '../domain/errors.js';

/**
 * The HTTP status of each code (the contract's `HUB_ERROR_CODES`): complete, so a new code does not compile until
 * it has one. An error raised by the HTTP layer itself ({@link HubError}) may carry another.
 */
export const STATUS_OF: Readonly<Record<HubErrorCode, number>> = {
  unauthorized: 401,
  token_expired: 401,
  token_invalid: 401,
  api_key_required: 403,
  feed_token_required: 401,
  forbidden: 403,
  wrong_program: 403,
  origin_not_allowed: 403,
  bad_request: 400,
  bad_url: 400,
  invalid_host: 400,
  invalid_json: 400,
  json_too_deep: 400,
  invalid_characters: 400,
  invalid_cursor: 400,
  validation_failed: 400,
  invalid_response: 422,
  invalid_policy: 422,
  invalid_webhook_url: 400,
  category_required: 422,
  idempotency_key_reused: 422,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  uri_too_long: 414,
  headers_too_large: 431,
  request_timeout: 408,
  phi_detected: 422,
  phi_check_incomplete: 422,
  conflict: 409,
  invalid_state: 409,
  invalid_transition: 409,
  already_issued: 409,
  session_not_open: 409,
  session_not_started: 409,
  session_cancelled: 409,
  no_evaluation: 404,
  evaluation_already_submitted: 409,
  not_eligible: 409,
  certificate_not_found: 404,
  webhook_invalid: 401,
  webhook_field_invalid: 400,
  lti_request_invalid: 400,
  lti_platform_unknown: 400,
  lti_deployment_unknown: 400,
  lti_signature_invalid: 401,
  lti_token_expired: 401,
  lti_audience_invalid: 401,
  lti_token_invalid: 401,
  lti_nonce_replayed: 401,
  lti_state_invalid: 400,
  lti_message_unsupported: 400,
  lti_session_missing: 400,
  lti_registration_failed: 502,
  lti_platform_keys_unavailable: 502,
  lti_platform_refused: 400,
  lti_tool_pending: 403,
  livekit_not_configured: 503,
  livekit_unavailable: 502,
  storage_unavailable: 503,
  shutting_down: 503,
  too_many_requests: 429,
  handler_timeout: 503,
  internal_error: 500,
};

/** An error of the HTTP layer (edge checks, authentication, LTI) with its own status. */
export class HubError extends DomainError {
  readonly status: number;

  constructor(status: number, code: HubErrorCode, detail: string, errors?: FieldError[]) {
    super(code, detail, errors);
    this.name = 'HubError';
    this.status = status;
  }

  /** The RFC 9457 body. */
  toProblem(instance?: string): ProblemDetails {
    return problemOf(this, instance);
  }
}

/** The status a domain error is answered with. */
export function statusOf(error: DomainError): number {
  return error instanceof HubError ? error.status : STATUS_OF[error.code];
}

/** The problem document of a domain (or HTTP-layer) error. */
export function problemOf(error: DomainError, instance?: string): ProblemDetails {
  return { ...problem(statusOf(error), error.code, error.message, error.errors, instance), ...error.extensions() };
}

/** Builds a problem details body. */
export function problem(
  status: number,
  code: HubErrorCode,
  detail: string,
  errors?: FieldError[],
  instance?: string,
): ProblemDetails {
  const body: ProblemDetails = {
    type: PROBLEM_BASE + code,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
  };
  if (instance) body.instance = instance;
  if (errors && errors.length) body.errors = errors;
  return body;
}
