/**
 * The `teleecho` command line: run a hub, create API keys, mint dev tokens, seed a demo programme, open a session
 * early or start an ad-hoc one.
 * @packageDocumentation
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ROLES, deidentify, type DeidPolicy, type Role } from '@teleecho/sdk';
import { MAX_TOKEN_TTL_SECONDS, deriveTokenSigningKey, signEmbedToken } from '@teleecho/sdk/server';
import {
  HUB_DEFAULTS,
  normalisePublicUrl,
  parseLogLevel,
  parseTrustProxy,
  type LiveKitConfig,
  type LogLevel,
} from './config.js';
import { HUB_ISSUER } from './http/auth.js';
import { HUB_VERSION, createHub } from './index.js';
import { createApiKey } from './keys.js';
import { freeTcpPort, liveKitProblem, startLiveKitServer, type LiveKitServer } from './livekit/server.js';
import { loadHubSecret } from './secret.js';
import { setHostWebhook } from './domain/host-webhooks.js';
import { DROP_IN_SESSION, seedDemo } from './seed.js';
import { openSessionAs, startSessionNowAs } from './domain/sessions.js';
import { openStorage } from './storage/open.js';
import { LTI_USAGE, LtiUsageError, ltiCommand } from './lti/cli.js';

/** Thrown for bad command lines: printed with usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const USAGE = `teleecho ${HUB_VERSION} — teleECHO Embed reference hub

Usage:
  teleecho hub [--port 8787] [--host 127.0.0.1] [--data ./.teleecho] [--database-url postgres://…]
               [--livekit-url ws://127.0.0.1:7880 --livekit-key devkey --livekit-secret secret | --livekit-dev]
               [--public-url https://hub.example.org] [--trust-proxy true|<addresses, CIDR ranges>]
               [--log-level fatal|error|warn|info|debug|trace|silent] [--redis-url redis://127.0.0.1:6379]
               [--drain-ms 2000] [--metrics] [--rate-limit <requests per minute per token or IP>]
  teleecho api-key create [--data ./.teleecho] [--database-url postgres://…] [--origins https://a.example,https://b.example] [--webhook-url https://ehr.example/teleecho]
  teleecho api-key set-webhook <keyId> <url>|--none [--data ./.teleecho] [--database-url postgres://…]
  teleecho webhooks list [--status pending|delivered|failed] [--limit 50] [--data ./.teleecho] [--database-url postgres://…]
  teleecho token --role <role> --program <id> [--user <id>] [--name <name>] [--ttl 900] [--session <id>] [--case <id>] [--data ./.teleecho]
  teleecho seed-demo [--data ./.teleecho] [--database-url postgres://…]
  teleecho session open <session id> [--data ./.teleecho] [--database-url postgres://…]
  teleecho session start-now --program <id> --title <title> [--topic <topic>] [--duration 60] [--data ./.teleecho] [--database-url postgres://…]
  teleecho deidentify <bundle.json> [--policy safe-harbor|policy.json] [--report report.json] [--free-text notes,valueString,narrative]
${LTI_USAGE}
  teleecho --help | --version

Roles: ${ROLES.join(', ')}
Environment: TELEECHO_HUB_SECRET overrides the signing secret file in the data dir;
TELEECHO_LIVEKIT_URL, TELEECHO_LIVEKIT_KEY, TELEECHO_LIVEKIT_SECRET stand in for the --livekit-* flags;
TELEECHO_PUBLIC_URL and TELEECHO_TRUST_PROXY for --public-url and --trust-proxy; TELEECHO_LOG_LEVEL for --log-level;
TELEECHO_REDIS_URL for --redis-url (several hub processes on one PostgreSQL database; they need one TELEECHO_HUB_SECRET);
TELEECHO_DRAIN_MS for --drain-ms (on SIGTERM, /readyz answers 503 this long before the hub stops; default 2000 with
--redis-url, else 0).`;

type Out = (line: string) => void;

const STORAGE_OPTIONS = {
  data: { type: 'string' },
  'database-url': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function storageLocation(values: { data?: string | undefined; 'database-url'?: string | undefined }) {
  const dataDir = resolve(values.data ?? HUB_DEFAULTS.dataDir);
  const databaseUrl = values['database-url'] ?? process.env.TELEECHO_DATABASE_URL;
  return { dataDir, ...(databaseUrl && { databaseUrl }) };
}

function integer(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  return n;
}

function liveKitFlags(values: {
  'livekit-url'?: string | undefined;
  'livekit-key'?: string | undefined;
  'livekit-secret'?: string | undefined;
}): LiveKitConfig | undefined {
  const url = values['livekit-url'] ?? process.env.TELEECHO_LIVEKIT_URL;
  const apiKey = values['livekit-key'] ?? process.env.TELEECHO_LIVEKIT_KEY;
  const apiSecret = values['livekit-secret'] ?? process.env.TELEECHO_LIVEKIT_SECRET;
  if (!url && !apiKey && !apiSecret) return undefined;
  if (!url || !apiKey || !apiSecret) {
    throw new UsageError('--livekit-url, --livekit-key and --livekit-secret go together');
  }
  if (!/^(wss?|https?):\/\/[^\s]+$/.test(url)) throw new UsageError('--livekit-url must be a ws:// or wss:// URL');
  return { url, apiKey, apiSecret };
}

function publicUrlFlag(value: string | undefined): string | undefined {
  try {
    return normalisePublicUrl(value);
  } catch (error) {
    throw new UsageError(`--public-url: ${(error as Error).message}`);
  }
}

function logLevelFlag(value: string): LogLevel {
  try {
    return parseLogLevel(value);
  } catch (error) {
    throw new UsageError(`--log-level: ${(error as Error).message}`);
  }
}

async function hubCommand(args: string[], out: Out, err: Out): Promise<number> {
  const values = parse(args, {
    ...STORAGE_OPTIONS,
    port: { type: 'string' },
    host: { type: 'string' },
    'livekit-url': { type: 'string' },
    'livekit-key': { type: 'string' },
    'livekit-secret': { type: 'string' },
    'livekit-dev': { type: 'boolean' },
    'public-url': { type: 'string' },
    'trust-proxy': { type: 'string' },
    'log-level': { type: 'string' },
    'redis-url': { type: 'string' },
    'drain-ms': { type: 'string' },
    metrics: { type: 'boolean' },
    'rate-limit': { type: 'string' },
  });
  const location = storageLocation(values);
  const redisUrl = values['redis-url'] ?? (process.env.TELEECHO_REDIS_URL || undefined);
  // On SIGTERM, how long /readyz answers 503 before the hub stops (so a load balancer stops sending it work first).
  const drainMs = integer(
    values['drain-ms'] ?? process.env.TELEECHO_DRAIN_MS,
    'drain-ms',
    redisUrl ? 2000 : 0,
    0,
    600_000,
  );
  const logLevel = values['log-level'] === undefined ? undefined : logLevelFlag(values['log-level']);
  const publicUrl = publicUrlFlag(values['public-url'] ?? (process.env.TELEECHO_PUBLIC_URL || undefined));
  const trustProxy = values['trust-proxy'] === undefined ? undefined : parseTrustProxy(values['trust-proxy']);
  let livekit = liveKitFlags(values);
  let devPort: number | undefined;
  if (values['livekit-dev']) {
    if (livekit)
      throw new UsageError('--livekit-dev starts its own LiveKit server: leave out --livekit-url/key/secret');
    const problem = liveKitProblem();
    if (problem) err(`--livekit-dev: ${problem}; continuing without LiveKit`);
    else {
      devPort = await freeTcpPort();
      livekit = { url: `ws://127.0.0.1:${devPort}`, apiKey: 'devkey', apiSecret: 'secret' };
    }
  }
  const hub = await createHub({
    ...location,
    ...(livekit && { livekit }),
    port: integer(values.port, 'port', HUB_DEFAULTS.port, 0, 65535),
    host: values.host ?? HUB_DEFAULTS.host,
    ...(publicUrl && { publicUrl }),
    ...(trustProxy !== undefined && { trustProxy }),
    ...(logLevel && { logLevel }),
    ...(redisUrl && { redisUrl }),
    ...(values.metrics && { metrics: true }),
    rateLimitPerMinute: integer(values['rate-limit'] ?? process.env.TELEECHO_RATE_LIMIT, 'rate-limit', 0, 0, 1_000_000),
  });
  const url = await hub.listen();
  let devServer: LiveKitServer | undefined;
  if (devPort !== undefined) {
    try {
      devServer = await startLiveKitServer({ port: devPort, webhookUrl: `${url}/v1/livekit/webhook` });
    } catch (error) {
      await hub.close();
      throw error;
    }
  }
  const where = location.databaseUrl ? 'PostgreSQL' : `SQLite at ${resolve(location.dataDir, 'hub.db')}`;
  err(`teleECHO hub ${HUB_VERSION} listening on ${url} (storage: ${where})`);
  const { publicUrl: linksTo, trustProxy: trusted } = hub.options;
  err(
    linksTo
      ? `Links (calendar feeds, certificates, LTI) name ${linksTo}`
      : trusted
        ? `Links name the host your proxy forwards (trusted: ${trusted === true ? 'any peer' : trusted}); set --public-url to fix it`
        : `Links name the address each request came in on; behind a proxy or a DNS name, set --public-url`,
  );
  err(
    livekit
      ? `LiveKit: ${livekit.url}${devServer ? ' (dev server started by the hub, keys devkey/secret)' : ''}`
      : 'LiveKit: not configured (joining sessions answers 503)',
  );
  // `npm start` sets TELEECHO_QUIET_HINTS: it has made the key and the demo itself and prints its own summary.
  if (hub.secretCreated && process.env.TELEECHO_QUIET_HINTS !== '1') {
    const data = `--data ${location.dataDir}`;
    err(
      [
        `First start: created the hub signing secret in ${location.dataDir} (keep it private).`,
        'Next steps:',
        `  npx teleecho api-key create ${data}        # a secret API key for your host backend`,
        `  npx teleecho seed-demo ${data}             # a demo programme "HCV ECHO"`,
        `  npx teleecho token --role presenter --program <programme id> ${data}   # a dev embed token`,
      ].join('\n'),
    );
  }
  await new Promise<void>((done) => {
    const stop = (signal: string): void => {
      err(`${signal}: shutting down`);
      Promise.all([hub.drain(drainMs), devServer?.stop()]).then(() => done(), done);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  void out;
  return 0;
}

async function apiKeyCommand(args: string[], out: Out): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'set-webhook') return setWebhookCommand(rest, out);
  if (sub !== 'create') {
    throw new UsageError(`unknown api-key command "${sub ?? ''}" (expected "create" or "set-webhook")`);
  }
  const values = parse(rest, { ...STORAGE_OPTIONS, origins: { type: 'string' }, 'webhook-url': { type: 'string' } });
  const webhookUrl = values['webhook-url'];
  if (webhookUrl !== undefined) checkWebhookUrlFlag(webhookUrl);
  const origins = values.origins
    ? values.origins
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean)
    : ['*'];
  for (const origin of origins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new UsageError(`--origins: "${origin}" is not an origin like https://ehr.example.org`);
    }
  }
  const storage = await openStorage(storageLocation(values));
  try {
    const key = await createApiKey(storage, origins);
    if (webhookUrl !== undefined) {
      const { secret } = await setHostWebhook(storage, key.id, webhookUrl);
      out(`Webhook ${webhookUrl}; signing secret (shown only once; verify with verifyWebhookSignature):`);
      out(secret!);
    }
    out(`Created API key ${key.id} (origins: ${origins.join(', ')}). Keep it secret; it is shown only once:`);
    out(key.apiKey);
  } finally {
    await storage.close();
  }
  return 0;
}

function checkWebhookUrlFlag(url: string): void {
  if (!/^https?:\/\/[^\s]+$/.test(url) || !URL.canParse(url)) {
    throw new UsageError(`"${url}" is not a webhook URL like https://ehr.example.org/teleecho/webhook`);
  }
}

/** `teleecho api-key set-webhook <keyId> <url>|--none`: sets (new signing secret, printed) or removes the webhook. */
async function setWebhookCommand(args: string[], out: Out): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { ...STORAGE_OPTIONS, none: { type: 'boolean' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [keyId, url, ...extra] = parsed.positionals;
  if (!keyId || extra.length || (url === undefined) === !parsed.values.none) {
    throw new UsageError('set-webhook takes <keyId> and either <url> or --none');
  }
  if (url !== undefined) checkWebhookUrlFlag(url);
  const storage = await openStorage(storageLocation(parsed.values));
  try {
    const { secret } = await setHostWebhook(storage, keyId, url ?? null);
    if (secret === undefined) out(`Removed the webhook of API key ${keyId}.`);
    else {
      out(`Webhook of API key ${keyId}: ${url}. New signing secret (shown only once):`);
      out(secret);
    }
  } finally {
    await storage.close();
  }
  return 0;
}

/** `teleecho webhooks list`: recent host webhook deliveries, newest first (failed ones need attention). */
async function webhooksCommand(args: string[], out: Out): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'list') throw new UsageError(`unknown webhooks command "${sub ?? ''}" (expected "list")`);
  const values = parse(rest, { ...STORAGE_OPTIONS, status: { type: 'string' }, limit: { type: 'string' } });
  const status = values.status;
  if (status !== undefined && !['pending', 'delivered', 'failed'].includes(status)) {
    throw new UsageError('--status must be pending, delivered or failed');
  }
  const limit = integer(values.limit, 'limit', 50, 1, 1000);
  const storage = await openStorage(storageLocation(values));
  try {
    const rows = await storage.webhooks.list({
      limit,
      ...(status && { status: status as 'pending' | 'delivered' | 'failed' }),
    });
    out(['id', 'status', 'attempts', 'type', 'apiKey', 'case', 'last', 'next/delivered'].join('\t'));
    for (const d of rows) {
      const last = d.lastError ?? (d.lastStatus === undefined ? '-' : `HTTP ${d.lastStatus}`);
      const when = d.status === 'pending' ? (d.nextAttemptAt ?? '-') : (d.deliveredAt ?? d.updatedAt);
      out([d.id, d.status, d.attempts, d.eventType, d.apiKeyId, d.caseId, last, when].join('\t'));
    }
  } finally {
    await storage.close();
  }
  return 0;
}

