/**
 * Starts the parts of the reference topology (deploy/haproxy.cfg, deploy/livekit.yaml) as real processes on
 * loopback, from the very files under deploy/: HAProxy from Debian and `livekit-server` nodes sharing the local
 * Redis. Ports are free ones, passed in the environment (HAProxy) or rendered into the config (LiveKit).
 * @packageDocumentation
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { liveKitBinary } from '@teleecho/hub';
import { freeTcpPort } from '@teleecho/test-kit';

const DEPLOY = fileURLToPath(new URL('..', import.meta.url));

/** A process started by this harness. */
export interface Proc {
  readonly child: ChildProcess;
  /** The last lines it printed (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** Replaces every `${NAME}` in `template` (as envsubst does); a name without a value is an error. */
export function render(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`deploy template: no value for \${${name}}`);
    return String(value);
  });
}

function launch(command: string, args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const lines: string[] = [];
  const collect = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      lines.push(line);
      if (lines.length > 300) lines.shift();
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return {
    child,
    output: () => lines.join('\n'),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port` (or throws after `timeoutMs`). */
export async function waitForPort(port: number, proc: Proc, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`exited with ${proc.child.exitCode}:\n${proc.output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing answered on port ${port} within ${timeoutMs} ms:\n${proc.output()}`);
}

/** Why the cluster tests cannot run here (HAProxy, livekit-server or Redis missing), or false. */
export function clusterSkip(): string | false {
  if (spawnSync('haproxy', ['-v']).status !== 0) return 'haproxy is not installed (apt-get install haproxy)';
  if (!liveKitBinary()) return 'livekit-server is not installed (scripts/install-tools.sh)';
  return false;
}

/** A LiveKit node of the cluster. */
export interface LiveKitNode extends Proc {
  readonly port: number;
  readonly httpUrl: string;
}

/** Starts one `livekit-server` from deploy/livekit.yaml, on free ports, sharing Redis `redisDb`. */
export async function startLiveKitNode(options: {
  redisDb: number;
  webhookUrl: string;
  apiKey?: string;
  apiSecret?: string;
}): Promise<LiveKitNode> {
  const binary = liveKitBinary();
  if (!binary) throw new Error('livekit-server is not installed');
  const port = await freeTcpPort();
  const dir = mkdtempSync(join(tmpdir(), 'teleecho-lk-node-'));
  const config = join(dir, 'livekit.yaml');
  writeFileSync(
    config,
    render(readFileSync(join(DEPLOY, 'livekit.yaml'), 'utf8'), {
      LIVEKIT_PORT: port,
      LIVEKIT_TCP_PORT: await freeTcpPort(),
      LIVEKIT_UDP_PORT: await freeTcpPort(),
      LIVEKIT_NODE_IP: '127.0.0.1',
      REDIS_ADDRESS: '127.0.0.1:6379',
      REDIS_DB: options.redisDb,
      LIVEKIT_API_KEY: options.apiKey ?? 'devkey',
      LIVEKIT_API_SECRET: options.apiSecret ?? 'secret',
      HUB_WEBHOOK_URL: options.webhookUrl,
    }),
  );
  const proc = launch(binary, ['--config', config]);
  try {
    await waitForPort(port, proc);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return {
    ...proc,
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts HAProxy in the foreground with deploy/haproxy.cfg and the given ports (see the file's header). */
export async function startHaproxy(ports: {
  hubLb: number;
  hubs: [number, number, number];
  livekitLb: number;
  livekit: [number, number];
}): Promise<Proc> {
  const env = {
    LB_BIND: '127.0.0.1',
    HUB_LB_PORT: String(ports.hubLb),
    HUB1_PORT: String(ports.hubs[0]),
    HUB2_PORT: String(ports.hubs[1]),
    HUB3_PORT: String(ports.hubs[2]),
    LIVEKIT_LB_PORT: String(ports.livekitLb),
    LIVEKIT1_PORT: String(ports.livekit[0]),
    LIVEKIT2_PORT: String(ports.livekit[1]),
  };
  const check = spawnSync('haproxy', ['-c', '-q', '-f', join(DEPLOY, 'haproxy.cfg')], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (check.status !== 0) throw new Error(`deploy/haproxy.cfg is not valid:\n${check.stdout}${check.stderr}`);
  const proc = launch('haproxy', ['-db', '-f', join(DEPLOY, 'haproxy.cfg')], env);
  await waitForPort(ports.hubLb, proc);
  await waitForPort(ports.livekitLb, proc);
  return proc;
}

/** One `teleecho hub` process of the replicated hub. */
export interface HubReplica {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  /** The running process (a new one after {@link HubReplica.start}). */
  readonly proc: Proc | undefined;
  /** Starts the process (again) on the same port. */
  start(): Promise<void>;
  /** `kill -9`: no drain, open connections cut. */
  kill(): Promise<void>;
  /** SIGTERM: the hub drains (`/readyz` 503 for `--drain-ms`), ends its streams and exits. */
  terminate(): Promise<void>;
}

const TELEECHO = fileURLToPath(new URL('../../packages/hub/bin/teleecho.js', import.meta.url));

/**
 * A `teleecho hub` replica (the real CLI, from source) on PostgreSQL `databaseUrl` and Redis `redisUrl`, sharing
 * `hubSecret` with the others. Not started until {@link HubReplica.start}.
 */
export async function hubReplica(options: {
  name: string;
  databaseUrl: string;
  redisUrl: string;
  hubSecret: string;
  drainMs?: number;
}): Promise<HubReplica> {
  const port = await freeTcpPort();
  let proc: Proc | undefined;
  const replica: HubReplica = {
    name: options.name,
    port,
    url: `http://127.0.0.1:${port}`,
    get proc() {
      return proc;
    },
    async start() {
      proc = launch(
        process.execPath,
        [
          TELEECHO,
          'hub',
          '--host',
          '127.0.0.1',
          '--port',
          String(port),
          '--database-url',
          options.databaseUrl,
          '--redis-url',
          options.redisUrl,
          '--drain-ms',
          String(options.drainMs ?? 1000),
          '--log-level',
          'warn',
        ],
        // the built CLI (the build tier runs these tests): starts in a second, where the sources take many
        { TELEECHO_HUB_SECRET: options.hubSecret, TELEECHO_QUIET_HINTS: '1', TELEECHO_USE_DIST: '1' },
      );
      await waitForPort(port, proc, 60_000);
    },
    async kill() {
      const p = proc;
      if (!p || p.child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        p.child.once('exit', () => resolve());
        p.child.kill('SIGKILL');
      });
    },
    async terminate() {
      const p = proc;
      if (!p || p.child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => p.child.kill('SIGKILL'), 30_000);
        p.child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        p.child.kill('SIGTERM');
      });
    },
  };
  return replica;
}

