import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createProgram, listPrograms, readProgram, updateProgram } from '../domain/programs.js';
import { principalOf } from '../http/auth.js';
import { PageOf, ProgramSchema, answers } from './responses.js';
import {
  Body,
  CreditRuleSchema,
  DeidentificationPolicySchema,
  IdParams,
  PageQuery,
  Text,
  bearerRoute,
} from './schemas.js';

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
const route = <S extends object>(summary: string, schema: S) => bearerRoute('programs', summary, schema);

/** Programmes: list, create, read, update (under `/v1`). */
export const programRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const list = { querystring: ListQuery, response: answers(200, PageOf(ProgramSchema)) };
  app.get('/programs', { schema: route('List programmes (a token: its own; an API key: all)', list) }, (request) =>
    listPrograms(app.storage, principalOf(request), request.query),
  );
  const create = { body: ProgramBody, response: answers(201, ProgramSchema) };
  app.post('/programs', { schema: route('Create a programme (coordinator or API key)', create) }, (request) =>
    createProgram(app.storage, principalOf(request), request.body),
  );
  const read = { params: IdParams, response: answers(200, ProgramSchema) };
  app.get('/programs/:id', { schema: route('Read a programme', read) }, (request) =>
    readProgram(app.storage, principalOf(request), request.params.id),
  );
  const update = { params: IdParams, body: ProgramPatch, response: answers(200, ProgramSchema) };
  app.patch('/programs/:id', { schema: route('Update a programme (coordinator)', update) }, (request) =>
    updateProgram(app.storage, principalOf(request), request.params.id, request.body),
  );
};
