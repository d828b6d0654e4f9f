// A route that does not answer within `handlerTimeoutMs` gets 503 problem+json `handler_timeout` (issue 13: "request
// and connection timeouts set", "every error is problem+json"), and the hub goes on answering everything else.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createEmbedToken } from '@teleecho/sdk/server';
import { createHub, type Hub } from '../index.js';
import { createApiKey } from '../keys.js';
import { seedDemo } from '../seed.js';
import { createLiveTestSession, hubFetch, until } from '@teleecho/test-kit';

// Long enough for every quick route on a busy machine; the route under test never answers on its own.
const HANDLER_TIMEOUT_MS = 2000;

/** A LiveKit that accepts connections and reads requests but never answers (an upstream that hangs). */
async function hangingLiveKit(): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let requests = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => {
      if (/^(GET|POST) /.test(chunk.toString('latin1'))) requests += 1;
    });
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    requests: () => requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('handler timeout: a route that takes too long', () => {
  let livekit: Awaited<ReturnType<typeof hangingLiveKit>>;
  let hub: Hub;
  let url: string;
  let dataDir: string;
  let facilitator: string;
  let sessionId: string;

  before(async () => {
    livekit = await hangingLiveKit();
    dataDir = mkdtempSync(join(tmpdir(), 'teleecho-handler-timeout-'));
    hub = await createHub({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      logger: false,
      handlerTimeoutMs: HANDLER_TIMEOUT_MS,
      livekit: { url: livekit.url, apiKey: 'devkey', apiSecret: 'secret' },
    });
    url = await hub.listen();
    const { apiKey } = await createApiKey(hub.storage, ['*']);
    const demo = await seedDemo(hub.storage);
    sessionId = await createLiveTestSession({ url, apiKey, demo });
    facilitator = await createEmbedToken({
      apiKey,
      user: { id: 'dr-fac', name: 'Dr. Facilitator' },
      role: 'facilitator',
      programId: demo.programId,
    });
  });
  after(async () => {
    await livekit?.close(); // the hanging call fails at once, so the hub has nothing left in flight
    await hub?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('muting someone while LiveKit’s room API hangs: 503 problem+json handler_timeout, Retry-After', async () => {
    const started = Date.now();
    const r = await hubFetch(url, 'POST', `/v1/sessions/${sessionId}/moderation`, {
      token: facilitator,
      body: { action: 'mute', identity: 'spoke-1' },
    });
    assert.equal(r.status, 503, JSON.stringify(r.body));
    assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal(r.body.code, 'handler_timeout');
    assert.equal(r.body.status, 503);
    assert.equal(typeof r.body.detail, 'string');
    assert.equal(r.headers.get('retry-after'), '1');
    assert.ok(Date.now() - started >= HANDLER_TIMEOUT_MS, 'answered at the timeout, not before');
    await until('the hub had asked LiveKit (which never answers)', async () => livekit.requests() > 0, 5_000);
  });

  test('the hub keeps answering: /healthz and a quick authenticated route are unaffected', async () => {
    const health = await hubFetch(url, 'GET', '/healthz');
    assert.equal(health.status, 200);
    const session = await hubFetch(url, 'GET', `/v1/sessions/${sessionId}`, { token: facilitator });
    assert.equal(session.status, 200, JSON.stringify(session.body));
    assert.equal(session.body.id, sessionId);
  });
});