/** An event as a {@link followEvents} subscriber received it. */
export interface FollowedEvent {
  id: number;
  type: string;
  data: unknown;
}

/** A subscriber that stays subscribed: reconnects with `Last-Event-ID` whenever its stream ends or fails. */
export interface Follower {
  readonly events: FollowedEvent[];
  /** How many times it connected. */
  readonly connections: number;
  stop(): void;
}

/**
 * Follows `GET /v1/events` at `baseUrl` as an SSE client does (the SDK, a browser's EventSource): parses frames,
 * remembers the last id, and on a dropped or refused connection waits `retryMs` and reconnects with `Last-Event-ID`.
 */
export function followEvents(
  baseUrl: string,
  token: string,
  options: { from?: string; retryMs?: number } = {},
): Follower {
  const retryMs = options.retryMs ?? 250;
  const events: FollowedEvent[] = [];
  let lastId: string | undefined = options.from;
  let connections = 0;
  let stopped = false;
  let current: AbortController | undefined;
  const loop = async (): Promise<void> => {
    while (!stopped) {
      current = new AbortController();
      try {
        const response = await fetch(new URL('/v1/events', baseUrl), {
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'text/event-stream',
            ...(lastId !== undefined && { 'last-event-id': lastId }),
          },
          signal: current.signal,
        });
        if (response.status === 200 && response.body) {
          connections++;
          const decoder = new TextDecoder();
          let buffer = '';
          const reader = response.body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            buffer += decoder.decode(value, { stream: true });
            let cut: number;
            while ((cut = buffer.indexOf('\n\n')) >= 0) {
              const frame = buffer.slice(0, cut);
              buffer = buffer.slice(cut + 2);
              let id: string | undefined;
              let type = 'message';
              let data = '';
              for (const line of frame.split('\n')) {
                if (line.startsWith('id:')) id = line.slice(3).trim();
                else if (line.startsWith('event:')) type = line.slice(6).trim();
                else if (line.startsWith('data:')) data += line.slice(5).trim();
              }
              if (id !== undefined) lastId = id;
              if (data && id !== undefined) events.push({ id: Number(id), type, data: JSON.parse(data) });
            }
          }
        } else {
          await response.body?.cancel();
        }
      } catch {
        // dropped or refused: reconnect below
      }
      if (!stopped) await new Promise((r) => setTimeout(r, retryMs));
    }
  };
  void loop();
  return {
    events,
    get connections() {
      return connections;
    },
    stop() {
      stopped = true;
      current?.abort();
    },
  };
}
