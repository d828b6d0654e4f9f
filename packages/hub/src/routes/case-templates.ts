import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createTemplate, deleteTemplate, listTemplates, readTemplate, replaceTemplate } from '../domain/programs.js';
import { principalOf } from '../http/auth.js';
import { CaseTemplateSchema, ItemsOf, NoContent, answers } from './responses.js';
import { Body, FhirResourceSchema, IdParams, Text, bearerRoute } from './schemas.js';

const TemplateBody = Body({ title: Type.Optional(Text(200)), questionnaire: FhirResourceSchema });
const TemplateParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100 }),
  templateId: Type.String({ minLength: 1, maxLength: 100 }),
});
const route = <S extends object>(summary: string, schema: S) => bearerRoute('case-templates', summary, schema);

/** Case templates (FHIR Questionnaires) of a programme (under `/v1`). */
export const caseTemplateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const list = { params: IdParams, response: answers(200, ItemsOf(CaseTemplateSchema)) };
  app.get('/programs/:id/case-templates', { schema: route('List case templates', list) }, async (request) => ({
    items: await listTemplates(app.storage, principalOf(request), request.params.id),
  }));
  const create = { params: IdParams, body: TemplateBody, response: answers(201, CaseTemplateSchema) };
  app.post(
    '/programs/:id/case-templates',
    { schema: route('Create a case template (coordinator)', create) },
    (request) => createTemplate(app.storage, principalOf(request), request.params.id, request.body),
  );
  const one = '/programs/:id/case-templates/:templateId';
  const read = { params: TemplateParams, response: answers(200, CaseTemplateSchema) };
  app.get(one, { schema: route('Read a case template', read) }, (request) =>
    readTemplate(app.storage, principalOf(request), request.params.id, request.params.templateId),
  );
  const replace = { params: TemplateParams, body: TemplateBody, response: answers(200, CaseTemplateSchema) };
  app.put(one, { schema: route('Replace a case template (bumps version)', replace) }, (request) => {
    const { id, templateId } = request.params;
    return replaceTemplate(app.storage, principalOf(request), id, templateId, request.body);
  });
  const remove = { params: TemplateParams, response: answers(204, NoContent) };
  app.delete(one, { schema: route('Delete a case template', remove) }, async (request, reply) => {
    await deleteTemplate(app.storage, principalOf(request), request.params.id, request.params.templateId);
    return reply.code(204).send(null);
  });
};
