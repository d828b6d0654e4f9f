/**
 * Errors thrown by the SDK. Every error is an {@link EchoError} with a stable `code`
 * that callers can switch on; the message is for humans and may change.
 * @packageDocumentation
 */
import type { ProblemDetails } from './types.js';

import type { EchoErrorCode } from './contract.js';

/** Stable error codes (closed: see `HUB_ERROR_CODES` and `CLIENT_ERROR_CODES` in the contract module). */
export type { EchoErrorCode } from './contract.js';

/**
 * Why a SMART session cannot go on without a new launch, and where a new one starts. Carried by the SMART errors
 * (`smart_token_expired`, `smart_forbidden`, and the launch errors of `completeSmartLaunch()`), so a host or
 * `<echo-case-form>` can offer "Launch again".
 */
export interface RelaunchHint {
  /**
   * `expired`: the access token is past its lifetime (and could not be refreshed); `revoked`: the server rejected a
   * token that should still be valid (revoked, or ended by the EHR); `forbidden`: the granted scopes do not cover
   * what was needed; `launch_failed`: the launch itself did not complete.
   */
  reason: 'expired' | 'revoked' | 'forbidden' | 'launch_failed';
  /** The FHIR base URL (`iss`) of the session. */
  fhirBaseUrl?: string;
  /** Where a new launch starts: the page that called `smartLaunch()`, or the connection's `relaunchUrl`. */
  url?: string;
}

/** Options accepted by every {@link EchoError} constructor. */
export interface EchoErrorOptions {
  /** The underlying error. */
  cause?: unknown;
  /** HTTP status, when the error came from the hub. */
  status?: number;
  /** The hub's problem details, when the error came from the hub. */
  problem?: ProblemDetails;
  /** SMART errors: why and where to launch again. */
  relaunch?: RelaunchHint;
}

/** Base class of every error the SDK throws. */
export class EchoError extends Error {
  /** Stable, machine-readable code. */
  readonly code: EchoErrorCode;
  /** HTTP status, when the error came from the hub. */
  readonly status?: number;
  /** The hub's problem details, when the error came from the hub. */
  readonly problem?: ProblemDetails;
  /** SMART errors: why and where to launch again (see {@link RelaunchHint}). */
  readonly relaunch?: RelaunchHint;

  constructor(code: EchoErrorCode, message: string, options: EchoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
    if (options.problem !== undefined) this.problem = options.problem;
    if (options.relaunch !== undefined) this.relaunch = options.relaunch;
  }
}

/** The token is missing, invalid or expired (HTTP 401). */
export class AuthError extends EchoError {}

/** The token is valid but its role or scope does not allow this (HTTP 403). */
export class ForbiddenError extends EchoError {}

/** The hub could not be reached, or the connection dropped. */
export class NetworkError extends EchoError {}

/** The request was rejected as invalid (HTTP 400, 409, 413, 415, 422). */
export class ValidationError extends EchoError {}

/**
 * The hub refused a payload because it appears to carry identifying data (code `phi_rejected`).
 * A kind of {@link ValidationError}.
 */
export class PhiRejectedError extends ValidationError {}

/** The resource does not exist or is not visible to this token (HTTP 404). */
export class NotFoundError extends EchoError {}

/** The hub failed (HTTP 5xx). */
export class ServerError extends EchoError {}
