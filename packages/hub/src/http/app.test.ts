import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  advanceTestCase,
  hubFetch,
  openEventStream,
  sampleReport,
  sampleResponse,
  startTestHub,
  storageTiers,
  submitTestCase,
  testRecommendation,
  until,
  type TestHub,
} from '@teleecho/test-kit';

/** A small deterministic PRNG so a failing fuzz case can be reproduced from its seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomJson(rand: () => number, depth = 0): unknown {
  const pick = Math.floor(rand() * (depth > 2 ? 6 : 8));
  const strings = [
    '',
    'x',
    'submitted',
    'issued',
    '2030-01-01T00:00:00Z',
    'FREQ=WEEKLY',
    'prg_x',
    '\u0000',
    'é'.repeat(300),
  ];
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rand() > 0.5;
    case 2:
      return Math.floor(rand() * 2e6) - 1e6;
    case 3:
      return rand() * 1e12;
    case 4:
    case 5:
      return strings[Math.floor(rand() * strings.length)];
    case 6:
      return Array.from({ length: Math.floor(rand() * 4) }, () => randomJson(rand, depth + 1));
    default: {
      const keys = [
        'status',
        'body',
        'title',
        'programId',
        'templateId',
        'response',
        'resourceType',
        'item',
        'user',
        'role',
        'name',
        'specialty',
        'startsAt',
        'durationMinutes',
        'recurrence',
        'questionnaire',
        'sessionId',
        'reason',
        'followUp',
        'category',
        'reply',
        'deidentification',
        'policy',
        'changes',
        '__proto__',
        'constructor',
      ];
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(rand() * 5); i > 0; i -= 1)
        out[keys[Math.floor(rand() * keys.length)]!] = randomJson(rand, depth + 1);
      return out;
    }
  }
}

for (const { tier, skip } of await storageTiers()) {
  describe(`validation, CORS, OpenAPI, logs [${tier}]`, { skip }, () => {
    let hub: TestHub;
    const logs: string[] = [];
    before(async () => {
      hub = await startTestHub({ storage: tier, bodyLimit: 64 * 1024, logger: (line) => logs.push(line) });
    });
    after(() => hub?.close());

    test('malformed JSON → 400 invalid_json; wrong content type → 415; oversized → 413', async () => {
      const token = await hub.mint({ role: 'presenter' });
      const bad = await hubFetch(hub.url, 'POST', '/v1/cases', { token, raw: '{"programId": ' });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.code, 'invalid_json');
      const text = await hubFetch(hub.url, 'POST', '/v1/cases', { token, raw: 'hello', contentType: 'text/plain' });
      assert.equal(text.status, 415);
      assert.match(text.headers.get('content-type') ?? '', /problem\+json/);
      const big = await hubFetch(hub.url, 'POST', '/v1/cases', {
        token,
        body: {
          programId: 'x',
          templateId: 'y',
          response: { resourceType: 'QuestionnaireResponse', pad: 'x'.repeat(70_000) },
        },
      });
      assert.equal(big.status, 413);
      assert.equal(big.body.code, 'payload_too_large');
    });

    test('wrong types and unknown fields → 400 naming the field; no coercion of bodies', async () => {
      const coordinator = await hub.mint({ role: 'coordinator' });
      const unknown = await hubFetch(hub.url, 'POST', `/v1/programs/${hub.demo.programId}/sessions`, {
        token: coordinator,
        body: { title: 'T', topic: 'T', startsAt: '2030-01-01T00:00:00Z', durationMinutes: 60, colour: 'red' },
      });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.code, 'validation_failed');
      assert.deepEqual(unknown.body.errors, [{ path: '/colour', message: 'unknown field' }]);
      const wrong = await hubFetch(hub.url, 'POST', `/v1/programs/${hub.demo.programId}/sessions`, {
        token: coordinator,
        body: { title: 'T', topic: 'T', startsAt: '2030-01-01T00:00:00Z', durationMinutes: '60' },
      });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.errors[0].path, '/durationMinutes');
      for (const key of ['type', 'title', 'status', 'code', 'detail']) assert.ok(key in wrong.body, key);
    });

    test('unknown routes → 404 problem not_found', async () => {
      const token = await hub.mint({ role: 'coordinator' });
      for (const [method, path] of [
        ['GET', '/nothing-here'],
        ['POST', '/v1/nothing-here'],
      ] as const) {
        const r = await hubFetch(hub.url, method, path, { token, ...(method === 'POST' && { body: {} }) });
        assert.equal(r.status, 404, `${method} ${path}`);
        assert.equal(r.body.code, 'not_found');
      }
    });

    test('fuzz: random bodies and queries to every route never produce a 500', async () => {
      const c = await submitTestCase(hub);
      await advanceTestCase(hub, c.id, 'presented');
      const rec = await testRecommendation(hub, c.id, { issue: true });
      const p = hub.demo.programId;
      const routes: [string, string][] = [
        ['POST', '/v1/embed-tokens'],
        ['POST', '/v1/programs'],
        ['PATCH', `/v1/programs/${p}`],
        ['POST', `/v1/programs/${p}/sessions`],
        ['PATCH', `/v1/sessions/${hub.demo.sessionIds[1]}`],
        ['POST', `/v1/programs/${p}/case-templates`],
        ['PUT', `/v1/programs/${p}/case-templates/${hub.demo.templateId}`],
        ['POST', '/v1/cases'],
        ['PATCH', `/v1/cases/${c.id}`],
        ['POST', `/v1/cases/${c.id}/recommendations`],
        ['PATCH', `/v1/recommendations/${rec.id}`],
        ['POST', `/v1/recommendations/${rec.id}/acknowledge`],
      ];
      const tokens = [
        hub.apiKey,
        await hub.mint({ role: 'coordinator' }),
        await hub.mint({ role: 'specialist' }),
        await hub.mint({ role: 'presenter' }),
      ];
      const seed = Number.parseInt(randomBytes(4).toString('hex'), 16);
      const rand = prng(seed);
      for (let i = 0; i < 240; i += 1) {
        const [method, path] = routes[i % routes.length]!;
        const body = randomJson(rand);
        const token = tokens[Math.floor(rand() * tokens.length)];
        const r = await hubFetch(hub.url, method, path, { token, raw: JSON.stringify(body) ?? 'null' });
        assert.ok(r.status < 500, `seed ${seed} #${i}: ${method} ${path} ${JSON.stringify(body)} → ${r.status}`);
        assert.ok(r.status >= 400 || typeof r.body === 'object', 'JSON answer');
      }
      for (const query of ['limit=abc', 'limit=0', 'cursor=', 'status=nope', 'from=yesterday', 'limit=1&limit=2']) {
        for (const path of ['/v1/cases', `/v1/programs/${p}/sessions`, '/v1/programs']) {
          const r = await hubFetch(hub.url, 'GET', `${path}?${query}`, { token: tokens[1] });
          assert.ok(r.status < 500, `${path}?${query} → ${r.status}`);
        }
      }
      const malformedPaths = ['/v1/cases/%E0%A4%A', `/v1/cases/${'x'.repeat(500)}`, '/v1/recommendations/%00'];
      for (const path of malformedPaths) {
        const r = await hubFetch(hub.url, 'GET', path, { token: tokens[1] });
        assert.ok(r.status < 500, `${path} → ${r.status}`);
      }
    });

    test('CORS preflight from another origin is answered, without credentials', async () => {
      const r = await fetch(`${hub.url}/v1/cases`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://ehr.example.org',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,idempotency-key',
        },
      });
      assert.equal(r.status, 204);
      assert.equal(r.headers.get('access-control-allow-origin'), 'https://ehr.example.org');
      assert.match(r.headers.get('access-control-allow-headers') ?? '', /authorization/i);
      assert.equal(r.headers.get('access-control-allow-credentials'), null);
      const token = await hub.mint({ role: 'presenter' });
      const get = await hubFetch(hub.url, 'GET', '/v1/cases', {
        token,
        headers: { origin: 'https://ehr.example.org' },
      });
      assert.equal(get.headers.get('access-control-allow-origin'), 'https://ehr.example.org');
      const stream = await openEventStream(hub.url, token, { origin: 'https://ehr.example.org' });
      stream.close();
      assert.equal(stream.status, 200);
    });

    test('OpenAPI 3.1 document lists the routes', async () => {
      const r = await hubFetch(hub.url, 'GET', '/v1/openapi.json');
      assert.equal(r.status, 200);
      assert.equal(r.body.openapi, '3.1.0');
      assert.equal(typeof r.body.info.title, 'string');
      for (const path of [
        '/healthz',
        '/v1/embed-tokens',
        '/v1/programs',
        '/v1/programs/{id}',
        '/v1/programs/{id}/sessions',
        '/v1/sessions/{id}',
        '/v1/programs/{id}/case-templates',
        '/v1/programs/{id}/case-templates/{templateId}',
        '/v1/cases',
        '/v1/cases/{id}',
        '/v1/cases/{id}/recommendations',
        '/v1/recommendations/{id}',
        '/v1/recommendations/{id}/acknowledge',
        '/v1/events',
      ]) {
        assert.ok(r.body.paths[path], `missing ${path}`);
      }
      const post = r.body.paths['/v1/cases'].post;
      assert.equal(post.requestBody.content['application/json'].schema.additionalProperties, false);
      assert.ok(r.body.components.securitySchemes.bearerAuth);
    });

    test('request logs: one JSON line per request, no tokens, no query strings, no bodies', async () => {
      const token = await hub.mint({ role: 'presenter' });
      logs.length = 0;
      await hubFetch(hub.url, 'GET', `/v1/cases?limit=5&token=${token}`, { token });
      await hubFetch(hub.url, 'POST', '/v1/cases', {
        token,
        body: {
          programId: hub.demo.programId,
          templateId: hub.demo.templateId,
          response: sampleResponse({ history: 'SECRET-BODY-TEXT' }),
          deidentification: sampleReport(),
        },
      });
      await hubFetch(hub.url, 'GET', '/v1/programs', { token: hub.apiKey });
      // the last line names the last request (lines are written once the response is sent)
      await until('the three log lines', async () => logs.some((line) => line.includes('/v1/programs')), 5000);
      assert.equal(logs.length, 3);
      const secret = hub.apiKey.split('.')[1]!;
      for (const line of logs) {
        const entry = JSON.parse(line);
        assert.ok(entry.method && entry.url && entry.status, line);
        assert.ok(!line.includes(token.split('.')[2]!), 'token signature in a log line');
        assert.ok(!line.includes(token.split('.')[1]!), 'token payload in a log line');
        assert.ok(!line.includes(secret), 'API key secret in a log line');
        assert.ok(!line.includes('SECRET-BODY-TEXT'), 'body in a log line');
        assert.ok(!line.includes('?'), 'query string in a log line');
      }
    });
  });
}

describe('CORS per API key', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub({ apiKeyOrigins: ['https://ehr.example.org'] });
  });
  after(() => hub?.close());

  test('an origin the key does not allow gets no CORS answer and no access', async () => {
    const preflight = await fetch(`${hub.url}/v1/cases`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    const allowed = await fetch(`${hub.url}/v1/cases`, {
      method: 'OPTIONS',
      headers: { origin: 'https://ehr.example.org', 'access-control-request-method': 'POST' },
    });
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://ehr.example.org');
    const token = await hub.mint({ role: 'presenter' });
    const denied = await hubFetch(hub.url, 'GET', '/v1/cases', { token, headers: { origin: 'https://evil.example' } });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.code, 'origin_not_allowed');
    const ok = await hubFetch(hub.url, 'GET', '/v1/cases', { token, headers: { origin: 'https://ehr.example.org' } });
    assert.equal(ok.status, 200);
  });
});
