/**
 * Runs a real `livekit-server` in dev mode on loopback, for `teleecho hub --livekit-dev`, tests and `npm start`.
 * The binary is not an npm package: {@link liveKitBinary} finds it (TELEECHO_LIVEKIT_BIN, the repository's
 * `.tools/bin/` in a checkout, or PATH).
 * @packageDocumentation
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { accessSync, constants, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LiveKitConfig } from '../config.js';

/** Options of {@link startLiveKitServer}. */
export interface LiveKitServerOptions {
  /** Signalling (HTTP + WebSocket) port; default a free one. */
  port?: number;
  /** Where LiveKit posts signed webhooks, e.g. `${hub.url}/v1/livekit/webhook`. */
  webhookUrl?: string;
  /** API key; default "devkey". */
  apiKey?: string;
  /** API secret; default "secret". */
  apiSecret?: string;
  /** Path of the binary; default {@link liveKitBinary}(). */
  binary?: string;
  /** Receives the server's output lines (default: kept, printed only when it fails to start). */
  log?: (line: string) => void;
  /** How long to wait for the server to answer, in ms; default 20000. */
  startTimeoutMs?: number;
}

/** A running LiveKit server. */
export interface LiveKitServer extends LiveKitConfig {
  /** Signalling port. */
  readonly port: number;
  /** HTTP URL of the server API (RoomService), e.g. "http://127.0.0.1:7880". */
  readonly httpUrl: string;
  /** Stops the server (SIGTERM, then SIGKILL after 1 s) and deletes its config. */
  stop(): Promise<void>;
  /** Stops and starts it again on the same ports (clients see a dropped connection and reconnect). */
  restart(): Promise<void>;
}

/** Defaults of {@link LiveKitServerOptions}. */
export const LIVEKIT_SERVER_DEFAULTS = {
  apiKey: 'devkey',
  apiSecret: 'secret',
  startTimeoutMs: 20_000,
} as const;

/** Where LiveKit's own install guide is (the binary is not an npm package). */
export const LIVEKIT_INSTALL_URL = 'https://docs.livekit.io/home/self-hosting/local/';

/** The teleECHO repository root when the hub runs from a checkout of it (src/ or dist/), else undefined. */
function repositoryRoot(): string | undefined {
  const root = fileURLToPath(new URL('../../../../', import.meta.url));
  return existsSync(join(root, 'scripts', 'install-tools.sh')) ? root : undefined;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `livekit-server` on PATH, or undefined. */
function onPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, 'livekit-server'))) return join(dir, 'livekit-server');
  }
  return undefined;
}

/**
 * Path of the `livekit-server` binary: env TELEECHO_LIVEKIT_BIN; else, in a checkout of the teleECHO repository,
 * `.tools/bin/livekit-server` (where `scripts/install-tools.sh` puts it) when it is there; else `livekit-server` on
 * PATH. Undefined when none is found.
 */
export function liveKitBinary(): string | undefined {
  if (process.env.TELEECHO_LIVEKIT_BIN) return process.env.TELEECHO_LIVEKIT_BIN;
  const repo = repositoryRoot();
  const checkout = repo === undefined ? undefined : join(repo, '.tools', 'bin', 'livekit-server');
  if (checkout !== undefined && executable(checkout)) return checkout;
  return onPath();
}

/** Why LiveKit cannot run here (what is missing and how to get it), or undefined when the binary is usable. */
export function liveKitProblem(): string | undefined {
  const fromEnv = process.env.TELEECHO_LIVEKIT_BIN;
  const binary = liveKitBinary();
  if (binary !== undefined && executable(binary)) return undefined;
  const repo = repositoryRoot();
  const install =
    repo === undefined
      ? `install LiveKit server (${LIVEKIT_INSTALL_URL})`
      : `run scripts/install-tools.sh in ${repo} (needs Go), or install LiveKit server (${LIVEKIT_INSTALL_URL})`;
  if (fromEnv) return `TELEECHO_LIVEKIT_BIN=${fromEnv} is not an executable livekit-server; ${install}`;
  return (
    `livekit-server was not found${repo === undefined ? '' : ` in ${join(repo, '.tools', 'bin')} or`} on PATH; ` +
    `${install}, then put it on PATH or set TELEECHO_LIVEKIT_BIN to its path`
  );
}

