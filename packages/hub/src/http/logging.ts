import type { FastifyInstance } from 'fastify';
import type { LogSink } from '../config.js';

import type { Logger } from '../config.js';

export type { Logger } from '../config.js';

/** A logger writing to `sink` (`true` → stdout, `false` → nowhere). */
export function createLogger(sink: boolean | LogSink): Logger {
  const write: LogSink | undefined =
    sink === true ? (line) => process.stdout.write(`${line}\n`) : sink === false ? undefined : sink;
  const log = (level: string, fields: Record<string, unknown>): void => {
    if (write) write(JSON.stringify({ time: new Date().toISOString(), level, ...fields }));
  };
  return { info: (f) => log('info', f), error: (f) => log('error', f) };
}

/**
 * Logs one line per request: method, path (never the query string, which may carry tokens),
 * status, duration, and who called (key id or role, never the token). Never bodies.
 */
export function installRequestLog(app: FastifyInstance, logger: Logger): void {
  app.addHook('onResponse', async (request, reply) => {
    const principal = request.principal;
    logger.info({
      reqId: request.id,
      method: request.method,
      url: request.url.split('?')[0],
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      ...(principal && {
        principal: principal.kind === 'apiKey' ? `key:${principal.keyId}` : `${principal.role}@${principal.programId}`,
      }),
    });
  });
}
