/**
 * Runs a real `livekit-server` (installed by `scripts/install-tools.sh` to `.tools/bin/`) in dev
 * mode on loopback, for tests and `npm start`.
 * @packageDocumentation
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Path of the `livekit-server` binary: env TELEECHO_LIVEKIT_BIN, else `<repo>/.tools/bin/livekit-server`. */
export function liveKitBinary(): string {
  return process.env.TELEECHO_LIVEKIT_BIN ?? join(REPO_ROOT, '.tools', 'bin', 'livekit-server');
}

/** Why LiveKit cannot run here, or undefined when the binary is present and executable. */
export function liveKitProblem(): string | undefined {
  const binary = liveKitBinary();
  try {
    accessSync(binary, constants.X_OK);
    return undefined;
  } catch {
    return `${binary} is missing (run scripts/install-tools.sh)`;
  }
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
