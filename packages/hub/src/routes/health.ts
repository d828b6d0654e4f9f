import type { FastifyInstance } from 'fastify';
import { HubError } from '../http/problem.js';
import type { RouteContext } from './context.js';

/** GET /healthz: liveness and a storage round trip. */
export async function healthRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  app.get(
    '/healthz',
    { config: { public: true }, schema: { tags: ['health'], summary: 'Liveness + storage check' } },
    async () => {
      try {
        await ctx.storage.check();
      } catch {
        throw new HubError(503, 'storage_unavailable', 'The hub cannot reach its storage');
      }
      return { status: 'ok', storage: ctx.storage.kind, version: ctx.version };
    },
  );
}
