import { Type, type Static } from '@sinclair/typebox';
import { MAX_TOKEN_TTL_SECONDS, signEmbedToken, DEFAULT_TOKEN_TTL_SECONDS } from '@teleecho/sdk/server';
import type { Role } from '@teleecho/sdk';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../http/auth.js';
import { HubError, fail } from '../http/problem.js';
import type { RouteContext } from './context.js';
import { Body, RoleSchema, Text, bearer } from './schemas.js';

const EmbedTokenBody = Body({
  user: Body({ id: Text(200), name: Text(200) }),
  role: RoleSchema,
  programId: Text(100),
  sessionId: Type.Optional(Text(100)),
  caseId: Type.Optional(Text(100)),
  ttlSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TOKEN_TTL_SECONDS })),
});

/** POST /v1/embed-tokens: a host backend mints a short-lived embed token with its secret API key. */
export async function embedTokenRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  app.post(
    '/v1/embed-tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Mint an embed token (secret API key only)',
        body: EmbedTokenBody,
        security: bearer,
      },
      // Before body validation: an embed token is told it cannot mint, whatever it sent.
      preValidation: async (request) => {
        if (principalOf(request).kind !== 'apiKey') {
          throw new HubError(403, 'api_key_required', 'Embed tokens are minted with a secret API key, not a token');
        }
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (principal.kind !== 'apiKey') throw new HubError(403, 'api_key_required', 'A secret API key is required');
      const body = request.body as Static<typeof EmbedTokenBody>;
      const key = await ctx.auth.apiKey(principal.keyId);
      if (!key) throw new HubError(401, 'token_invalid', 'unknown API key');
      if (!(await ctx.storage.getProgram(body.programId))) throw fail.notFound('programme');
      const ttl = body.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
      const now = Math.floor(Date.now() / 1000);
      const token = await signEmbedToken({
        issuer: key.id,
        key: key.tokenKey,
        user: body.user,
        role: body.role as Role,
        programId: body.programId,
        ttlSeconds: ttl,
        now,
        ...(body.sessionId && { sessionId: body.sessionId }),
        ...(body.caseId && { caseId: body.caseId }),
      });
      return reply.code(201).send({ token, expiresAt: new Date((now + ttl) * 1000).toISOString() });
    },
  );
}
