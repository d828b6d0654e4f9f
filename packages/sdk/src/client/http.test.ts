import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { createEchoClient } from './echo-client.js';
import {
  AuthError,
  EchoError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  PhiRejectedError,
  ServerError,
  ValidationError,
} from '../errors.js';
import { backoffDelay, parseRetryAfter } from '../internal/backoff.js';
import { problem, sendJson, startTestServer, waitFor } from '../internal/test-server.js';
import type { TestServer } from '../internal/test-server.js';

const fast = { backoffBaseMs: 5, backoffMaxMs: 20 };
const servers: TestServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});
async function server(...args: Parameters<typeof startTestServer>): Promise<TestServer> {
  const s = await startTestServer(...args);
  servers.push(s);
  return s;
}

async function jwt(ttlSeconds: number, sub = 'u1'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ name: 'Test', role: 'presenter', prg: 'prg_1' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(new Uint8Array(32));
}

describe('error mapping (problem+json → EchoError subclass)', () => {
  const cases: [number, string | undefined, typeof EchoError, string][] = [
    [401, 'token_expired', AuthError, 'token_expired'],
    [401, undefined, AuthError, 'unauthorized'],
    [403, 'forbidden', ForbiddenError, 'forbidden'],
    [404, 'not_found', NotFoundError, 'not_found'],
    [400, 'validation_failed', ValidationError, 'validation_failed'],
    [409, 'invalid_transition', ValidationError, 'invalid_transition'],
    [413, undefined, ValidationError, 'payload_too_large'],
    [415, undefined, ValidationError, 'unsupported_media_type'],
    [422, 'phi_detected', PhiRejectedError, 'phi_detected'],
    [422, 'phi_rejected', PhiRejectedError, 'phi_rejected'],
    [400, 'phi_rejected', PhiRejectedError, 'phi_rejected'],
    [500, undefined, ServerError, 'server_error'],
    [501, 'not_implemented', ServerError, 'not_implemented'],
  ];
  for (const [status, code, Class, expected] of cases) {
    test(`${status} ${code ?? '(no code)'} → ${Class.name} ${expected}`, async () => {
      const s = await server((_req, res) => {
        const body = code ? problem(status, code, 'Nope') : { title: 'Nope', status };
        sendJson(res, status, { ...body, detail: 'because', errors: [{ path: '/x', message: 'bad' }] });
      });
      const client = createEchoClient({ hubUrl: s.url, token: 't', retries: 0 });
      const error = await client.programs.get('p1').then(
        () => assert.fail('should reject'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof Class, `expected ${Class.name}, got ${String(error)}`);
      assert.ok(error instanceof EchoError);
      assert.equal(error.code, expected);
      assert.equal(error.status, status);
      assert.equal(error.problem?.detail, 'because');
      assert.deepEqual(error.problem?.errors, [{ path: '/x', message: 'bad' }]);
      assert.match(error.message, /Nope: because/);
    });
  }

  test('PhiRejectedError is also a ValidationError', () => {
    assert.ok(new PhiRejectedError('phi_rejected', 'x') instanceof ValidationError);
  });

  test('a non-JSON error page (proxy 502) still maps by status', async () => {
    const s = await server((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<h1>Bad gateway</h1>');
    });
    const client = createEchoClient({ hubUrl: s.url, retries: 0 });
    await assert.rejects(client.programs.list(), (e: unknown) => e instanceof ServerError && e.code === 'server_error');
  });

  test('an unreachable hub → NetworkError network_error', async () => {
    const s = await server(() => {});
    await s.close();
    const client = createEchoClient({ hubUrl: s.url, retries: 1, ...fast });
    await assert.rejects(
      client.programs.list(),
      (e: unknown) => e instanceof NetworkError && e.code === 'network_error',
    );
  });

  test('no answer within timeoutMs → NetworkError timeout', async () => {
    const s = await server(() => {
      /* never answers */
    });
    const client = createEchoClient({ hubUrl: s.url, timeoutMs: 100, retries: 0 });
    await assert.rejects(client.programs.list(), (e: unknown) => e instanceof NetworkError && e.code === 'timeout');
  });

  test('an aborted call rejects with code aborted and is not retried', async () => {
    const s = await server(() => {});
    const client = createEchoClient({ hubUrl: s.url, retries: 3, ...fast });
    const controller = new AbortController();
    const pending = client.programs.list({}, { signal: controller.signal });
    await waitFor(() => s.requests.length === 1, 'the request to arrive');
    controller.abort();
    await assert.rejects(pending, (e: unknown) => e instanceof EchoError && e.code === 'aborted');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(s.requests.length, 1);
  });
});

describe('retries', () => {
  test('GET is retried on 503 and then succeeds', async () => {
    const s = await server((_req, res, i) => {
      if (i < 2) sendJson(res, 503, problem(503, 'unavailable'));
      else sendJson(res, 200, { items: [{ id: 'p1' }] });
    });
    const client = createEchoClient({ hubUrl: s.url, token: 't', ...fast });
    const page = await client.programs.list();
    assert.deepEqual(page.items, [{ id: 'p1' }]);
    assert.equal(s.requests.length, 3);
  });

  test('gives up after `retries` retries with the last error', async () => {
    const s = await server((_req, res) => sendJson(res, 504, problem(504, 'gateway_timeout')));
    const client = createEchoClient({ hubUrl: s.url, retries: 2, ...fast });
    await assert.rejects(
      client.programs.list(),
      (e: unknown) => e instanceof ServerError && (e.code as string) === 'gateway_timeout',
    );
    assert.equal(s.requests.length, 3);
  });

  test('POST retries reuse one Idempotency-Key; separate calls get separate keys', async () => {
    const s = await server((req, res, i) => {
      if (i === 0) {
        // Drop the connection without an answer: the client cannot know whether it landed.
        res.socket?.destroy();
        return;
      }
      if (i === 1) sendJson(res, 429, problem(429, 'rate_limited'), { 'retry-after': '0' });
      else sendJson(res, 201, { id: 'c1', body: JSON.parse(req.body) as unknown });
    });
    const client = createEchoClient({ hubUrl: s.url, token: 't', ...fast });
    await client.programs.create({ name: 'A', specialty: 'hep' });
    const keys = s.requests.map((r) => r.headers['idempotency-key']);
    assert.equal(keys.length, 3);
    assert.match(String(keys[0]), /^[0-9a-f-]{36}$/);
    assert.equal(keys[1], keys[0]);
    assert.equal(keys[2], keys[0]);
    await client.programs.create({ name: 'B', specialty: 'hep' });
    assert.notEqual(s.requests[3]!.headers['idempotency-key'], keys[0]);
  });

  test('a caller-supplied Idempotency-Key is sent as is', async () => {
    const s = await server((_req, res) => sendJson(res, 201, { id: 'c1' }));
    const client = createEchoClient({ hubUrl: s.url, token: 't' });
    await client.cases.submit(
      {
        programId: 'p',
        templateId: 't',
        response: { resourceType: 'QuestionnaireResponse' },
        deidentification: { policy: 'safe-harbor', changes: [] },
      },
      { idempotencyKey: 'my-key-1' },
    );
    assert.equal(s.requests[0]!.headers['idempotency-key'], 'my-key-1');
  });

  test('PATCH is not retried (not idempotent)', async () => {
    const s = await server((_req, res) => sendJson(res, 503, problem(503, 'unavailable')));
    const client = createEchoClient({ hubUrl: s.url, token: 't', ...fast });
    await assert.rejects(client.cases.transition('c1', { status: 'accepted' }), ServerError);
    assert.equal(s.requests.length, 1);
    assert.equal(s.requests[0]!.headers['idempotency-key'], undefined);
  });

  test('a Retry-After longer than maxRetryAfterMs is not waited for', async () => {
    const s = await server((_req, res) => sendJson(res, 503, problem(503, 'maintenance'), { 'retry-after': '3600' }));
    const client = createEchoClient({ hubUrl: s.url, ...fast });
    await assert.rejects(
      client.programs.list(),
      (e: unknown) => e instanceof ServerError && (e.code as string) === 'maintenance',
    );
    assert.equal(s.requests.length, 1);
  });

  test('a 503 livekit_not_configured is not retried: only the hub’s operator can fix it', async () => {
    const s = await server((_req, res) =>
      sendJson(res, 503, problem(503, 'livekit_not_configured'), { 'retry-after': '1' }),
    );
    const client = createEchoClient({ hubUrl: s.url, token: 't', ...fast });
    await assert.rejects(
      client.sessions.join('ses_1'),
      (e: unknown) => e instanceof ServerError && e.code === 'livekit_not_configured',
    );
    assert.equal(s.requests.length, 1);
  });

  test('backoff doubles up to the maximum, with jitter in [d/2, d]', () => {
    const policy = { baseMs: 250, factor: 2, maxMs: 5000 };
    assert.equal(
      backoffDelay(0, policy, () => 1),
      250,
    );
    assert.equal(
      backoffDelay(0, policy, () => 0),
      125,
    );
    assert.equal(
      backoffDelay(3, policy, () => 1),
      2000,
    );
    assert.equal(
      backoffDelay(10, policy, () => 1),
      5000,
    );
    assert.equal(parseRetryAfter('2'), 2000);
    assert.equal(parseRetryAfter(new Date(Date.now() + 60_000).toUTCString())! > 55_000, true);
    assert.equal(parseRetryAfter('soon'), undefined);
  });
});

describe('requests', () => {
  test('joins a hub URL with a path prefix, encodes ids and drops undefined query values', async () => {
    const s = await server((_req, res) => sendJson(res, 200, { items: [] }));
    const client = createEchoClient({ hubUrl: `${s.url}/hub/`, token: 'tok' });
    assert.equal(client.hubUrl, `${s.url}/hub`);
    await client.sessions.list('prg/1', { status: 'scheduled', from: undefined, limit: 5 });
    assert.equal(s.requests[0]!.url, '/hub/v1/programs/prg%2F1/sessions?status=scheduled&limit=5');
    assert.equal(s.requests[0]!.headers.authorization, 'Bearer tok');
  });

  test('health() sends no token and does not call getToken', async () => {
    const s = await server((_req, res) => sendJson(res, 200, { status: 'ok', storage: 'sqlite', version: '0.1.0' }));
    let calls = 0;
    const client = createEchoClient({ hubUrl: s.url, getToken: () => `t${++calls}` });
    assert.deepEqual(await client.health(), { status: 'ok', storage: 'sqlite', version: '0.1.0' });
    assert.equal(calls, 0);
    assert.equal(s.requests[0]!.headers.authorization, undefined);
  });

  test('uses an injected fetch, called as a plain function', async () => {
    const s = await server((_req, res) => sendJson(res, 200, { id: 'p1' }));
    const seen: string[] = [];
    const client = createEchoClient({
      hubUrl: s.url,
      fetch: function (this: unknown, input, init) {
        assert.equal(this, undefined, 'not called as a method (window.fetch would throw Illegal invocation)');
        seen.push(`${init.method} ${input}`);
        return fetch(input, init);
      },
    });
    await client.programs.get('p1');
    assert.deepEqual(seen, [`GET ${s.url}/v1/programs/p1`]);
  });

  test('rejects a hubUrl that is not an http(s) URL', () => {
    assert.throws(
      () => createEchoClient({ hubUrl: 'hub.example.org' }),
      (e: unknown) => e instanceof EchoError && e.code === 'invalid_options',
    );
    assert.throws(
      () => createEchoClient({ hubUrl: 'ftp://x' }),
      (e: unknown) => e instanceof EchoError && e.code === 'invalid_options',
    );
  });
});

describe('tokens', () => {
  test('getToken is called lazily, once for concurrent requests, and again near expiry', async () => {
    const s = await server((_req, res) => sendJson(res, 200, { items: [] }));
    const issued: string[] = [];
    const client = createEchoClient({
      hubUrl: s.url,
      getToken: async () => {
        await new Promise((r) => setTimeout(r, 20));
        const t = await jwt(issued.length === 0 ? 1 : 3600, `u${issued.length}`);
        issued.push(t);
        return t;
      },
    });
    assert.equal(client.getClaims(), undefined);
    await Promise.all([client.programs.list(), client.programs.list(), client.programs.list()]);
    assert.equal(issued.length, 1);
    assert.equal(client.getClaims()?.sub, 'u0');
    await new Promise((r) => setTimeout(r, 1100)); // the first token (1 s) has now expired
    await client.programs.list();
    assert.equal(issued.length, 2);
    assert.equal(s.requests.at(-1)!.headers.authorization, `Bearer ${issued[1]}`);
    assert.equal(client.getClaims()?.sub, 'u1');
    assert.equal(client.getClaims()?.role, 'presenter');
  });

  test('getClaims() decodes UTF-8 names and ignores tokens that are not JWTs', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ name: 'Dra. Lúcia Ñúñez 李', role: 'specialist', prg: 'p' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setExpirationTime(now + 60)
      .sign(new Uint8Array(32));
    assert.equal(createEchoClient({ hubUrl: 'http://h', token }).getClaims()?.name, 'Dra. Lúcia Ñúñez 李');
    assert.equal(createEchoClient({ hubUrl: 'http://h', token: 'teleecho_sk_abc.def' }).getClaims(), undefined);
  });

  test('a 401 token_expired calls getToken once more and repeats the request', async () => {
    const s = await server((req, res) => {
      if (req.headers.authorization === 'Bearer old') sendJson(res, 401, problem(401, 'token_expired'));
      else sendJson(res, 200, { id: 'p1' });
    });
    let calls = 0;
    const client = createEchoClient({ hubUrl: s.url, token: 'old', getToken: () => (++calls, 'new') });
    assert.deepEqual(await client.programs.get('p1'), { id: 'p1' });
    assert.equal(calls, 1);
    assert.deepEqual(
      s.requests.map((r) => r.headers.authorization),
      ['Bearer old', 'Bearer new'],
    );
  });

  test('a 401 that persists after one refresh surfaces as AuthError', async () => {
    const s = await server((_req, res) => sendJson(res, 401, problem(401, 'token_expired')));
    let calls = 0;
    const client = createEchoClient({ hubUrl: s.url, getToken: () => `t${++calls}` });
    await assert.rejects(
      client.programs.get('p1'),
      (e: unknown) => e instanceof AuthError && e.code === 'token_expired',
    );
    assert.equal(calls, 2);
    assert.equal(s.requests.length, 2);
  });

  test('getToken failing → AuthError token_unavailable', async () => {
    const client = createEchoClient({
      hubUrl: 'http://127.0.0.1:9',
      getToken: () => Promise.reject(new Error('backend down')),
    });
    await assert.rejects(
      client.programs.list(),
      (e: unknown) => e instanceof AuthError && e.code === 'token_unavailable',
    );
  });
});
