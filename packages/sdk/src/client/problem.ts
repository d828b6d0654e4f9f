import {
  AuthError,
  EchoError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  PhiRejectedError,
  ServerError,
  ValidationError,
} from '../errors.js';
import type { EchoErrorCode } from '../contract.js';
import type { ProblemDetails } from '../types.js';

const VALIDATION_CODES: Record<number, string> = {
  400: 'validation_failed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
};

function isProblem(value: unknown): value is Partial<ProblemDetails> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Turns an HTTP status and (optional) problem details into the matching {@link EchoError} subclass:
 * 401 → {@link AuthError}, 403 → {@link ForbiddenError}, 404 → {@link NotFoundError},
 * 400/409/413/415/422 → {@link ValidationError} (or {@link PhiRejectedError} for `phi_detected` and the older `phi_rejected`),
 * 408 → {@link NetworkError} `timeout`, 5xx → {@link ServerError}. The hub's `code` passes through.
 */
export function errorFromProblem(status: number, problem?: Partial<ProblemDetails>, fallbackTitle?: string): EchoError {
  const hubCode = typeof problem?.code === 'string' && problem.code ? problem.code : undefined;
  const [ErrorClass, defaultCode] = classify(status, hubCode);
  const code = hubCode ?? defaultCode;
  const title = problem?.title ?? fallbackTitle ?? `HTTP ${status}`;
  const message = problem?.detail ? `${title}: ${problem.detail}` : title;
  const details: ProblemDetails | undefined = problem
    ? { type: 'about:blank', ...problem, title, status: problem.status ?? status, code }
    : undefined;
  // A newer hub's code passes through as is (see EchoErrorCode).
  return new ErrorClass(code as EchoErrorCode, message, details ? { status, problem: details } : { status });
}

type EchoErrorClass = new (...args: ConstructorParameters<typeof EchoError>) => EchoError;

function classify(status: number, code: string | undefined): [EchoErrorClass, string] {
  if (code === 'phi_detected' || code === 'phi_rejected') return [PhiRejectedError, code];
  if (status === 401) return [AuthError, 'unauthorized'];
  if (status === 403) return [ForbiddenError, 'forbidden'];
  if (status === 404) return [NotFoundError, 'not_found'];
  const validation = VALIDATION_CODES[status];
  if (validation) return [ValidationError, validation];
  if (status === 408) return [NetworkError, 'timeout'];
  if (status === 429) return [EchoError, 'rate_limited'];
  if (status >= 500) return [ServerError, 'server_error'];
  return [EchoError, `http_${status}`];
}

/** Reads a failed response's body (problem+json when the hub sent one) and maps it to an {@link EchoError}. */
export async function errorFromResponse(
  response: Pick<Response, 'status' | 'statusText' | 'text'>,
): Promise<EchoError> {
  let problem: Partial<ProblemDetails> | undefined;
  try {
    const text = await response.text();
    if (text) {
      const parsed: unknown = JSON.parse(text);
      if (isProblem(parsed)) problem = parsed;
    }
  } catch {
    // Not JSON (a proxy's HTML error page, say): fall back to the status line.
  }
  return errorFromProblem(response.status, problem, response.statusText || undefined);
}
