/**
 * Turns a template, the programme's policy and the ORIGINAL patient context into what the form starts from: the
 * de-identified record's report, the pre-filled response with the source of each pre-filled answer, and the patient's
 * identifiers for the free-text check (kept in memory only).
 * @internal
 * @packageDocumentation
 */
import type { CaseTemplate, DeidentificationReport, FhirResource, Program } from '@teleecho/sdk';
import { createResponse } from '@teleecho/sdk/questionnaire';
import type {
  IdentifyingHints,
  PrefillSource,
  Questionnaire,
  QuestionnaireResponse,
} from '@teleecho/sdk/questionnaire';

/** The patient context `<echo-case-form>` takes: `fetchCaseContext()`'s result, resources, or a FHIR Bundle. */
export type CaseFormContext =
  | { resources: FhirResource[] }
  | FhirResource[]
  | (FhirResource & { resourceType: 'Bundle'; entry?: { resource?: FhirResource }[] });

/** What {@link prepareCase} returns. */
export interface PreparedCase {
  template: CaseTemplate;
  questionnaire: Questionnaire;
  /** Whether a patient record was used (a patient template and a context). */
  hadContext: boolean;
  /** The de-identification report (no changes without a record). */
  report: DeidentificationReport;
  /** The patient's identifiers from the original record (never sent or stored). */
  hints: IdentifyingHints | undefined;
  /** Pre-fill provenance by path key. */
  sources: Map<string, PrefillSource>;
  /** The pre-filled response. */
  response: QuestionnaireResponse;
}

function resourcesOf(context: CaseFormContext): FhirResource[] {
  if (Array.isArray(context)) return context;
  if ('resources' in context && Array.isArray(context.resources)) return context.resources;
  const entries = (context as { entry?: { resource?: FhirResource }[] }).entry ?? [];
  return entries.flatMap((e) => (e.resource ? [e.resource] : []));
}

/**
 * De-identifies `context` with the programme's policy (Safe Harbor when it has none) and pre-fills the template
 * from the de-identified resources. Templates that are not about a patient (no `subjectType: ["Patient"]`) ignore
 * the context.
 */
export async function prepareCase(
  template: CaseTemplate,
  program: Program,
  context: CaseFormContext | undefined,
): Promise<PreparedCase> {
  const questionnaire = template.questionnaire as Questionnaire;
  const forPatient = (questionnaire.subjectType ?? []).includes('Patient');
  const policy = program.deidentificationPolicy;
  const prepared: PreparedCase = {
    template,
    questionnaire,
    hadContext: false,
    report: { policy: policy?.name ?? 'safe-harbor', changes: [] },
    hints: undefined,
    sources: new Map(),
    response: createResponse(questionnaire),
  };
  if (!context || !forPatient) return prepared;
  // De-identification and pre-fill load on demand: population-health cases (no record) never download them.
  const { fromRecord } = await import('./from-record.js');
  return { ...prepared, hadContext: true, ...(await fromRecord(questionnaire, resourcesOf(context), policy)) };
}
