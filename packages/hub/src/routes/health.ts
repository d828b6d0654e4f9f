import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DomainError } from '../domain/errors.js';
import { HealthSchema, answers } from './responses.js';

/** `GET /healthz` (outside `/v1`): liveness and a storage round trip. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: { tags: ['health'], summary: 'Liveness + storage check', response: answers(200, HealthSchema) },
    },
    async () => {
      try {
        await app.storage.check();
      } catch {
        throw new DomainError('storage_unavailable', 'The hub cannot reach its storage');
      }
      return { status: 'ok', storage: app.storage.kind, version: app.hubVersion };
    },
  );

  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Readiness: storage and event relay answer, migrations current, not shutting down',
        description:
          'For load balancers: 200 while this process takes new work; 503 while it shuts down (it finishes what it has) or cannot reach PostgreSQL or Redis.',
        response: answers(200, HealthSchema),
      },
    },
    async () => {
      if (app.readiness.draining) throw new DomainError('shutting_down', 'This hub process is shutting down');
      try {
        // storage.check() covers the event relay (Redis) when one is attached
        await app.storage.check();
      } catch {
        throw new DomainError('storage_unavailable', 'The hub cannot reach its storage or event relay');
      }
      return { status: 'ok', storage: app.storage.kind, version: app.hubVersion };
    },
  );
};
