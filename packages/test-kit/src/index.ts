/**
 * Test support for every workspace (private, never published): a real hub on a random loopback port with fresh
 * state, PostgreSQL and LiveKit guards, HTTP/SSE helpers, fixtures, the Chromium launcher, a page server and a
 * Moodle-like LTI 1.3 platform.
 *
 * ```ts
 * import { startTestHub } from '@teleecho/test-kit';
 * const hub = await startTestHub({ storage: 'sqlite' });
 * const token = await hub.mint({ role: 'presenter' });
 * await fetch(`${hub.url}/v1/cases`, { headers: { authorization: `Bearer ${token}` } });
 * await hub.close();
 * ```
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '@teleecho/sdk';
import { createEmbedToken } from '@teleecho/sdk/server';
import pg from 'pg';
import {
  createApiKey,
  createHub,
  liveKitProblem,
  seedDemo,
  startLiveKitServer,
  type DemoData,
  type Hub,
  type LiveKitConfig,
  type LiveKitServer,
  type LogSink,
  type WebhookOptions,
} from '@teleecho/hub';
import { freeTcpPort } from './ports.js';

/** Which storage a test hub uses. */
export type TestStorage = 'sqlite' | 'postgres';

/** Options of {@link startTestHub}. */
export interface TestHubOptions {
  /** Default "sqlite". "postgres" creates a fresh database `teleecho_test_<random>` (dropped by close()). */
  storage?: TestStorage;
  /** SSE heartbeat interval; default 15000. */
  heartbeatMs?: number;
  /** Request body limit; default 1 MiB. */
  bodyLimit?: number;
  /** Origins allowed for the test API key; default ["*"]. */
  apiKeyOrigins?: string[];
  /** Request log sink; default off. */
  logger?: boolean | LogSink;
  /** Seed the demo programme; default true. */
  seed?: boolean;
  /**
   * LiveKit: `true` starts a real `livekit-server` (dev keys, webhooks to this hub; guard the suite
   * with {@link requireLiveKit}); a config only points the hub at it (tokens can be minted without a
   * server). Default: none (join answers 503).
   */
  livekit?: boolean | LiveKitConfig;
  /** Host webhook delivery options (e.g. short `retryDelaysMs` for retry tests); default the hub's. */
  webhooks?: Partial<WebhookOptions>;
}

/** Claims of {@link TestHub.mint}. */
export interface MintOptions {
  role: Role;
  /** Default: the demo programme. */
  programId?: string;
  /** User id; default `test-<role>`. */
  sub?: string;
  /** Display name; default `Test <role>`. */
  name?: string;
  /** Narrow to a session. */
  ses?: string;
  /** Narrow to a case. */
  case?: string;
  /** Lifetime; default 900. */
  ttlSeconds?: number;
}

/** A running test hub. */
export interface TestHub {
  /** Base URL, e.g. "http://127.0.0.1:41234" (stable across restart()). */
  readonly url: string;
  /** A secret API key of this hub. */
  apiKey: string;
  /** Which storage backs it. */
  storage: TestStorage;
  /** Temp data dir (SQLite file, signing secret). */
  dataDir: string;
  /** PostgreSQL URL when storage is "postgres". */
  databaseUrl: string | undefined;
  /** The seeded demo programme (empty ids when seed: false). */
  demo: DemoData;
  /** The LiveKit server started for this hub (`livekit: true`). */
  livekit: LiveKitServer | undefined;
  /** The in-process hub currently running (undefined while killed). */
  readonly hub: Hub | undefined;
  /** Mints an embed token with the test API key. */
  mint(options: MintOptions): Promise<string>;
  /** Stops the hub (if running) and starts it again on the same port and state. */
  restart(): Promise<void>;
  /** Stops the hub abruptly: open connections and streams are cut. State is kept. */
  kill(): Promise<void>;
  /** Stops the hub and deletes its state (data dir, PostgreSQL database). */
  close(): Promise<void>;
  /**
   * Makes the next `count` matching requests fail with `status` (default 503, problem+json,
   * `Retry-After: 0`): before they are handled, or — with `afterHandling` — after the hub has done
   * the work, as when a response is lost on the way back. For retry and idempotency tests.
   */
  failNext(count: number, options?: FailOptions): void;
}

/** Which requests {@link TestHub.failNext} fails, and how. */
export interface FailOptions {
  status?: number;
  /** Only this method (e.g. "POST"). */
  method?: string;
  /** Only paths starting with this (e.g. "/v1/cases"). */
  path?: string;
  /** Do the work, then replace the response (default false: fail before handling). */
  afterHandling?: boolean;
}

/** Admin connection used to create and drop test databases. */
export const TEST_PG_URL = process.env.TELEECHO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let pgCheck: Promise<string | undefined> | undefined;

/** Why PostgreSQL is unreachable, or undefined when it answers (checked once per process). */
function pgProblem(): Promise<string | undefined> {
  pgCheck ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return pgCheck;
}

