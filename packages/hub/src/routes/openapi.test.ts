import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Static, TObject } from '@sinclair/typebox';
import type {
  AttendanceReport,
  CalendarLink,
  Case,
  CaseTemplate,
  Certificate,
  CertificateVerification,
  EmbedTokenResult,
  EvaluationStatus,
  JoinSessionResult,
  Program,
  Recommendation,
  Session,
  SessionWithAgenda,
  Transcript,
} from '@teleecho/sdk';
import { hubFetch, startTestHub, type TestHub } from '@teleecho/test-kit';
import type * as schemas from './responses.js';

/** `true` when A and B name the same fields (optional or not): a schema that gains or loses a field fails to compile. */
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
type Fields<T extends TObject> = Static<T>;
const sameKeys: {
  program: SameKeys<Fields<typeof schemas.ProgramSchema>, Program>;
  session: SameKeys<Fields<typeof schemas.SessionSchema>, Session>;
  sessionWithAgenda: SameKeys<Fields<typeof schemas.SessionWithAgendaSchema>, SessionWithAgenda>;
  template: SameKeys<Fields<typeof schemas.CaseTemplateSchema>, CaseTemplate>;
  case: SameKeys<Fields<typeof schemas.CaseSchema>, Case>;
  recommendation: SameKeys<Fields<typeof schemas.RecommendationSchema>, Recommendation>;
  acknowledgement: SameKeys<
    Fields<typeof schemas.AcknowledgementSchema>,
    NonNullable<Recommendation['acknowledgement']>
  >;
  embedToken: SameKeys<Fields<typeof schemas.EmbedTokenResultSchema>, EmbedTokenResult>;
  join: SameKeys<Fields<typeof schemas.JoinSessionResultSchema>, JoinSessionResult>;
  attendance: SameKeys<Fields<typeof schemas.AttendanceReportSchema>, AttendanceReport>;
  transcript: SameKeys<Fields<typeof schemas.TranscriptSchema>, Transcript>;
  certificate: SameKeys<Fields<typeof schemas.CertificateSchema>, Certificate>;
  verification: SameKeys<Fields<typeof schemas.CertificateVerificationSchema>, CertificateVerification>;
  evaluation: SameKeys<Fields<typeof schemas.EvaluationStatusSchema>, EvaluationStatus>;
  calendarLink: SameKeys<Fields<typeof schemas.CalendarLinkSchema>, CalendarLink>;
} = {
  program: true,
  session: true,
  sessionWithAgenda: true,
  template: true,
  case: true,
  recommendation: true,
  acknowledgement: true,
  embedToken: true,
  join: true,
  attendance: true,
  transcript: true,
  certificate: true,
  verification: true,
  evaluation: true,
  calendarLink: true,
};

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

describe('OpenAPI document', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub();
  });
  after(() => hub?.close());

  test('every operation describes its success answer with a schema, and its problem answers', async () => {
    const r = await hubFetch(hub.url, 'GET', '/v1/openapi.json');
    assert.equal(r.status, 200);
    const paths = r.body.paths as Record<string, Record<string, Operation>>;
    const operations = Object.entries(paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ label: `${method.toUpperCase()} ${path}`, operation })),
    );
    assert.ok(operations.length >= 40, `only ${operations.length} operations`);
    const missing: string[] = [];
    const noProblem: string[] = [];
    for (const { label, operation } of operations) {
      const responses = operation.responses ?? {};
      const success = Object.entries(responses).filter(([status]) => /^2(\d\d|xx)$/.test(status));
      const described = success.some(
        ([status, answer]) =>
          status === '204' || Object.values(answer.content ?? {}).some((media) => media.schema !== undefined),
      );
      if (!described) missing.push(label);
      if (!Object.keys(responses).some((status) => /^4/.test(status))) noProblem.push(label);
    }
    assert.deepEqual(missing, [], 'operations without a 2xx response schema');
    assert.deepEqual(noProblem, [], 'operations without a 4xx answer');
    assert.ok(Object.values(sameKeys).every(Boolean));
  });

  test('the case schema names the fields the SDK reads, and problems carry requestId', async () => {
    const r = await hubFetch(hub.url, 'GET', '/v1/openapi.json');
    const get = (r.body.paths['/v1/cases/{id}'] as Record<string, Operation>).get!;
    const schema = get.responses!['200']!.content!['application/json']!.schema as {
      properties: Record<string, unknown>;
    };
    for (const field of ['id', 'status', 'presenterName', 'response', 'deidentification', 'sessionId']) {
      assert.ok(field in schema.properties, field);
    }
    const problem = get.responses!['4XX'] ?? get.responses!['4xx'];
    const problemSchema = Object.values(problem!.content!)[0]!.schema as { properties: Record<string, unknown> };
    assert.ok('requestId' in problemSchema.properties);
  });
});
