import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { createProgram, listPrograms, readProgram, updateProgram } from '../domain/programs.js';
import { principalOf } from '../http/auth.js';
import type { RouteContext } from './context.js';
import { Body, CreditRuleSchema, DeidentificationPolicySchema, IdParams, PageQuery, Text, bearer } from './schemas.js';

const ProgramBody = Body({
  name: Text(200),
  specialty: Text(200),
  language: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35 })),
  creditRule: Type.Optional(CreditRuleSchema),
  deidentificationPolicy: Type.Optional(DeidentificationPolicySchema),
});
const ProgramPatch = Type.Composite(
  [
    Type.Partial(Type.Omit(ProgramBody, ['deidentificationPolicy'])),
    Type.Object({ deidentificationPolicy: Type.Optional(Type.Union([DeidentificationPolicySchema, Type.Null()])) }),
  ],
  { additionalProperties: false },
);
const ListQuery = Type.Object(PageQuery);
type Id = Static<typeof IdParams>;

/** Programmes: list, create, read, update. */
export async function programRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const tags = ['programs'];
  app.get(
    '/v1/programs',
    {
      schema: {
        tags,
        summary: 'List programmes (a token: its own; an API key: all)',
        querystring: ListQuery,
        security: bearer,
      },
    },
    async (request) => listPrograms(ctx.storage, principalOf(request), request.query as Static<typeof ListQuery>),
  );
  app.post(
    '/v1/programs',
    { schema: { tags, summary: 'Create a programme (coordinator or API key)', body: ProgramBody, security: bearer } },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createProgram(ctx.storage, principalOf(request), request.body as Static<typeof ProgramBody>)),
  );
  app.get(
    '/v1/programs/:id',
    { schema: { tags, summary: 'Read a programme', params: IdParams, security: bearer } },
    async (request) => readProgram(ctx.storage, principalOf(request), (request.params as Id).id),
  );
  app.patch(
    '/v1/programs/:id',
    {
      schema: {
        tags,
        summary: 'Update a programme (coordinator)',
        params: IdParams,
        body: ProgramPatch,
        security: bearer,
      },
    },
    async (request) =>
      updateProgram(
        ctx.storage,
        principalOf(request),
        (request.params as Id).id,
        request.body as Static<typeof ProgramPatch>,
      ),
  );
}
