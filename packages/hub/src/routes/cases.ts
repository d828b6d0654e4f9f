import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { listCases, submitCase, transitionCase, visibleCase } from '../domain/cases.js';
import { principalOf } from '../http/auth.js';
import { CaseSchema, PageOf, answers } from './responses.js';
import { Body, CaseStatusSchema, FhirResourceSchema, IdParams, PageQuery, Text, bearerRoute } from './schemas.js';

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
          reason: Type.Optional(
            Type.Union([
              Type.Literal('not-allowed'),
              Type.Literal('free-text'),
              Type.Literal('attachment'),
              Type.Literal('modifier-extension'),
            ]),
          ),
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
const route = <S extends object>(summary: string, schema: S) => bearerRoute('cases', summary, schema);

/** Cases: submit, list, read, lifecycle transitions (under `/v1`). */
export const caseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const submit = { body: CaseBody, response: answers(201, CaseSchema) };
  app.post('/cases', { schema: route('Submit a de-identified case (presenter)', submit) }, async (request, reply) => {
    const created = await submitCase(app.storage, principalOf(request), request.body);
    return reply.code(201).header('location', `/v1/cases/${created.id}`).send(created);
  });
  const list = { querystring: CaseQuery, response: answers(200, PageOf(CaseSchema)) };
  app.get('/cases', { schema: route('List the cases this token may see', list) }, (request) => {
    const { programId, status, sessionId, ...page } = request.query;
    const filter = { ...(programId && { programId }), ...(status && { status }), ...(sessionId && { sessionId }) };
    return listCases(app.storage, principalOf(request), filter, page);
  });
  const read = { params: IdParams, response: answers(200, CaseSchema) };
  app.get(
    '/cases/:id',
    { schema: route('Read a case', read) },
    async (request) => (await visibleCase(app.storage, principalOf(request), request.params.id)).value,
  );
  const transition = { params: IdParams, body: CasePatchBody, response: answers(200, CaseSchema) };
  app.patch('/cases/:id', { schema: route('Move a case through its lifecycle', transition) }, (request) =>
    transitionCase(app.storage, principalOf(request), request.params.id, request.body),
  );
};