/** True when the test PostgreSQL server answers. */
export async function pgAvailable(): Promise<boolean> {
  return (await pgProblem()) === undefined;
}

/**
 * Whether PostgreSQL suites should run. When PostgreSQL is unreachable it warns loudly
 * ("SKIPPED TIER postgres: …") and returns false, or throws when TELEECHO_REQUIRE_ALL_TIERS=1.
 *
 * ```ts
 * describe('postgres', { skip: !(await requirePg()) }, () => { … });
 * ```
 */
export async function requirePg(): Promise<boolean> {
  const problem = await pgProblem();
  if (problem === undefined) return true;
  const message = `SKIPPED TIER postgres: PostgreSQL at ${TEST_PG_URL.replace(/\/\/[^@]*@/, '//')} is unreachable (${problem})`;
  if (process.env.TELEECHO_REQUIRE_ALL_TIERS === '1') throw new Error(`${message}; TELEECHO_REQUIRE_ALL_TIERS=1`);
  console.warn(`\n*** ${message} ***\n`);
  return false;
}

/**
 * Whether LiveKit suites should run. When the `livekit-server` binary is missing it warns loudly
 * ("SKIPPED TIER livekit: …") and returns false, or throws when TELEECHO_REQUIRE_ALL_TIERS=1.
 */
export function requireLiveKit(): boolean {
  const problem = liveKitProblem();
  if (problem === undefined) return true;
  const message = `SKIPPED TIER livekit: ${problem}`;
  if (process.env.TELEECHO_REQUIRE_ALL_TIERS === '1') throw new Error(`${message}; TELEECHO_REQUIRE_ALL_TIERS=1`);
  console.warn(`\n*** ${message} ***\n`);
  return false;
}

/**
 * The `skip` option of a LiveKit suite: false when `livekit-server` is there, else the reason (as
 * {@link requireLiveKit}: a loud warning, or a throw with TELEECHO_REQUIRE_ALL_TIERS=1), which `npm test` prints
 * next to every test of the suite.
 *
 * ```ts
 * describe('over a real LiveKit server', { skip: liveKitSkip() }, () => { … });
 * ```
 */
export function liveKitSkip(): string | false {
  return requireLiveKit() ? false : `SKIPPED TIER livekit: ${liveKitProblem()}`;
}

