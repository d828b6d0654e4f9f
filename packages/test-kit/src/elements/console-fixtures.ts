/**
 * Helpers for the console elements' browser tests (not part of the package's API): cases, sessions and
 * recommendations made on the real test hub with the tokens of the roles that would make them.
 * @internal
 * @packageDocumentation
 */
import { executeServerCommand } from '@web/test-runner-commands';
import type { Case, CaseTemplate, Page, Recommendation, SessionWithAgenda } from '@teleecho/sdk';
import type { TestHub } from './fixtures.js';

/** Calls the hub with `token` (default: the secret API key) and returns the parsed body; throws on non-2xx. */
export async function hubAs<T>(token: string | undefined, method: string, path: string, body?: unknown): Promise<T> {
  const result = await executeServerCommand<{ status: number; body: T }, unknown>('teleecho-hub-call', {
    method,
    path,
    token,
    body,
  });
  if (!result || result.status < 200 || result.status > 299) {
    throw new Error(`${method} ${path} → ${result?.status}: ${JSON.stringify(result?.body)}`);
  }
  return result.body;
}

/** A complete answer to the default "General clinical case" template (de-identified: age and sex only). */
export function caseResponse(problem: string): Record<string, unknown> {
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    item: [
      {
        linkId: 'patient',
        item: [
          { linkId: 'age', answer: [{ valueString: '52' }] },
          {
            linkId: 'sex',
            answer: [
              {
                valueCoding: { system: 'http://hl7.org/fhir/administrative-gender', code: 'female', display: 'Female' },
              },
            ],
          },
        ],
      },
      { linkId: 'presenting-problem', answer: [{ valueString: problem }] },
      { linkId: 'questions', answer: [{ valueString: 'Should we start treatment now?' }] },
    ],
  };
}

/** Submits a case as the hub's presenter (default template of the programme). */
export async function submitCase(hub: TestHub, title: string, problem = 'Fatigue and raised ALT'): Promise<Case> {
  const templates = await hubAs<Page<CaseTemplate>>(
    hub.tokens.presenter,
    'GET',
    `/v1/programs/${hub.programId}/case-templates`,
  );
  const template = templates.items[0];
  if (!template) throw new Error('the programme has no case template');
  return hubAs<Case>(hub.tokens.presenter, 'POST', '/v1/cases', {
    programId: hub.programId,
    templateId: template.id,
    title,
    response: caseResponse(problem),
    deidentification: {
      policy: 'safe-harbor',
      changes: [
        { path: 'Patient.birthDate', kind: 'dates', action: 'generalized', replacement: '1973' },
        { path: 'Patient.name', kind: 'names', action: 'removed' },
      ],
    },
  });
}

/** Moves a case as the coordinator (and the facilitator for `presented`). */
export function transition(hub: TestHub, caseId: string, body: Record<string, unknown>): Promise<Case> {
  return hubAs<Case>(hub.tokens.coordinator, 'PATCH', `/v1/cases/${caseId}`, body);
}

/** Submits a case and moves it to `presented` on `sessionId`. */
export async function presentedCase(hub: TestHub, title: string, sessionId: string): Promise<Case> {
  const value = await submitCase(hub, title);
  await transition(hub, value.id, { status: 'accepted' });
  await transition(hub, value.id, { status: 'scheduled', sessionId });
  return transition(hub, value.id, { status: 'presented' });
}

/** A case as the hub holds it now (coordinator's view). */
export function readCase(hub: TestHub, caseId: string): Promise<Case> {
  return hubAs<Case>(hub.tokens.coordinator, 'GET', `/v1/cases/${caseId}`);
}

/** A session with its agenda as the hub holds it now. */
export function readSession(hub: TestHub, sessionId: string): Promise<SessionWithAgenda> {
  return hubAs<SessionWithAgenda>(hub.tokens.coordinator, 'GET', `/v1/sessions/${sessionId}`);
}

/** The recommendations of a case as the specialist sees them (drafts included). */
export async function readRecommendations(hub: TestHub, caseId: string): Promise<Recommendation[]> {
  return (await hubAs<Page<Recommendation>>(hub.tokens.specialist, 'GET', `/v1/cases/${caseId}/recommendations`)).items;
}

/** Sets a form control's value and dispatches the events a user's typing would. */
export function typeInto(control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  control.value = value;
  control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  control.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}
