import type { Case, CaseStatus, Recommendation } from '@teleecho/sdk';
import { hubFetch, sampleReport, sampleResponse } from './http.js';

/** What fixtures need from a test hub. */
export interface FixtureHub {
  url: string;
  demo: { programId: string; templateId: string; sessionIds: string[] };
  mint(options: {
    role: 'coordinator' | 'specialist' | 'presenter';
    sub?: string;
    programId?: string;
  }): Promise<string>;
}

function ok<T>(response: { status: number; body: T }, what: string): T {
  if (response.status >= 300) throw new Error(`${what} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Submits a case to the demo programme as a presenter (default user `test-presenter`). */
export async function submitTestCase(
  hub: FixtureHub,
  options: { presenterToken?: string; title?: string; followUpOf?: string } = {},
): Promise<Case> {
  const token = options.presenterToken ?? (await hub.mint({ role: 'presenter' }));
  const body = {
    programId: hub.demo.programId,
    templateId: hub.demo.templateId,
    response: sampleResponse(),
    deidentification: sampleReport(),
    ...(options.title && { title: options.title }),
    ...(options.followUpOf && { followUpOf: options.followUpOf }),
  };
  return ok(await hubFetch<Case>(hub.url, 'POST', '/v1/cases', { token, body }), 'submit case');
}

const PATH: CaseStatus[] = ['submitted', 'accepted', 'scheduled', 'presented'];

/** Moves a case from where it is along submitted → accepted → scheduled (first demo session) → presented. */
export async function advanceTestCase(
  hub: FixtureHub,
  caseId: string,
  to: 'accepted' | 'scheduled' | 'presented',
  sessionId = hub.demo.sessionIds[0],
): Promise<Case> {
  const token = await hub.mint({ role: 'coordinator' });
  let current = ok(await hubFetch<Case>(hub.url, 'GET', `/v1/cases/${caseId}`, { token }), 'read case');
  for (const status of PATH.slice(PATH.indexOf(current.status) + 1, PATH.indexOf(to) + 1)) {
    const body = status === 'scheduled' ? { status, sessionId } : { status };
    current = ok(await hubFetch<Case>(hub.url, 'PATCH', `/v1/cases/${caseId}`, { token, body }), `case → ${status}`);
  }
  return current;
}

/** Drafts a recommendation as a specialist (default `test-specialist`); issues it when `issue` is true. */
export async function testRecommendation(
  hub: FixtureHub,
  caseId: string,
  options: { issue?: boolean; body?: string; specialistToken?: string } = {},
): Promise<Recommendation> {
  const token = options.specialistToken ?? (await hub.mint({ role: 'specialist' }));
  const draft = ok(
    await hubFetch<Recommendation>(hub.url, 'POST', `/v1/cases/${caseId}/recommendations`, {
      token,
      body: {
        body: options.body ?? 'Check HCV RNA and start sofosbuvir/velpatasvir for 12 weeks.',
        category: 'treatment',
      },
    }),
    'draft recommendation',
  );
  if (!options.issue) return draft;
  return ok(
    await hubFetch<Recommendation>(hub.url, 'PATCH', `/v1/recommendations/${draft.id}`, {
      token,
      body: { status: 'issued' },
    }),
    'issue recommendation',
  );
}
