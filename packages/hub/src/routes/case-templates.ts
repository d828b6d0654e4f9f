import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { createTemplate, deleteTemplate, listTemplates, readTemplate, replaceTemplate } from '../domain/programs.js';
import { principalOf } from '../http/auth.js';
import type { RouteContext } from './context.js';
import { Body, FhirResourceSchema, IdParams, Text, bearer } from './schemas.js';

const TemplateBody = Body({ title: Type.Optional(Text(200)), questionnaire: FhirResourceSchema });
const TemplateParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100 }),
  templateId: Type.String({ minLength: 1, maxLength: 100 }),
});
type Id = Static<typeof IdParams>;
type TplId = Static<typeof TemplateParams>;

/** Case templates (FHIR Questionnaires) of a programme. */
export async function caseTemplateRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const tags = ['case-templates'];
  app.get(
    '/v1/programs/:id/case-templates',
    { schema: { tags, summary: 'List case templates', params: IdParams, security: bearer } },
    async (request) => ({
      items: await listTemplates(ctx.storage, principalOf(request), (request.params as Id).id),
    }),
  );
  app.post(
    '/v1/programs/:id/case-templates',
    {
      schema: {
        tags,
        summary: 'Create a case template (coordinator)',
        params: IdParams,
        body: TemplateBody,
        security: bearer,
      },
    },
    async (request, reply) => {
      const body = request.body as Static<typeof TemplateBody>;
      return reply
        .code(201)
        .send(await createTemplate(ctx.storage, principalOf(request), (request.params as Id).id, body));
    },
  );
  app.get(
    '/v1/programs/:id/case-templates/:templateId',
    { schema: { tags, summary: 'Read a case template', params: TemplateParams, security: bearer } },
    async (request) => {
      const { id, templateId } = request.params as TplId;
      return readTemplate(ctx.storage, principalOf(request), id, templateId);
    },
  );
  app.put(
    '/v1/programs/:id/case-templates/:templateId',
    {
      schema: {
        tags,
        summary: 'Replace a case template (bumps version)',
        params: TemplateParams,
        body: TemplateBody,
        security: bearer,
      },
    },
    async (request) => {
      const { id, templateId } = request.params as TplId;
      return replaceTemplate(
        ctx.storage,
        principalOf(request),
        id,
        templateId,
        request.body as Static<typeof TemplateBody>,
      );
    },
  );
  app.delete(
    '/v1/programs/:id/case-templates/:templateId',
    { schema: { tags, summary: 'Delete a case template', params: TemplateParams, security: bearer } },
    async (request, reply) => {
      const { id, templateId } = request.params as TplId;
      await deleteTemplate(ctx.storage, principalOf(request), id, templateId);
      return reply.code(204).send();
    },
  );
}
