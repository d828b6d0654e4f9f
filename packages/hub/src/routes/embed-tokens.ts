import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { MAX_TOKEN_TTL_SECONDS } from '@teleecho/sdk/server';
import { mintEmbedToken, requireApiKey } from '../domain/embed-tokens.js';
import { principalOf } from '../http/auth.js';
import { EmbedTokenResultSchema, answers } from './responses.js';
import { Body, RoleSchema, Text, bearerRoute } from './schemas.js';

const EmbedTokenBody = Body({
  user: Body({ id: Text(200), name: Text(200) }),
  role: RoleSchema,
  programId: Text(100),
  sessionId: Type.Optional(Text(100)),
  caseId: Type.Optional(Text(100)),
  ttlSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TOKEN_TTL_SECONDS })),
});

/** `POST /v1/embed-tokens`: a host backend mints a short-lived embed token with its secret API key. */
export const embedTokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const schema = { body: EmbedTokenBody, response: answers(201, EmbedTokenResultSchema) };
  app.post(
    '/embed-tokens',
    {
      schema: bearerRoute('auth', 'Mint an embed token (secret API key only)', schema),
      // Before body validation: an embed token is told it cannot mint, whatever it sent.
      preValidation: async (request) => void requireApiKey(principalOf(request)),
    },
    (request) => mintEmbedToken(app.storage, principalOf(request), request.body, (id) => app.auth.apiKey(id)),
  );
};
