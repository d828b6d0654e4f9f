import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** `GET /v1/openapi.json`: the OpenAPI 3.1 document of every route, requests and responses. */
export const openApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
};
