import type { EchoError } from '@teleecho/sdk';
import { AuthError, ForbiddenError, NetworkError, NotFoundError } from '@teleecho/sdk';
import type { Translation } from '../translations/types.js';

export { toEchoError } from '../internal/errors.js';

/** The translated message the viewer shows for an error. */
export function errorMessage(t: Translation, error: EchoError | undefined): string {
  if (error instanceof AuthError) return t.errorUnauthorized;
  if (error instanceof ForbiddenError) return t.errorForbidden;
  if (error instanceof NotFoundError) return t.recommendations.errorNotFound;
  if (error instanceof NetworkError) return t.errorNetwork;
  switch (error?.code) {
    case 'unauthorized':
    case 'token_expired':
    case 'token_invalid':
      return t.errorUnauthorized;
    case 'forbidden':
    case 'wrong_program':
      return t.errorForbidden;
    case 'not_found':
      return t.recommendations.errorNotFound;
    default:
      return t.errorGeneric;
  }
}
