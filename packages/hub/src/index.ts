/**
 * `@teleecho/hub`: the reference teleECHO hub server.
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { deriveTokenSigningKey } from '@teleecho/sdk/server';
import type { FastifyInstance } from 'fastify';
import { redactUrl, startEventRelay, type EventRelay } from './cluster/event-relay.js';
import { resolveHubOptions, type HubOptions, type ResolvedHubOptions } from './config.js';
import { HostWebhookWorker } from './domain/host-webhook-worker.js';
import { buildApp } from './http/app.js';
import { createLogger } from './http/logging.js';
import { loadHubSecret } from './secret.js';
import { openStorage } from './storage/open.js';
import type { Storage } from './storage/storage.js';

export { HUB_DEFAULTS, resolveHubOptions } from './config.js';
export { LOG_LEVELS } from './config.js';
export type { HubOptions, LiveKitConfig, LogLevel, LogSink, ResolvedHubOptions, WebhookOptions } from './config.js';
export { setHostWebhook } from './domain/host-webhooks.js';
export {
  LIVEKIT_SERVER_DEFAULTS,
  liveKitBinary,
  liveKitProblem,
  livekitAvailable,
  startLiveKitServer,
} from './livekit/server.js';
export type { LiveKitServer, LiveKitServerOptions } from './livekit/server.js';
export { openStorage } from './storage/open.js';
export type { StorageLocation } from './storage/open.js';
export type {
  ApiKeyRecord,
  CaseFilter,
  IdempotencyRecord,
  NewAttendanceInterval,
  NewEvent,
  PageRequest,
  SessionFilter,
  Storage,
  StorageKind,
  StorageReader,
  StorageWriter,
  StoredEvent,
  WebhookDeliveryRecord,
  WebhookDeliveryStatus,
  CalendarFeedRecord,
  StoredCertificate,
  StoredEvaluation,
} from './storage/storage.js';
export type { AgsEndpoint, LtiLaunch, LtiPlatform, OutboxScore, ToolKeyRecord } from './storage/storage.js';
export type { EventRelayHook } from './storage/storage.js';
// The repositories: what `storage.x` reads (…Reads) and what `tx.x` writes inside `storage.write()`.
export type { ApiKeyReads, ApiKeys } from './storage/repositories/api-keys.js';
export type { Attendance, AttendanceReads } from './storage/repositories/attendance.js';
export type { CaseReads, Cases } from './storage/repositories/cases.js';
export type { Cme, CmeReads } from './storage/repositories/cme.js';
export type { EventReads } from './storage/repositories/events.js';
export type { IdempotencyKeys, IdempotencyReads } from './storage/repositories/idempotency.js';
export type { Lti, LtiLoginState, LtiReads } from './storage/repositories/lti.js';
export type { ProgramReads, Programs } from './storage/repositories/programs.js';
export type { RecommendationReads, Recommendations } from './storage/repositories/recommendations.js';
export type { SessionReads, Sessions } from './storage/repositories/sessions.js';
export type { TemplateReads, Templates } from './storage/repositories/templates.js';
export type { WebhookDeliveryFilter, WebhookReads, Webhooks } from './storage/repositories/webhooks.js';
export { AGS_SCOPE, CLAIM } from './lti/claims.js';
export { createApiKey } from './keys.js';
export type { CreatedApiKey } from './keys.js';
export { DROP_IN_SESSION, seedDemo } from './seed.js';
export type { DemoData, SeedOptions } from './seed.js';
export { findPhi } from './domain/phi-guard.js';
export type { PhiFinding } from './domain/phi-guard.js';

/** The hub's version (from package.json). */
export const HUB_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** A created hub: call {@link Hub.listen} to serve, {@link Hub.close} to stop. */
export interface Hub {
  /** The fastify instance (use `app.inject()` in tests without a socket). */
  app: FastifyInstance;
  /** Base URL once listening, e.g. "http://127.0.0.1:8787"; empty before. */
  readonly url: string;
  storage: Storage;
  options: ResolvedHubOptions;
  /** Whether this start created the hub signing secret (first start of a data dir). */
  secretCreated: boolean;
  /** Starts listening on options.host:options.port; resolves to the URL. */
  listen(): Promise<string>;
  /** Ends event streams, stops listening and closes storage. */
  close(): Promise<void>;
  /**
   * Graceful shutdown behind a load balancer: `/readyz` answers 503 at once, so the balancer stops sending new
   * work; after `graceMs` (long enough for its health check to notice) event streams end (clients reconnect to
   * another process with `Last-Event-ID`), requests in flight finish, and the hub closes.
   */
  drain(graceMs: number): Promise<void>;
}

const DAY_MS = 86_400_000;

/**
 * Creates a hub: opens storage (migrations run), loads or creates the signing secret, prunes the
 * event log, and builds the HTTP app.
 *
 * @example
 * ```ts
 * import { createHub } from '@teleecho/hub';
 * const hub = await createHub({ port: 8787, dataDir: './.teleecho' });
 * console.log(await hub.listen());
 * ```
 */
export async function createHub(options: HubOptions = {}): Promise<Hub> {
  const resolved = resolveHubOptions(options);
  if (resolved.redisUrl && !resolved.databaseUrl) {
    throw new Error('redisUrl is for several hub processes on one PostgreSQL database: set databaseUrl as well');
  }
  if (resolved.redisUrl && !resolved.hubSecret) {
    throw new Error('several hub processes must sign tokens with one secret: set hubSecret (TELEECHO_HUB_SECRET)');
  }
  const storage = await openStorage(
    resolved.databaseUrl ? { databaseUrl: resolved.databaseUrl } : { dataDir: resolved.dataDir },
  );
  let relay: EventRelay | undefined;
  if (resolved.redisUrl) {
    try {
      relay = await startEventRelay(storage.events, { redisUrl: resolved.redisUrl });
    } catch (error) {
      await storage.close();
      throw new Error(`Redis at ${redactUrl(resolved.redisUrl)} did not answer: ${(error as Error).message}`);
    }
    storage.relayEvents(relay);
  }
  const { secret, created } = loadHubSecret(resolved.dataDir, resolved.hubSecret);
  const prune = (): Promise<void> =>
    storage.prune(new Date(Date.now() - resolved.eventRetentionDays * DAY_MS).toISOString()).catch(() => undefined);
  await prune();
  const pruneTimer = setInterval(() => void prune(), DAY_MS);
  pruneTimer.unref();
  const logger = createLogger(resolved.logger, resolved.logLevel);
  const app = await buildApp({
    storage,
    options: resolved,
    hubKey: deriveTokenSigningKey(secret),
    version: HUB_VERSION,
    logger,
  });
  const webhooks = new HostWebhookWorker(storage, resolved.webhooks, logger.child({ component: 'host-webhooks' }));
  webhooks.start();
  let url = '';
  let closed = false;
  const hub: Hub = {
    app,
    storage,
    options: resolved,
    secretCreated: created,
    get url() {
      return url;
    },
    async listen() {
      const address = await app.listen({ port: resolved.port, host: resolved.host });
      const { port } = app.server.address() as { port: number };
      const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
      url = resolved.host === '0.0.0.0' || resolved.host === '::' ? address : `http://${host}:${port}`;
      return url;
    },
    async drain(graceMs) {
      app.readiness.draining = true;
      if (graceMs > 0) await new Promise((resolve) => setTimeout(resolve, graceMs));
      await hub.close();
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(pruneTimer);
      await webhooks.stop();
      await app.close();
      await relay?.close();
      await storage.close();
    },
  };
  return hub;
}
