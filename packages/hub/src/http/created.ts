import type { FastifyInstance, FastifyReply, preHandlerAsyncHookHandler } from 'fastify';

/** Sets 201 before the handler runs; an error still gets its own status from the error handler. */
const answerCreated: preHandlerAsyncHookHandler = async (_request, reply: FastifyReply) => {
  void reply.code(201);
};

/**
 * A route whose schema's only success answer is `201` answers 201 Created: its handler returns the created resource
 * like any other, and the status comes from the schema that documents it (one place, not two).
 */
export function installCreatedStatus(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const response = (route.schema as { response?: Record<string, unknown> } | undefined)?.response;
    if (!response || !('201' in response) || '200' in response) return;
    route.preHandler = [...[route.preHandler ?? []].flat(), answerCreated];
  });
}
