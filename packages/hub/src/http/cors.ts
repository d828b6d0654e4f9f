import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { Authenticator } from './auth.js';

/**
 * CORS for host pages of other origins: bearer auth only (no credentials/cookies); an origin is
 * answered when some live API key allows it (`*` allows any). Each request is then checked against
 * its own key's origins by the auth hook.
 */
export async function installCors(app: FastifyInstance, auth: Authenticator): Promise<void> {
  await app.register(cors, {
    origin: (origin, callback) => {
      if (!origin) {
        callback(null, false);
        return;
      }
      auth.allowedOrigins().then(
        (allowed) => callback(null, allowed.has('*') || allowed.has(origin)),
        () => callback(null, false),
      );
    },
    credentials: false,
    methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
    exposedHeaders: ['Idempotent-Replayed', 'Location', 'Retry-After', 'X-Request-Id'],
    maxAge: 600,
    strictPreflight: false,
  });
}
