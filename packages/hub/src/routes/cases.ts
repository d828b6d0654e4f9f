import { Type, type Static } from '@sinclair/typebox';
import type { CaseStatus, DeidentificationReport, FhirResource } from '@teleecho/sdk';
import type { FastifyInstance } from 'fastify';
import { listCases, submitCase, transitionCase, visibleCase, type CasePatch } from '../domain/cases.js';
import { principalOf } from '../http/auth.js';
import type { RouteContext } from './context.js';
import { Body, CaseStatusSchema, FhirResourceSchema, IdParams, PageQuery, Text, bearer } from './schemas.js';

const DeidentificationSchema = Type.Object(
  {
    policy: Type.String({ minLength: 1, maxLength: 100 }),
    changes: Type.Array(
      Type.Object(
        {
          path: Type.String({ maxLength: 500 }),
          kind: Type.String({ maxLength: 100 }),
          action: Type.Union([
            Type.Literal('removed'),
            Type.Literal('generalized'),
            Type.Literal('redacted'),
            Type.Literal('dropped'),
          ]),
          reason: Type.Optional(Type.String({ maxLength: 100 })),
          replacement: Type.Optional(Type.String({ maxLength: 500 })),
        },
        { additionalProperties: true },
      ),
      { maxItems: 20000 },
    ),
  },
  { additionalProperties: true },
);
const CaseBody = Body({
  programId: Text(100),
  templateId: Text(100),
  response: FhirResourceSchema,
  deidentification: DeidentificationSchema,
  title: Type.Optional(Text(200)),
  followUpOf: Type.Optional(Text(100)),
});
const CasePatchBody = Body({
  status: CaseStatusSchema,
  reason: Type.Optional(Text(2000)),
  sessionId: Type.Optional(Text(100)),
  position: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  response: Type.Optional(FhirResourceSchema),
  deidentification: Type.Optional(DeidentificationSchema),
  title: Type.Optional(Text(200)),
});
const CaseQuery = Type.Object({
  ...PageQuery,
  programId: Type.Optional(Type.String({ maxLength: 100 })),
  status: Type.Optional(CaseStatusSchema),
  sessionId: Type.Optional(Type.String({ maxLength: 100 })),
});
type Id = Static<typeof IdParams>;

/** Cases: submit, list, read, lifecycle transitions. */
export async function caseRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const tags = ['cases'];
  app.post(
    '/v1/cases',
    { schema: { tags, summary: 'Submit a de-identified case (presenter)', body: CaseBody, security: bearer } },
    async (request, reply) => {
      const body = request.body as Static<typeof CaseBody>;
      const created = await submitCase(ctx.storage, principalOf(request), {
        ...body,
        response: body.response as FhirResource,
        deidentification: body.deidentification as DeidentificationReport,
      });
      return reply.code(201).header('location', `/v1/cases/${created.id}`).send(created);
    },
  );
  app.get(
    '/v1/cases',
    { schema: { tags, summary: 'List the cases this token may see', querystring: CaseQuery, security: bearer } },
    async (request) => {
      const query = request.query as Static<typeof CaseQuery>;
      const filter: { programId?: string; status?: CaseStatus; sessionId?: string } = {};
      if (query.programId) filter.programId = query.programId;
      if (query.status) filter.status = query.status as CaseStatus;
      if (query.sessionId) filter.sessionId = query.sessionId;
      return listCases(ctx.storage, principalOf(request), filter, query);
    },
  );
  app.get(
    '/v1/cases/:id',
    { schema: { tags, summary: 'Read a case', params: IdParams, security: bearer } },
    async (request) => (await visibleCase(ctx.storage, principalOf(request), (request.params as Id).id)).value,
  );
  app.patch(
    '/v1/cases/:id',
    {
      schema: {
        tags,
        summary: 'Move a case through its lifecycle',
        params: IdParams,
        body: CasePatchBody,
        security: bearer,
      },
    },
    async (request) =>
      transitionCase(ctx.storage, principalOf(request), (request.params as Id).id, request.body as CasePatch),
  );
}
