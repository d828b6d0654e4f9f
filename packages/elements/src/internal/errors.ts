/**
 * Errors in the elements: anything thrown, as the SDK's {@link EchoError} with a stable code, and the sentence each
 * element shows for one.
 * @internal
 * @packageDocumentation
 */
import { AuthError, EchoError, ForbiddenError, NetworkError, NotFoundError } from '@teleecho/sdk';
import type { EchoErrorCode } from '@teleecho/sdk';
import type { Translation } from '../translations/types.js';

/** Any thrown value as an {@link EchoError}: EchoErrors as they are, anything else with the code `unknown`. */
export function toEchoError(error: unknown): EchoError {
  if (error instanceof EchoError) return error;
  // An EchoError from another copy of the SDK (the CDN bundle beside an npm install) is one too.
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') return error as EchoError;
  return new EchoError('unknown', String(error), { cause: error });
}

/** The sentences every translation has for errors. */
export type CommonErrorTexts = Pick<
  Translation,
  'errorUnauthorized' | 'errorForbidden' | 'errorNetwork' | 'errorGeneric'
>;

/** Codes that mean "sign in again": the token is missing, expired or not accepted. */
const UNAUTHORIZED: readonly string[] = ['unauthorized', 'token_expired', 'token_invalid'];
/** Codes that mean "you may not": the token's role or programme does not allow it. */
const FORBIDDEN: readonly string[] = ['forbidden', 'wrong_program'];
/** Codes that mean "the network failed": nothing reached the hub, or nothing came back in time. */
const NETWORK: readonly string[] = ['network_error', 'timeout'];

/** The sentences an element adds to the common ones (see {@link errorMessage}). */
export interface ErrorTexts {
  /** For `not_found`. Without it, not-found errors get the fallback. */
  notFound?: string;
  /** For these codes (e.g. conflicts of a console action): code → sentence. */
  byCode?: Partial<Record<EchoErrorCode, string>>;
  /** For everything else. Default: the generic "something went wrong". */
  fallback?: string;
}

/**
 * The translated sentence for an error from the hub or the network: "sign in again", "not allowed", "network" —
 * by error class or by code —, then the element's own sentences ({@link ErrorTexts}), then the fallback.
 */
export function errorMessage(t: CommonErrorTexts, error: EchoError | undefined, texts: ErrorTexts = {}): string {
  const code = (error?.code ?? '') as string;
  if (error instanceof AuthError || UNAUTHORIZED.includes(code)) return t.errorUnauthorized;
  if (error instanceof ForbiddenError || FORBIDDEN.includes(code)) return t.errorForbidden;
  if (texts.notFound && (error instanceof NotFoundError || code === 'not_found')) return texts.notFound;
  if (error instanceof NetworkError || NETWORK.includes(code)) return t.errorNetwork;
  return texts.byCode?.[code as EchoErrorCode] ?? texts.fallback ?? t.errorGeneric;
}