/** True when the `livekit-server` binary is installed. */
export function livekitAvailable(): boolean {
  return liveKitProblem() === undefined;
}

/** A free TCP port on 127.0.0.1. */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

function configYaml(o: {
  port: number;
  tcpPort: number;
  udpPort: number;
  apiKey: string;
  apiSecret: string;
  webhookUrl: string | undefined;
}): string {
  const lines = [
    `port: ${o.port}`,
    'bind_addresses:',
    '  - 127.0.0.1',
    'rtc:',
    `  tcp_port: ${o.tcpPort}`,
    `  udp_port: ${o.udpPort}`,
    '  use_external_ip: false',
    '  node_ip: 127.0.0.1',
    'keys:',
    `  ${o.apiKey}: ${o.apiSecret}`,
    'room:',
    '  empty_timeout: 30',
    '  departure_timeout: 5',
    'logging:',
    '  level: info',
  ];
  if (o.webhookUrl) lines.push('webhook:', `  api_key: ${o.apiKey}`, '  urls:', `    - ${o.webhookUrl}`);
  return `${lines.join('\n')}\n`;
}

async function waitUntilAnswering(httpUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`livekit-server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(httpUrl, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`livekit-server did not answer at ${httpUrl} within ${timeoutMs} ms`);
}

/**
 * Starts `livekit-server --dev --bind 127.0.0.1` with a generated config (free ports for signalling,
 * RTC over TCP and UDP; webhook to `webhookUrl`) and waits until it answers.
 *
 * ```ts
 * const lk = await startLiveKitServer({ webhookUrl: `${hub.url}/v1/livekit/webhook` });
 * // lk.url = "ws://127.0.0.1:…", lk.apiKey = "devkey", lk.apiSecret = "secret"
 * await lk.stop();
 * ```
 */
export async function startLiveKitServer(options: LiveKitServerOptions = {}): Promise<LiveKitServer> {
  const binary = options.binary ?? liveKitBinary();
  if (binary === undefined) throw new Error(liveKitProblem());
  const apiKey = options.apiKey ?? LIVEKIT_SERVER_DEFAULTS.apiKey;
  const apiSecret = options.apiSecret ?? LIVEKIT_SERVER_DEFAULTS.apiSecret;
  const port = options.port ?? (await freeTcpPort());
  const tcpPort = await freeTcpPort();
  const udpPort = await freeUdpPort();
  const dir = mkdtempSync(join(tmpdir(), 'teleecho-livekit-'));
  const configPath = join(dir, 'livekit.yaml');
  writeFileSync(configPath, configYaml({ port, tcpPort, udpPort, apiKey, apiSecret, webhookUrl: options.webhookUrl }));
  const httpUrl = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const next = spawn(binary, ['--dev', '--bind', '127.0.0.1', '--config', configPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        if (options.log) options.log(line);
        output.push(line);
        if (output.length > 200) output.shift();
      }
    };
    next.stdout?.on('data', collect);
    next.stderr?.on('data', collect);
    const spawned = new Promise<void>((resolve, reject) => {
      next.once('spawn', resolve);
      next.once('error', reject);
    });
    await spawned;
    child = next;
    try {
      await waitUntilAnswering(httpUrl, next, options.startTimeoutMs ?? LIVEKIT_SERVER_DEFAULTS.startTimeoutMs);
    } catch (error) {
      next.kill('SIGKILL');
      throw new Error(`${(error as Error).message}\n${output.slice(-30).join('\n')}`);
    }
  };

  const halt = async (): Promise<void> => {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    current.kill('SIGTERM');
    const timer = setTimeout(() => current.kill('SIGKILL'), 1000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await launch();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `ws://127.0.0.1:${port}`,
    httpUrl,
    port,
    apiKey,
    apiSecret,
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await halt();
      await launch();
    },
  };
}
