/**
 * Errors in the elements: anything thrown, as the SDK's {@link EchoError} with a stable code.
 * @internal
 * @packageDocumentation
 */
import { EchoError } from '@teleecho/sdk';

/** Any thrown value as an {@link EchoError}: EchoErrors as they are, anything else with the code `unknown`. */
export function toEchoError(error: unknown): EchoError {
  if (error instanceof EchoError) return error;
  // An EchoError from another copy of the SDK (the CDN bundle beside an npm install) is one too.
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') return error as EchoError;
  return new EchoError('unknown', String(error), { cause: error });
}
