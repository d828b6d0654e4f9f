import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  acknowledgeRecommendation,
  draftRecommendation,
  issueRecommendations,
  listRecommendations,
  updateRecommendation,
} from '../domain/recommendations.js';
import { principalOf } from '../http/auth.js';
import { AcknowledgementSchema, ItemsOf, RecommendationSchema, answers } from './responses.js';
import { Body, CategorySchema, IdParams, Text, bearerRoute } from './schemas.js';

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
const route = <S extends object>(summary: string, schema: S) => bearerRoute('recommendations', summary, schema);

/** Recommendations: list, draft, edit/issue/amend, issue several at once, acknowledge (under `/v1`). */
export const recommendationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const list = { params: IdParams, response: answers(200, ItemsOf(RecommendationSchema)) };
  app.get(
    '/cases/:id/recommendations',
    { schema: route('Recommendations of a case (drafts: hub team only)', list) },
    async (request) => ({ items: await listRecommendations(app.storage, principalOf(request), request.params.id) }),
  );
  const draft = { params: IdParams, body: RecommendationBody, response: answers(201, RecommendationSchema) };
  app.post(
    '/cases/:id/recommendations',
    { schema: route('Draft a recommendation (specialist, facilitator)', draft) },
    (request) => draftRecommendation(app.storage, principalOf(request), request.params.id, request.body),
  );
  const issue = { params: IdParams, body: IssueBody, response: answers(200, ItemsOf(RecommendationSchema)) };
  app.post(
    '/cases/:id/recommendations/issue',
    { schema: route('Issue several drafts at once: atomic, numbered in the order given, one event each', issue) },
    async (request) => ({
      items: await issueRecommendations(app.storage, principalOf(request), request.params.id, request.body.ids),
    }),
  );
  const update = { params: IdParams, body: RecommendationPatchBody, response: answers(200, RecommendationSchema) };
  app.patch(
    '/recommendations/:id',
    { schema: route('Edit a draft, issue it, or amend an issued one', update) },
    (request) => updateRecommendation(app.storage, principalOf(request), request.params.id, request.body),
  );
  const acknowledge = { params: IdParams, body: AckBody, response: answers(200, AcknowledgementSchema) };
  app.post(
    '/recommendations/:id/acknowledge',
    { schema: route('Acknowledge (presenter of the case)', acknowledge) },
    (request) => acknowledgeRecommendation(app.storage, principalOf(request), request.params.id, request.body.reply),
  );
};
