/**
 * Browser-test helpers of `<echo-recommendation-viewer>` (not part of the package's API): a presented case on the
 * real test hub and recommendations written, issued and amended through the hub's API with real tokens.
 * @internal
 * @packageDocumentation
 */
import { executeServerCommand } from '@web/test-runner-commands';
import type { Case, Recommendation, RecommendationCategory } from '@teleecho/sdk';
import type { TestHub } from '@teleecho/test-kit/elements';
import { createSession, daysFromNow } from '@teleecho/test-kit/elements';

/** Calls the hub with `token` (default: the secret API key); throws on non-2xx. */
export async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const result = await executeServerCommand<{ status: number; body: T }, unknown>('teleecho-hub-call', {
    method,
    path,
    body,
    ...(token ? { token } : {}),
  });
  if (!result || result.status < 200 || result.status > 299) {
    throw new Error(`${method} ${path} → ${result?.status}: ${JSON.stringify(result?.body)}`);
  }
  return result.body;
}

/** Takes the hub down (state kept) — always bring it back with {@link startHub}. */
export async function stopHub(): Promise<void> {
  await executeServerCommand('teleecho-hub-stop');
}

/** Starts the hub again on the same port with the same state. */
export async function startHub(): Promise<void> {
  await executeServerCommand('teleecho-hub-start');
}

/** A token for another user of the programme (e.g. a second presenter). */
export async function mint(hub: TestHub, role: string, id: string): Promise<string> {
  const { token } = await call<{ token: string }>('POST', '/v1/embed-tokens', {
    user: { id, name: `Dr ${id}` },
    role,
    programId: hub.programId,
    ttlSeconds: 3600,
  });
  return token;
}

const QUESTIONNAIRE = {
  resourceType: 'Questionnaire',
  status: 'active',
  item: [
    { linkId: 'problem', text: 'Presenting problem', type: 'text' },
    { linkId: 'question', text: 'Question for the hub', type: 'text' },
    { linkId: 'alt', text: 'ALT (U/L)', type: 'integer' },
  ],
};

const setups = new Map<string, Promise<{ template: { id: string }; session: { id: string } }>>();

/** One case template and one session per programme, made once. */
function programmeSetup(hub: TestHub) {
  let setup = setups.get(hub.programId);
  if (!setup) {
    setup = (async () => ({
      template: await call<{ id: string }>('POST', `/v1/programs/${hub.programId}/case-templates`, {
        title: 'HCV case',
        questionnaire: QUESTIONNAIRE,
      }),
      session: await createSession(hub.programId, {
        title: 'HCV ECHO',
        topic: 'Treatment',
        startsAt: daysFromNow(1),
        durationMinutes: 60,
      }),
    }))();
    setups.set(hub.programId, setup);
  }
  return setup;
}

/** Submits a case as `presenterToken` and moves it to "presented", so recommendations can be issued on it. */
export async function presentedCase(hub: TestHub, presenterToken = hub.tokens.presenter, title = 'HCV, raised ALT') {
  const { template, session } = await programmeSetup(hub);
  const response = {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    item: [
      { linkId: 'problem', answer: [{ valueString: 'Fatigue and raised ALT for six months' }] },
      { linkId: 'question', answer: [{ valueString: 'Should we start treatment now?' }] },
      { linkId: 'alt', answer: [{ valueInteger: 112 }] },
    ],
  };
  const submitted = await call<Case>(
    'POST',
    '/v1/cases',
    {
      programId: hub.programId,
      templateId: template.id,
      title,
      response,
      deidentification: { policy: 'safe-harbor', changes: [] },
    },
    presenterToken,
  );
  const id = submitted.id;
  await call('PATCH', `/v1/cases/${id}`, { status: 'accepted' }, hub.tokens.coordinator);
  await call('PATCH', `/v1/cases/${id}`, { status: 'scheduled', sessionId: session.id }, hub.tokens.coordinator);
  return call<Case>('PATCH', `/v1/cases/${id}`, { status: 'presented' }, hub.tokens.coordinator);
}

/** Writes a draft as the specialist. */
export function draft(
  hub: TestHub,
  caseId: string,
  body: string,
  category: RecommendationCategory = 'treatment',
  followUp?: string,
): Promise<Recommendation> {
  return call<Recommendation>(
    'POST',
    `/v1/cases/${caseId}/recommendations`,
    { body, category, ...(followUp ? { followUp } : {}) },
    hub.tokens.specialist,
  );
}

/** Writes and issues a recommendation as the specialist. */
export async function issue(
  hub: TestHub,
  caseId: string,
  body: string,
  category: RecommendationCategory = 'treatment',
  followUp?: string,
): Promise<Recommendation> {
  const rec = await draft(hub, caseId, body, category, followUp);
  return call<Recommendation>('PATCH', `/v1/recommendations/${rec.id}`, { status: 'issued' }, hub.tokens.specialist);
}

/** Amends an issued recommendation as its author. */
export function amend(
  hub: TestHub,
  id: string,
  changes: { body?: string; category?: RecommendationCategory; followUp?: string },
): Promise<Recommendation> {
  return call<Recommendation>('PATCH', `/v1/recommendations/${id}`, changes, hub.tokens.specialist);
}

/** Reads the recommendations as the specialist (drafts included) — the hub's own record. */
export async function stored(hub: TestHub, caseId: string): Promise<Recommendation[]> {
  return (
    await call<{ items: Recommendation[] }>(
      'GET',
      `/v1/cases/${caseId}/recommendations`,
      undefined,
      hub.tokens.specialist,
    )
  ).items;
}
