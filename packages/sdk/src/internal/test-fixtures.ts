/**
 * Shared steps of the hub-backed tests (Node and browser): a valid de-identified case and the
 * lifecycle walk that makes a recommendation issuable. Test-only; not exported.
 * @internal
 */
import type { EchoClient } from '../client/echo-client.js';
import type { Case, DeidentificationReport, FhirResource, Session, SubmitCaseInput } from '../types.js';

/** A de-identified QuestionnaireResponse for the default "general clinical case" template. */
export function caseResponse(problem = 'Fatigue and raised ALT for six months'): FhirResource {
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    item: [
      {
        linkId: 'patient',
        item: [
          { linkId: 'age', answer: [{ valueString: '54' }] },
          {
            linkId: 'sex',
            answer: [{ valueCoding: { system: 'http://hl7.org/fhir/administrative-gender', code: 'female' } }],
          },
        ],
      },
      { linkId: 'presenting-problem', answer: [{ valueString: problem }] },
      { linkId: 'questions', answer: [{ valueString: 'Should we start treatment now?' }] },
    ],
  };
}

/** The report that goes with {@link caseResponse}. */
export function deidReport(): DeidentificationReport {
  return {
    policy: 'safe-harbor',
    changes: [{ path: 'Patient.birthDate', kind: 'dates', action: 'generalized', replacement: '1971' }],
  };
}

/** A submit-case body for the programme's first template. */
export async function caseInput(presenter: EchoClient, programId: string, title: string): Promise<SubmitCaseInput> {
  const templates = await presenter.templates.list(programId);
  const template = templates.items[0];
  if (!template) throw new Error('the programme has no case template');
  return { programId, templateId: template.id, response: caseResponse(), deidentification: deidReport(), title };
}

/** Clients of the roles a case's lifecycle needs. */
export interface LifecycleClients {
  coordinator: EchoClient;
  presenter: EchoClient;
}

/** Submits a case and walks it to `presented` (accepted → scheduled on a new session → presented). */
export async function presentedCase(
  clients: LifecycleClients,
  programId: string,
  title = 'Case for recommendations',
): Promise<{ case: Case; session: Session }> {
  const submitted = await clients.presenter.cases.submit(await caseInput(clients.presenter, programId, title));
  const session = await clients.coordinator.sessions.create(programId, {
    title: 'Weekly teleECHO',
    topic: 'Hepatitis C treatment',
    startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    durationMinutes: 90,
  });
  await clients.coordinator.cases.transition(submitted.id, { status: 'accepted' });
  await clients.coordinator.cases.transition(submitted.id, { status: 'scheduled', sessionId: session.id });
  const presented = await clients.coordinator.cases.transition(submitted.id, { status: 'presented' });
  return { case: presented, session };
}