async function tokenCommand(args: string[], out: Out): Promise<number> {
  const values = parse(args, {
    data: { type: 'string' },
    role: { type: 'string' },
    program: { type: 'string' },
    user: { type: 'string' },
    name: { type: 'string' },
    ttl: { type: 'string' },
    session: { type: 'string' },
    case: { type: 'string' },
  });
  if (!values.role || !ROLES.includes(values.role as Role)) {
    throw new UsageError(`--role is required: one of ${ROLES.join(', ')}`);
  }
  if (!values.program) throw new UsageError('--program <programme id> is required');
  const ttlSeconds = integer(values.ttl, 'ttl', 900, 1, MAX_TOKEN_TTL_SECONDS);
  const dataDir = resolve(values.data ?? HUB_DEFAULTS.dataDir);
  const { secret } = loadHubSecret(dataDir, process.env.TELEECHO_HUB_SECRET);
  const user = values.user ?? `dev-${values.role}`;
  const token = await signEmbedToken({
    issuer: HUB_ISSUER,
    key: deriveTokenSigningKey(secret),
    user: { id: user, name: values.name ?? user },
    role: values.role as Role,
    programId: values.program,
    ttlSeconds,
    ...(values.session && { sessionId: values.session }),
    ...(values.case && { caseId: values.case }),
  });
  out(token);
  return 0;
}

