/**
 * Rate limits per client (`rateLimitPerMinute`, off by default), with @fastify/rate-limit: a client is its bearer
 * token when it sends one (hashed: the token itself is never a key), else its IP address. Over the limit the hub
 * answers 429 `too_many_requests` (problem+json) with `Retry-After`. With `redisUrl` the counts live in Redis, so every
 * hub process behind a balancer counts the same client together; if Redis fails, requests pass rather than fail.
 */
import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { ResolvedHubOptions } from '../config.js';
import { HubError } from './problem.js';

/** The key a request is counted under. */
export function rateLimitKey(request: FastifyRequest): string {
  const auth = request.headers.authorization;
  if (typeof auth === 'string' && /^bearer\s+\S/i.test(auth)) {
    return `token:${createHash('sha256').update(auth.slice(7).trim()).digest('base64url').slice(0, 22)}`;
  }
  return `ip:${request.ip}`;
}

/** Registers the limit when `options.rateLimitPerMinute` is set. */
export async function installRateLimit(
  app: FastifyInstance,
  options: Pick<ResolvedHubOptions, 'rateLimitPerMinute' | 'redisUrl'>,
): Promise<void> {
  if (!options.rateLimitPerMinute) return;
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, { connectTimeout: 500, maxRetriesPerRequest: 1, lazyConnect: false })
    : undefined;
  redis?.on('error', () => {});
  if (redis) app.addHook('onClose', async () => redis.disconnect());
  await app.register(rateLimit, {
    global: true,
    max: options.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: rateLimitKey,
    nameSpace: 'teleecho-rate-',
    skipOnError: true,
    ...(redis && { redis }),
    errorResponseBuilder: (_request, context) =>
      new HubError(
        429,
        'too_many_requests',
        `Too many requests: at most ${context.max} a minute; retry in ${context.after}`,
      ),
  });
}
