import type { ProblemDetails } from '@teleecho/sdk';

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

/** A field-level error inside a problem. */
export interface FieldError {
  path: string;
  message: string;
}

/** An error the hub answers with an `application/problem+json` body. Throw it anywhere in routes or domain. */
export class HubError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: FieldError[] | undefined;

  constructor(status: number, code: string, detail: string, errors?: FieldError[]) {
    super(detail);
    this.name = 'HubError';
    this.status = status;
    this.code = code;
    this.errors = errors;
  }

  /** The RFC 9457 body. */
  toProblem(instance?: string): ProblemDetails {
    return problem(this.status, this.code, this.message, this.errors, instance);
  }
}

/** Builds a problem details body. */
export function problem(
  status: number,
  code: string,
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

/** Shorthands for the common problems. */
export const fail = {
  notFound: (what: string): HubError => new HubError(404, 'not_found', `${what} not found`),
  forbidden: (detail: string): HubError => new HubError(403, 'forbidden', detail),
  badRequest: (detail: string, errors?: FieldError[]): HubError =>
    new HubError(400, 'validation_failed', detail, errors),
  conflict: (code: string, detail: string): HubError => new HubError(409, code, detail),
};
