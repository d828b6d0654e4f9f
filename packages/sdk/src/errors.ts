/**
 * Errors thrown by the SDK. Every error is an {@link EchoError} with a stable `code`
 * that callers can switch on; the message is for humans and may change.
 * @packageDocumentation
 */
import type { ProblemDetails } from './types.js';

/** Stable error codes. Hub problem `code`s pass through unchanged. */
export type EchoErrorCode =
  | 'network_error'
  | 'timeout'
  | 'aborted'
  | 'invalid_options'
  | 'unauthorized'
  | 'token_expired'
  | 'token_invalid'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'validation_failed'
  | 'payload_too_large'
  | 'phi_rejected'
  | 'rate_limited'
  | 'server_error'
  | (string & {});

/** Options accepted by every {@link EchoError} constructor. */
export interface EchoErrorOptions {
  /** The underlying error. */
  cause?: unknown;
  /** HTTP status, when the error came from the hub. */
  status?: number;
  /** The hub's problem details, when the error came from the hub. */
  problem?: ProblemDetails;
}

/** Base class of every error the SDK throws. */
export class EchoError extends Error {
  /** Stable, machine-readable code. */
  readonly code: EchoErrorCode;
  /** HTTP status, when the error came from the hub. */
  readonly status?: number;
  /** The hub's problem details, when the error came from the hub. */
  readonly problem?: ProblemDetails;

  constructor(code: EchoErrorCode, message: string, options: EchoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
    if (options.problem !== undefined) this.problem = options.problem;
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
