/**
 * `@teleecho/hub`: the reference teleECHO hub server.
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { deriveTokenSigningKey } from '@teleecho/sdk/server';
import type { FastifyInstance } from 'fastify';
import { resolveHubOptions, type HubOptions, type ResolvedHubOptions } from './config.js';
import { HostWebhookWorker } from './domain/host-webhook-worker.js';
import { buildApp } from './http/app.js';
import { createLogger } from './http/logging.js';
import { loadHubSecret } from './secret.js';
import { openStorage } from './storage/open.js';
import type { Storage } from './storage/storage.js';

export { HUB_DEFAULTS, resolveHubOptions } from './config.js';
export type { HubOptions, LiveKitConfig, LogSink, ResolvedHubOptions, WebhookOptions } from './config.js';
export { setHostWebhook } from './domain/host-webhooks.js';
export { LIVEKIT_SERVER_DEFAULTS, liveKitBinary, livekitAvailable, startLiveKitServer } from './livekit/server.js';
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
export type { AgsEndpoint, LtiLaunch, LtiPlatform, LtiStore, OutboxScore, ToolKeyRecord } from './lti/store.js';
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
  const storage = await openStorage(
    resolved.databaseUrl ? { databaseUrl: resolved.databaseUrl } : { dataDir: resolved.dataDir },
  );
  const { secret, created } = loadHubSecret(resolved.dataDir, resolved.hubSecret);
  const prune = (): Promise<void> =>
    storage.prune(new Date(Date.now() - resolved.eventRetentionDays * DAY_MS).toISOString()).catch(() => undefined);
  await prune();
  const pruneTimer = setInterval(() => void prune(), DAY_MS);
  pruneTimer.unref();
  const { app } = await buildApp({
    storage,
    options: resolved,
    hubKey: deriveTokenSigningKey(secret),
    version: HUB_VERSION,
  });
  const webhooks = new HostWebhookWorker(storage, resolved.webhooks, createLogger(resolved.logger));
  webhooks.start();
  let url = '';
  let closed = false;
  return {
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
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(pruneTimer);
      await webhooks.stop();
      await app.close();
      await storage.close();
    },
  };
}
