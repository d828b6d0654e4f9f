/**
 * The patient context `<echo-case-form>` is given, as it arrives: a value, or a promise of one (a SMART launch and
 * `fetchCaseContext()` still running, or failed). Settles it into the context or the error to show, and reads which
 * record sections the EHR did not share.
 * @internal
 * @packageDocumentation
 */
import type { EchoError } from '@teleecho/sdk';
import type { CaseFormRecordSection } from '../translations/types.js';
import type { CaseFormContext } from './prepare.js';
import { toEchoError } from '../internal/errors.js';

/** The sections `fetchCaseContext()` reads, in the order the notice lists them. */
const RECORD_SECTIONS: readonly CaseFormRecordSection[] = [
  'problems',
  'medications',
  'allergies',
  'results',
  'vitalSigns',
];

/** The settled context: the context (if any), or why there is none. */
export interface SettledContext {
  context?: CaseFormContext;
  error?: EchoError;
}

/** Waits for a context given as a promise; a plain value (or nothing) settles at once. */
export function settleContext(
  value: CaseFormContext | PromiseLike<CaseFormContext> | undefined,
): Promise<SettledContext> {
  return Promise.resolve(value).then(
    (context) => (context ? { context } : {}),
    (error: unknown) => ({ error: toEchoError(error) }),
  );
}

/** The record sections the EHR did not share (`fetchCaseContext()`'s `unreadSections`), known names only. */
export function unreadSectionsOf(context: CaseFormContext | undefined): CaseFormRecordSection[] {
  if (!context || Array.isArray(context) || !('unreadSections' in context)) return [];
  const unread = (context as { unreadSections?: unknown }).unreadSections;
  return Array.isArray(unread) ? RECORD_SECTIONS.filter((s) => unread.includes(s)) : [];
}
