import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  acknowledgeRecommendation,
  draftRecommendation,
  issueRecommendations,
  listRecommendations,
  updateRecommendation,
  type RecommendationInput,
  type RecommendationPatch,
} from '../domain/recommendations.js';
import { principalOf } from '../http/auth.js';
import type { RouteContext } from './context.js';
import { Body, CategorySchema, IdParams, Text, bearer } from './schemas.js';

const FollowUp = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const RecommendationBody = Body({
  body: Text(20_000),
  category: Type.Optional(CategorySchema),
  followUp: Type.Optional(FollowUp),
});
const RecommendationPatchBody = Body({
  body: Type.Optional(Text(20_000)),
  category: Type.Optional(CategorySchema),
  followUp: Type.Optional(FollowUp),
  status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('issued')])),
});
const AckBody = Body({ reply: Type.Optional(Type.String({ maxLength: 5000 })) });
const IssueBody = Body({
  ids: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100 }),
});
type Id = Static<typeof IdParams>;

/** Recommendations: list, draft, edit/issue/amend, issue several at once, acknowledge. */
export async function recommendationRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const tags = ['recommendations'];
  app.get(
    '/v1/cases/:id/recommendations',
    {
      schema: {
        tags,
        summary: 'Recommendations of a case (drafts: hub team only)',
        params: IdParams,
        security: bearer,
      },
    },
    async (request) => ({
      items: await listRecommendations(ctx.storage, principalOf(request), (request.params as Id).id),
    }),
  );
  app.post(
    '/v1/cases/:id/recommendations',
    {
      schema: {
        tags,
        summary: 'Draft a recommendation (specialist, facilitator)',
        params: IdParams,
        body: RecommendationBody,
        security: bearer,
      },
    },
    async (request, reply) => {
      const body = request.body as RecommendationInput;
      return reply
        .code(201)
        .send(await draftRecommendation(ctx.storage, principalOf(request), (request.params as Id).id, body));
    },
  );
  app.post(
    '/v1/cases/:id/recommendations/issue',
    {
      schema: {
        tags,
        summary: 'Issue several drafts at once: atomic, numbered in the order given, one event each',
        params: IdParams,
        body: IssueBody,
        security: bearer,
      },
    },
    async (request) => ({
      items: await issueRecommendations(
        ctx.storage,
        principalOf(request),
        (request.params as Id).id,
        (request.body as Static<typeof IssueBody>).ids,
      ),
    }),
  );
  app.patch(
    '/v1/recommendations/:id',
    {
      schema: {
        tags,
        summary: 'Edit a draft, issue it, or amend an issued one',
        params: IdParams,
        body: RecommendationPatchBody,
        security: bearer,
      },
    },
    async (request) =>
      updateRecommendation(
        ctx.storage,
        principalOf(request),
        (request.params as Id).id,
        request.body as RecommendationPatch,
      ),
  );
  app.post(
    '/v1/recommendations/:id/acknowledge',
    {
      schema: {
        tags,
        summary: 'Acknowledge (presenter of the case)',
        params: IdParams,
        body: AckBody,
        security: bearer,
      },
    },
    async (request) =>
      acknowledgeRecommendation(
        ctx.storage,
        principalOf(request),
        (request.params as Id).id,
        (request.body as Static<typeof AckBody>).reply,
      ),
  );
}