/** Creates a fresh, empty PostgreSQL database; returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const name = `teleecho_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database made by {@link createTestDatabase}. */
export async function dropTestDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  if (!/^teleecho_test_[0-9a-f]+$/.test(name)) throw new Error(`refusing to drop ${name}`);
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Starts a real hub on 127.0.0.1 with fresh state, an API key and (by default) the demo programme. */
export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const storage = options.storage ?? 'sqlite';
  if (storage === 'postgres' && !(await pgAvailable())) {
    throw new Error(`startTestHub: PostgreSQL is unreachable at ${TEST_PG_URL}; guard the suite with requirePg()`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'teleecho-hub-test-'));
  const databaseUrl = storage === 'postgres' ? await createTestDatabase() : undefined;
  let port = 0;
  let hub: Hub | undefined;
  let livekitServer: LiveKitServer | undefined;
  const livekitPort = options.livekit === true ? await freeTcpPort() : 0;
  const livekitConfig: LiveKitConfig | undefined =
    options.livekit === true
      ? { url: `ws://127.0.0.1:${livekitPort}`, apiKey: 'devkey', apiSecret: 'secret' }
      : options.livekit || undefined;
  let faults: { left: number; options: FailOptions } | undefined;
  const takeFault = (method: string, url: string, after: boolean): number | undefined => {
    if (!faults || faults.left <= 0 || Boolean(faults.options.afterHandling) !== after) return undefined;
    if (faults.options.method && faults.options.method.toUpperCase() !== method) return undefined;
    if (faults.options.path && !url.split('?')[0]!.startsWith(faults.options.path)) return undefined;
    faults.left -= 1;
    return faults.options.status ?? 503;
  };
  const faultBody = (status: number): string =>
    JSON.stringify({
      type: 'https://teleecho.dev/problems/injected_fault',
      title: 'Injected fault',
      status,
      code: status === 503 ? 'service_unavailable' : 'injected_fault',
      detail: 'failure injected by startTestHub().failNext()',
    });
  const start = async (): Promise<Hub> => {
    const next = await createHub({
      port,
      host: '127.0.0.1',
      dataDir,
      ...(databaseUrl && { databaseUrl }),
      ...(options.heartbeatMs !== undefined && { heartbeatMs: options.heartbeatMs }),
      ...(options.bodyLimit !== undefined && { bodyLimit: options.bodyLimit }),
      logger: options.logger ?? false,
      ...(livekitConfig && { livekit: livekitConfig }),
      ...(options.webhooks && { webhooks: options.webhooks }),
    });
    next.app.addHook('onRequest', async (request, reply) => {
      const status = takeFault(request.method, request.url, false);
      if (status === undefined) return;
      await reply.code(status).header('retry-after', '0').type('application/problem+json').send(faultBody(status));
    });
    next.app.addHook('onSend', async (request, reply, payload) => {
      const status = takeFault(request.method, request.url, true);
      if (status === undefined) return payload;
      reply.code(status).header('retry-after', '0').type('application/problem+json');
      reply.removeHeader('idempotent-replayed');
      return faultBody(status);
    });
    await next.listen();
    port = (next.app.server.address() as { port: number }).port;
    return next;
  };
  const stop = async (): Promise<void> => {
    const current = hub;
    hub = undefined;
    if (!current) return;
    current.app.server.closeAllConnections();
    await current.close();
    // let clients in this process see their sockets close before anything reconnects
    await new Promise((resolve) => setTimeout(resolve, 50));
  };
  try {
    hub = await start();
    const key = await createApiKey(hub.storage, options.apiKeyOrigins ?? ['*']);
    const demo: DemoData =
      options.seed === false
        ? { programId: '', templateId: '', hcvTemplateId: '', sessionIds: [], created: false }
        : await seedDemo(hub.storage);
    const url = `http://127.0.0.1:${port}`;
    if (options.livekit === true) {
      livekitServer = await startLiveKitServer({ port: livekitPort, webhookUrl: `${url}/v1/livekit/webhook` });
    }
    return {
      url,
      apiKey: key.apiKey,
      storage,
      dataDir,
      databaseUrl,
      demo,
      livekit: livekitServer,
      get hub() {
        return hub;
      },
      mint: (mint) =>
        createEmbedToken({
          apiKey: key.apiKey,
          user: { id: mint.sub ?? `test-${mint.role}`, name: mint.name ?? `Test ${mint.role}` },
          role: mint.role,
          programId: mint.programId ?? demo.programId,
          ...(mint.ses && { sessionId: mint.ses }),
          ...(mint.case && { caseId: mint.case }),
          ...(mint.ttlSeconds !== undefined && { ttlSeconds: mint.ttlSeconds }),
        }),
      async restart() {
        await stop();
        hub = await start();
      },
      kill: stop,
      failNext(count, failOptions = {}) {
        faults = { left: count, options: failOptions };
      },
      async close() {
        await livekitServer?.stop();
        await stop();
        rmSync(dataDir, { recursive: true, force: true });
        if (databaseUrl) await dropTestDatabase(databaseUrl);
      },
    };
  } catch (error) {
    await livekitServer?.stop().catch(() => undefined);
    await stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) await dropTestDatabase(databaseUrl).catch(() => undefined);
    throw error;
  }
}

export { hubFetch, sampleResponse, sampleReport } from './http.js';
export type { HubResponse, HubFetchOptions } from './http.js';
export { openEventStream } from './sse.js';
export type { ReceivedEvent, TestEventStream } from './sse.js';

/** A storage tier for parameterised suites: `skip` is a reason string when the tier cannot run. */
export interface StorageTier {
  tier: TestStorage;
  skip: string | false;
}

/**
 * The tiers every storage-dependent suite runs on: SQLite always; PostgreSQL when reachable
 * (else skipped with a loud warning, or a failure with TELEECHO_REQUIRE_ALL_TIERS=1).
 *
 * ```ts
 * for (const { tier, skip } of await storageTiers()) describe(`cases [${tier}]`, { skip }, () => { … });
 * ```
 */
export async function storageTiers(): Promise<StorageTier[]> {
  const pgOk = await requirePg();
  return [
    { tier: 'sqlite', skip: false },
    { tier: 'postgres', skip: pgOk ? false : 'SKIPPED TIER postgres: PostgreSQL unreachable' },
  ];
}

export { submitTestCase, advanceTestCase, testRecommendation } from './fixtures.js';
export { createLiveTestSession, signWebhook } from './livekit.js';
export type { LiveFixtureHub } from './livekit.js';
export type { FixtureHub } from './fixtures.js';
export { CHROMIUM_ARGS, CHROMIUM_PATH, launchChromium, phoneLayout } from './chromium.js';
export type { PhoneLayout } from './chromium.js';
export { serveBundledPage, until } from './page.js';
export type { BundledPage, BundledPageOptions } from './page.js';
export { createTestSession, recordTestAttendance } from './cme.js';
export type { CmeFixtureHub } from './cme.js';
export { MOODLE_IFRAME_ALLOW, startTestLtiPlatform } from './lti-platform.js';
export type {
  KeySetFailure,
  RecordedRequest,
  TestLaunchSpec,
  TestLtiPlatform,
  TestLtiPlatformOptions,
} from './lti-platform.js';
export { freeTcpPort } from './ports.js';
export { mountEchoSession, playsVideoOf } from './session-page.js';