async function seedCommand(args: string[], out: Out): Promise<number> {
  const values = parse(args, STORAGE_OPTIONS);
  const storage = await openStorage(storageLocation(values));
  try {
    const demo = await seedDemo(storage, { dropIn: true });
    out(demo.created ? 'Created demo programme "HCV ECHO":' : 'Demo programme "HCV ECHO" already exists:');
    out(`  templates: ${demo.templateId} (general), ${demo.hcvTemplateId} (HCV)`);
    out(`  sessions:  ${demo.sessionIds.join(', ')}`);
    out(`  open now:  ${demo.dropInSessionId} (${DROP_IN_SESSION.title})`);
    out(demo.programId);
  } finally {
    await storage.close();
  }
  return 0;
}

/** The CLI, as recorded in a session's `openedBy`: whoever runs `teleecho` on the hub's machine (its operator). */
const CLI_OPENER = { via: 'cli', id: 'cli', name: 'teleecho CLI' } as const;

/**
 * `teleecho session open <id>`: opens a session's room now, before its join window (idempotent);
 * `teleecho session start-now --program <id> --title …`: starts an ad-hoc session, open at once (prints its id last).
 * Both act as the hub's operator on its storage, audited (`session.opened`, `openedBy` "teleecho CLI").
 */
async function sessionCommand(args: string[], out: Out): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'open') {
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: STORAGE_OPTIONS, strict: true, allowPositionals: true });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const [sessionId, ...extra] = parsed.positionals;
    if (!sessionId || extra.length) throw new UsageError('session open takes exactly one <session id>');
    const storage = await openStorage(storageLocation(parsed.values));
    try {
      const now = Date.now();
      const session = await openSessionAs(storage, CLI_OPENER, sessionId, now);
      const already = session.openedAt !== new Date(now).toISOString();
      out(
        already
          ? `Session ${session.id} (“${session.title}”) was already open (opened ${session.openedAt} by ${session.openedBy?.name}).`
          : `Opened session ${session.id} (“${session.title}”, scheduled ${session.startsAt}): everyone allowed can join now, until ${session.joinWindow?.closesAt}.`,
      );
    } finally {
      await storage.close();
    }
    return 0;
  }
  if (sub === 'start-now') {
    const values = parse(rest, {
      ...STORAGE_OPTIONS,
      program: { type: 'string' },
      title: { type: 'string' },
      topic: { type: 'string' },
      duration: { type: 'string' },
    });
    if (!values.program) throw new UsageError('--program <programme id> is required');
    const title = values.title?.trim();
    if (!title || title.length > 200) throw new UsageError('--title is required (1–200 characters)');
    if (values.topic !== undefined && values.topic.length > 500)
      throw new UsageError('--topic: at most 500 characters');
    const durationMinutes = integer(values.duration, 'duration', 60, 1, 1440);
    const storage = await openStorage(storageLocation(values));
    try {
      const session = await startSessionNowAs(storage, CLI_OPENER, values.program, {
        title,
        durationMinutes,
        ...(values.topic !== undefined && { topic: values.topic }),
      });
      out(`Started ad-hoc session “${session.title}” (${durationMinutes} min); its room is open now:`);
      out(session.id);
    } finally {
      await storage.close();
    }
    return 0;
  }
  throw new UsageError(`unknown session command "${sub ?? ''}" (expected "open" or "start-now")`);
}

