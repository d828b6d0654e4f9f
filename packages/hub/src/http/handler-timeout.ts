import type { FastifyInstance } from 'fastify';

/**
 * The handler timeout: a route that has not answered `timeoutMs` after its request arrived gets 503 problem+json
 * `handler_timeout` (through the error handler, with `Retry-After`); a response already under way is cut off; a
 * hijacked reply (an event stream) is left alone.
 *
 * Kept by the hub rather than by Fastify's own `handlerTimeout` option: Fastify 5.12 clears its timer on the
 * request's `close` event, which Node emits as soon as a request body has been read, so a POST, PATCH or PUT with a
 * body never timed out (fastify/fastify#6725). Register it before the other hooks, so their time counts too.
 */
export function installHandlerTimeout(app: FastifyInstance, timeoutMs: number): void {
  if (!(timeoutMs > 0)) return;
  app.addHook('onRequest', (_request, reply, done) => {
    const timer = setTimeout(() => {
      if (reply.sent) return;
      if (reply.raw.headersSent) return void reply.raw.destroy();
      const error = Object.assign(new Error(`The route did not answer within ${timeoutMs} ms`), {
        code: 'FST_ERR_HANDLER_TIMEOUT',
        statusCode: 503,
      });
      void reply.send(error);
    }, timeoutMs);
    reply.raw.once('close', () => clearTimeout(timer));
    done();
  });
}
