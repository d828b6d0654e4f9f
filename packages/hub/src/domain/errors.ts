/**
 * The domain's errors: a stable code from the contract (`HUB_ERROR_CODES`) and a message for people, nothing about
 * HTTP. `http/problem.ts` maps each code to its status and writes the `application/problem+json` body.
 * @packageDocumentation
 */
import type { HubErrorCode } from '@teleecho/sdk';

/** A field-level error inside a problem (a JSON pointer-like path and what is wrong there). */
export interface FieldError {
  path: string;
  message: string;
}

/** A refused operation: throw it anywhere in the domain, storage or LiveKit code. */
export class DomainError extends Error {
  readonly code: HubErrorCode;
  readonly errors: FieldError[] | undefined;

  /** `code` is one of the contract's `HUB_ERROR_CODES` (a new code is added there, with its status in `http/problem.ts`). */
  constructor(code: HubErrorCode, detail: string, errors?: FieldError[]) {
    super(detail);
    this.name = 'DomainError';
    this.code = code;
    this.errors = errors;
  }

  /** Extra members of the problem document (e.g. `reason`); none by default. */
  extensions(): Record<string, unknown> | undefined {
    return undefined;
  }
}

/** Shorthands for the common refusals. */
export const fail = {
  notFound: (what: string): DomainError => new DomainError('not_found', `${what} not found`),
  forbidden: (detail: string): DomainError => new DomainError('forbidden', detail),
  badRequest: (detail: string, errors?: FieldError[]): DomainError =>
    new DomainError('validation_failed', detail, errors),
  conflict: (code: HubErrorCode, detail: string): DomainError => new DomainError(code, detail),
};