/** Reads a JSON file, failing with a one-line message. */
function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${what} ${file}${code ? ` (${code})` : ''}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} ${file} is not JSON`);
  }
}

async function deidentifyCommand(args: string[], out: Out, err: Out): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { policy: { type: 'string' }, report: { type: 'string' }, 'free-text': { type: 'string' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length) throw new UsageError('deidentify takes exactly one input file: <bundle.json>');
  const { policy: policyFile, report: reportFile } = parsed.values;
  const policy =
    policyFile && policyFile !== 'safe-harbor' ? (readJson(policyFile, 'policy') as Partial<DeidPolicy>) : undefined;
  const input = readJson(file, 'input');
  const freeText = parsed.values['free-text'];
  let result;
  try {
    result = deidentify(
      input as Parameters<typeof deidentify>[0],
      freeText === undefined ? policy : { ...policy, freeText: freeText.split(',').map((k) => k.trim()) as never },
    );
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const bundle = result.bundle ?? {
    resourceType: 'Bundle',
    type: 'collection',
    entry: result.resources.map((resource) => ({ resource })),
  };
  if (reportFile) writeFileSync(resolve(reportFile), `${JSON.stringify(result.report, null, 2)}\n`);
  out(JSON.stringify(bundle, null, 2));
  const dropped = result.report.changes.filter((c) => c.action === 'dropped').length;
  err(
    `teleecho: de-identified ${result.report.resourceCount} resources, ${result.report.changes.length} changes ` +
      `(${dropped} elements dropped: not on the allow-list${reportFile ? `, listed in ${reportFile}` : ''})`,
  );
  return 0;
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code.
 * Output goes to `out` (results) and `err` (messages).
 */
export async function runCli(
  argv: string[],
  out: Out = (line) => process.stdout.write(`${line}\n`),
  err: Out = (line) => process.stderr.write(`${line}\n`),
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'hub':
        return await hubCommand(rest, out, err);
      case 'api-key':
        return await apiKeyCommand(rest, out);
      case 'token':
        return await tokenCommand(rest, out);
      case 'webhooks':
        return await webhooksCommand(rest, out);
      case 'seed-demo':
        return await seedCommand(rest, out);
      case 'session':
        return await sessionCommand(rest, out);
      case 'deidentify':
        return await deidentifyCommand(rest, out, err);
      case 'lti':
        return await ltiCommand(rest, (values) => openStorage(storageLocation(values)), out);
      case '--version':
      case '-v':
        out(HUB_VERSION);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof LtiUsageError) {
      err(`teleecho: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    err(`teleecho: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] && /cli\.(ts|js)$/.test(process.argv[1]);
if (invokedDirectly || process.env.TELEECHO_CLI_MAIN === '1') {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 1;
    },
  );
}
