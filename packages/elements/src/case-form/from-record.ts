/**
 * The part of preparing a case that needs the patient record (a lazily loaded chunk): de-identification with the
 * programme's policy, pre-fill from the de-identified resources, and the identifiers for the free-text check.
 * @internal
 * @packageDocumentation
 */
import { deidentify, freeTextRequestedBy } from '@teleecho/sdk';
import type { FhirResource, ProgramDeidentificationPolicy } from '@teleecho/sdk';
import { identifierHintsFrom, prepopulate } from '@teleecho/sdk/questionnaire';
import type { Questionnaire } from '@teleecho/sdk/questionnaire';
import type { PreparedCase } from './prepare.js';

/** De-identifies `original` (allow-list), pre-fills `questionnaire` from the result and collects the patient's identifiers. */
export async function fromRecord(
  questionnaire: Questionnaire,
  original: FhirResource[],
  policy: ProgramDeidentificationPolicy | undefined,
): Promise<Pick<PreparedCase, 'report' | 'hints' | 'sources' | 'response'>> {
  // The programme's policy, keeping only the free text this template reads (scrubbed); the rest stays home.
  const deidentified = deidentify(original, { ...policy, freeText: freeTextRequestedBy(questionnaire) });
  const prefill = await prepopulate(questionnaire, deidentified);
  return {
    report: deidentified.report,
    hints: identifierHintsFrom(original),
    sources: new Map(prefill.sources.map((s) => [s.path, s])),
    response: prefill.response,
  };
}
