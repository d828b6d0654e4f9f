import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { principalKey } from '../domain/principal.js';
import type { Storage } from '../storage/storage.js';
import { HubError } from './problem.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set while an idempotent POST is in flight. */
    idempotency?: { scope: string; principal: string; key: string; route: string; bodyHash: string; done: () => void };
  }
}

/** JSON with object keys sorted, so equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * `Idempotency-Key` on every POST: the first response (status + body) is stored with the key,
 * principal, route and a hash of the body; a repeat gets it again with `Idempotent-Replayed: true`
 * (also after a restart); the same key with another body or route is 422 `idempotency_key_reused`.
 * Concurrent duplicates wait for the first one in process, so only one is ever executed.
 */
export function installIdempotency(app: FastifyInstance, storage: Storage): void {
  const inflight = new Map<string, Promise<void>>();

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || !request.principal) return;
    const header = request.headers['idempotency-key'];
    if (header === undefined) return;
    const key = Array.isArray(header) ? header[0]! : header;
    if (key.length === 0 || key.length > 255) {
      throw new HubError(400, 'validation_failed', 'Idempotency-Key must be 1–255 characters', [
        { path: '/headers/idempotency-key', message: 'must be 1–255 characters' },
      ]);
    }
    const principal = principalKey(request.principal);
    const scope = `${principal}\u0000${key}`;
    const route = `POST ${request.url.split('?')[0]}`;
    const bodyHash = createHash('sha256')
      .update(canonicalJson(request.body ?? null))
      .digest('hex');
    while (inflight.has(scope)) await inflight.get(scope);
    let done!: () => void;
    inflight.set(
      scope,
      new Promise<void>((resolve) => {
        done = () => {
          inflight.delete(scope);
          resolve();
        };
      }),
    );
    try {
      const existing = await storage.idempotency.get(principal, key);
      if (existing) {
        if (existing.route !== route || existing.bodyHash !== bodyHash) {
          throw new HubError(
            422,
            'idempotency_key_reused',
            'This Idempotency-Key was already used with a different request; use a new key',
          );
        }
        done();
        return reply
          .code(existing.status)
          .header('idempotent-replayed', 'true')
          .type(existing.status >= 400 ? 'application/problem+json' : 'application/json')
          .send(existing.response);
      }
    } catch (error) {
      done();
      throw error;
    }
    request.idempotency = { scope, principal, key, route, bodyHash, done };
  });

  app.addHook('onSend', async (request: FastifyRequest, reply, payload) => {
    const pending = request.idempotency;
    if (!pending) return payload;
    request.idempotency = undefined;
    try {
      if (reply.statusCode < 500 && typeof payload === 'string') {
        const record = {
          principal: pending.principal,
          key: pending.key,
          route: pending.route,
          bodyHash: pending.bodyHash,
          status: reply.statusCode,
          response: payload,
          createdAt: new Date().toISOString(),
        };
        await storage.write((tx) => tx.idempotency.put(record));
      }
    } finally {
      pending.done();
    }
    return payload;
  });

  const release = async (request: FastifyRequest): Promise<void> => {
    request.idempotency?.done();
    request.idempotency = undefined;
  };
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
}
