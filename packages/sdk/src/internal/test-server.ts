/**
 * A tiny real HTTP server for the SDK's own tests of transport behaviour (retries, timeouts,
 * error mapping, SSE reconnects) that a correct hub never shows on purpose. Not a mock of the
 * hub's API: the hub-backed tests use `@teleecho/test-kit`. Test-only; not exported.
 * @internal
 */
import { createServer, request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request the server saw. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A running test server. */
export interface TestServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 with a random port; `handle` answers each request. */
export async function startTestServer(
  handle: (req: SeenRequest, res: ServerResponse, index: number) => void | Promise<void>,
): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      void Promise.resolve(handle(seen, res, requests.length - 1)).catch((error: unknown) => {
        res.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends a JSON (or problem+json, for status ≥ 400) answer. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

/** A problem+json body. */
export function problem(status: number, code: string, title = code): Record<string, unknown> {
  return { type: `https://teleecho.dev/problems/${code}`, title, status, code };
}

/** Writes SSE headers and the given events (`[id, data]`), then leaves the stream open. */
export function openEventStream(res: ServerResponse, events: [string, Record<string, unknown>][] = []): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
  res.write('retry: 50\n: hello\n\n');
  for (const [id, data] of events) writeEvent(res, id, data);
}

/** Writes one SSE event in the hub's format. */
export function writeEvent(res: ServerResponse, id: string, data: Record<string, unknown>): void {
  res.write(`id: ${id}\nevent: ${String(data.type ?? 'case.updated')}\ndata: ${JSON.stringify({ id, ...data })}\n\n`);
}

/** Polls `predicate` until it holds; rejects with `message` after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, message: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting: ${message}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** What a {@link startGateway} does with one request. */
export type GatewayAction =
  | 'forward'
  /** Forward to the hub, wait for its answer, then tell the client 503 (a gateway that lost the answer). */
  | 'forward-then-503'
  /** Forward to the hub, wait for its answer, then drop the client's connection without a reply. */
  | 'forward-then-drop'
  /** Answer 503 without forwarding. */
  | '503';

/** A real HTTP reverse proxy in front of a hub that can fail on purpose. */
export interface Gateway extends TestServer {
  /** Drops every open connection (SSE streams included) and answers 503 until {@link Gateway.restore}. */
  cut(): void;
  /** Forwards again. */
  restore(): void;
}

/**
 * Starts a reverse proxy to `target` (streaming, so SSE passes through). `decide` picks what to do
 * with each request (default: forward).
 */
export async function startGateway(
  target: string,
  decide: (req: IncomingMessage, index: number) => GatewayAction = () => 'forward',
): Promise<Gateway> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  let down = false;
  const server = createServer((req, res) => {
    const index = requests.length;
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: '' });
    const action = down ? '503' : decide(req, index);
    if (action === '503') {
      req.resume();
      sendJson(res, 503, problem(503, 'service_unavailable', 'Gateway says no'));
      return;
    }
    const upstream = new URL(req.url ?? '/', target);
    const proxied = request(
      upstream,
      { method: req.method, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        if (action === 'forward') {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        answer.resume();
        answer.on('end', () => {
          if (action === 'forward-then-drop') res.socket?.destroy();
          else sendJson(res, 503, problem(503, 'service_unavailable', 'Gateway lost the answer'));
        });
      },
    );
    proxied.on('error', () => res.socket?.destroy());
    res.on('close', () => proxied.destroy());
    req.pipe(proxied);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    cut: () => {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    restore: () => {
      down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
