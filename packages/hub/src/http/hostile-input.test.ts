// Issue 13, findings 2–8: the hub answers hostile input with a clear 4xx problem+json, never a 5xx or a stall.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEmbedToken } from '@teleecho/sdk/server';
import { SignJWT } from 'jose';
import { runCli } from '../cli.js';
import { createHub, type Hub, type HubOptions } from '../index.js';
import { createApiKey } from '../keys.js';
import { seedDemo, type DemoData } from '../seed.js';
import {
  createLiveTestSession,
  hubFetch,
  sampleReport,
  sampleResponse,
  signWebhook,
  startTestHub,
  storageTiers,
  type TestHub,
} from '@teleecho/test-kit';
import { rawRequest, rawSocket, type RawResponse } from '@teleecho/test-kit/raw-http';

const LIVEKIT = { url: 'ws://127.0.0.1:7880', apiKey: 'devkey', apiSecret: 'secret' };

/** Asserts a problem+json answer with this status and code. */
function assertProblem(r: Pick<RawResponse, 'status' | 'headers' | 'json'>, status: number, code: string, what = '') {
  const type = String(r.headers['content-type'] ?? '');
  assert.equal(r.status, status, `${what} status (body ${JSON.stringify(r.json)})`);
  assert.match(type, /^application\/problem\+json/, `${what} content type`);
  assert.equal(r.json?.code, code, `${what} code`);
  assert.equal(r.json?.status, status, `${what} body status`);
  assert.equal(typeof r.json?.detail, 'string', `${what} detail`);
}

const JSON_TYPE = { 'content-type': 'application/json' };

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

async function registerPlatform(hub: { databaseUrl?: string | undefined; dataDir: string }, programId: string) {
  const location = hub.databaseUrl ? ['--database-url', hub.databaseUrl] : ['--data', hub.dataDir];
  const lines: string[] = [];
  const code = await runCli(
    [
      'lti',
      'add-platform',
      '--issuer',
      'https://moodle.example',
      '--client-id',
      'client-1',
      '--auth-url',
      'https://moodle.example/mod/lti/auth.php',
      '--token-url',
      'https://moodle.example/mod/lti/token.php',
      '--jwks-url',
      'https://moodle.example/mod/lti/certs.php',
      '--deployment-id',
      '1',
      '--name',
      'Moodle',
      '--program',
      programId,
      ...location,
    ],
    (line) => lines.push(line),
    (line) => lines.push(line),
  );
  assert.equal(code, 0, lines.join('\n'));
}

for (const { tier, skip } of await storageTiers()) {
  describe(`hostile input at the HTTP edge [${tier}]`, { skip }, () => {
    let hub: TestHub;
    let coordinator: string;
    let presenter: string;
    before(async () => {
      hub = await startTestHub({ storage: tier, livekit: LIVEKIT });
      coordinator = await hub.mint({ role: 'coordinator' });
      presenter = await hub.mint({ role: 'presenter' });
    });
    after(() => hub?.close());

    test('finding 2: HEAD /v1/events answers (headers, no stream); HEAD or an unknown method elsewhere is 405 with Allow', async () => {
      const head = await rawRequest(hub.url, {
        method: 'HEAD',
        path: '/v1/events',
        headers: { authorization: `Bearer ${presenter}` },
        deadlineMs: 5000,
      });
      assert.equal(head.status, 200);
      assert.match(String(head.headers['content-type']), /^text\/event-stream/);
      assert.equal(head.text, '');
      const unauthenticated = await rawRequest(hub.url, { method: 'HEAD', path: '/v1/events', deadlineMs: 5000 });
      assert.equal(unauthenticated.status, 401);
      assert.match(String(unauthenticated.headers['content-type']), /^application\/problem\+json/);

      const postOnly = await rawRequest(hub.url, { method: 'HEAD', path: '/v1/embed-tokens', deadlineMs: 5000 });
      assert.equal(postOnly.status, 405);
      assert.match(String(postOnly.headers['content-type']), /^application\/problem\+json/);
      assert.equal(postOnly.headers.allow, 'POST');
      const wrongMethod = await rawRequest(hub.url, {
        method: 'DELETE',
        path: `/v1/cases/case_x`,
        headers: { authorization: `Bearer ${coordinator}` },
      });
      assertProblem(wrongMethod, 405, 'method_not_allowed', 'DELETE /v1/cases/:id');
      assert.equal(wrongMethod.headers.allow, 'GET, HEAD, PATCH');
      const unknown = await rawRequest(hub.url, { method: 'HEAD', path: '/v1/nothing-here', deadlineMs: 5000 });
      assert.equal(unknown.status, 404);
    });

    test('finding 3: 10,000 levels of nested JSON → 400 json_too_deep on every JSON route', async () => {
      const p = hub.demo.programId;
      const fhir = (type: string, deep: string) => `{"resourceType":"${type}","item":[{"linkId":"a","x":${deep}}]}`;
      const caseBody = (deep: string) =>
        `{"programId":"${p}","templateId":"${hub.demo.templateId}","response":${fhir('QuestionnaireResponse', deep)},` +
        `"deidentification":{"policy":"safe-harbor","changes":[]}}`;
      const templateBody = (deep: string) => `{"title":"Deep","questionnaire":${fhir('Questionnaire', deep)}}`;
      for (const [method, path, wrap, token] of [
        ['POST', '/v1/cases', caseBody, presenter],
        ['POST', `/v1/programs/${p}/case-templates`, templateBody, coordinator],
        ['PUT', `/v1/programs/${p}/case-templates/${hub.demo.templateId}`, templateBody, coordinator],
        ['POST', '/v1/programs', (deep: string) => deep, coordinator],
      ] as const) {
        for (const deep of [nested(10_000), `${'['.repeat(10_000)}${']'.repeat(10_000)}`]) {
          const r = await rawRequest(hub.url, {
            method,
            path,
            headers: { authorization: `Bearer ${token}`, ...JSON_TYPE },
            body: wrap(deep),
          });
          assertProblem(r, 400, 'json_too_deep', `${method} ${path}`);
        }
      }
      // a realistic nesting (a Questionnaire's items inside items) still goes through
      const ok = await hubFetch(hub.url, 'POST', '/v1/cases', {
        token: presenter,
        body: {
          programId: p,
          templateId: hub.demo.templateId,
          response: sampleResponse(),
          deidentification: sampleReport(),
        },
      });
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
    });

    test('finding 4: a garbage Host → 400 invalid_host (calendar link, LTI login); a foreign Host never reaches a link', async () => {
      const p = hub.demo.programId;
      await registerPlatform(hub, p);
      const login = `/lti/login?iss=${encodeURIComponent('https://moodle.example')}&login_hint=u1&client_id=client-1&target_link_uri=${encodeURIComponent(`${hub.url}/lti/launch`)}`;
      for (const host of ['a b', 'x:99999', '[::1', 'exa mple.org:80', '%', 'host/with/slash', '@evil']) {
        const get = await rawRequest(hub.url, {
          path: `/v1/programs/${p}/calendar-link`,
          headers: { host, authorization: `Bearer ${coordinator}` },
        });
        assertProblem(get, 400, 'invalid_host', `GET calendar-link Host ${host}`);
        const post = await rawRequest(hub.url, {
          method: 'POST',
          path: `/v1/programs/${p}/calendar-link`,
          headers: { host, authorization: `Bearer ${coordinator}`, ...JSON_TYPE },
          body: '{}',
        });
        assertProblem(post, 400, 'invalid_host', `POST calendar-link Host ${host}`);
        const lti = await rawRequest(hub.url, { path: login, headers: { host, accept: 'application/json' } });
        assertProblem(lti, 400, 'invalid_host', `/lti/login Host ${host}`);
      }
      // a well-formed but foreign Host: the hub links to itself, not to the Host it was sent
      const link = await rawRequest(hub.url, {
        path: `/v1/programs/${p}/calendar-link`,
        headers: { host: 'evil.example', authorization: `Bearer ${coordinator}` },
      });
      assert.equal(link.status, 200, link.text);
      assert.ok(String(link.json.url).startsWith(`${hub.url}/v1/programs/`), link.json.url);
      const foreign = await rawRequest(hub.url, {
        path: login.replace(encodeURIComponent(hub.url), encodeURIComponent('http://evil.example')),
        headers: { host: 'evil.example', accept: 'application/json' },
      });
      assert.ok(foreign.status < 500, `${foreign.status} ${foreign.text}`);
      assert.doesNotMatch(String(foreign.headers.location ?? ''), /evil\.example/);
    });

    test('finding 5: a signed LiveKit webhook with out-of-range fields → 400, never 500', async () => {
      const sessionId = await createLiveTestSession(hub);
      const now = Math.floor(Date.now() / 1000);
      const base = {
        event: 'participant_joined',
        createdAt: String(now),
        room: { sid: 'RM_x', name: sessionId },
        participant: { sid: 'PA_x', identity: 'u1', name: 'U', joinedAt: String(now) },
      };
      const cases: [string, Record<string, unknown>][] = [
        ['joinedAtMs', { participant: { ...base.participant, joinedAtMs: '99999999999999999' } }],
        ['joinedAt', { participant: { ...base.participant, joinedAt: '9999999999999' } }],
        ['createdAt', { createdAt: '99999999999999' }],
        ['identity length', { participant: { ...base.participant, identity: 'x'.repeat(5000) } }],
        ['sid length', { participant: { ...base.participant, sid: 'P'.repeat(5000) } }],
        ['NUL in identity', { participant: { ...base.participant, identity: 'a\u0000b' } }],
        ['id length', { id: 'E'.repeat(5000) }],
      ];
      for (const [what, override] of cases) {
        const body = JSON.stringify({ id: `EV_${randomBytes(6).toString('hex')}`, ...base, ...override });
        const r = await rawRequest(hub.url, {
          method: 'POST',
          path: '/v1/livekit/webhook',
          headers: { 'content-type': 'application/webhook+json', authorization: await signWebhook(LIVEKIT, body) },
          body,
        });
        assert.equal(r.status, 400, `${what}: ${r.status} ${r.text}`);
        assert.match(String(r.headers['content-type']), /^application\/problem\+json/, what);
      }
      // the same webhook in range is applied
      const good = JSON.stringify({ id: `EV_${randomBytes(6).toString('hex')}`, ...base });
      const ok = await rawRequest(hub.url, {
        method: 'POST',
        path: '/v1/livekit/webhook',
        headers: { 'content-type': 'application/webhook+json', authorization: await signWebhook(LIVEKIT, good) },
        body: good,
      });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.applied, true);
    });

    test('finding 6: NUL and unpaired surrogates → 400 invalid_characters, before authentication', async () => {
      const p = hub.demo.programId;
      const expectBad = async (what: string, r: Promise<RawResponse>) =>
        assertProblem(await r, 400, 'invalid_characters', what);
      // path ids and query strings, without a token: the edge answers before authentication
      for (const path of [
        '/v1/cases/%00',
        `/v1/cases/abc%00def`,
        `/v1/programs/${p}%00/sessions`,
        `/v1/recommendations/%00/acknowledge`,
        `/v1/programs/${p}/calendar.ics?token=%00`,
        `/v1/cases?cursor=%00`,
        `/v1/events?programId=%00`,
        `/v1/certificates/%00`,
      ]) {
        await expectBad(`GET ${path}`, rawRequest(hub.url, { path }));
        await expectBad(
          `GET ${path} (with a token)`,
          rawRequest(hub.url, { path, headers: { authorization: `Bearer ${coordinator}` } }),
        );
      }
      // a bearer token whose claims hold NUL (forged: the signature is never checked)
      for (const claims of [{ iss: '\u0000' }, { iss: 'teleecho-hub', sub: 'a\u0000' }, { prg: '\ud800' }]) {
        const forged = await new SignJWT({ aud: 'teleecho-hub', role: 'presenter', prg: p, sub: 'x', ...claims })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(randomBytes(32));
        await expectBad(
          `token ${JSON.stringify(claims)}`,
          rawRequest(hub.url, { path: '/v1/cases', headers: { authorization: `Bearer ${forged}` } }),
        );
      }
      // any JSON string, escaped NUL or unpaired surrogate, keys included
      const submit = (body: string) =>
        rawRequest(hub.url, {
          method: 'POST',
          path: '/v1/cases',
          headers: { authorization: `Bearer ${presenter}`, ...JSON_TYPE },
          body,
        });
      const good = {
        programId: p,
        templateId: hub.demo.templateId,
        response: sampleResponse(),
        deidentification: sampleReport(),
      };
      await expectBad('title with NUL', submit(JSON.stringify({ ...good, title: 'a\u0000b' })));
      await expectBad(
        'answer with NUL',
        submit(JSON.stringify({ ...good, response: sampleResponse({ x: '\u0000' }) })),
      );
      await expectBad('lone high surrogate', submit(JSON.stringify({ ...good, title: 'a\ud800b' })));
      await expectBad('lone low surrogate', submit(JSON.stringify({ ...good, title: '\udc00' })));
      await expectBad(
        'key with NUL',
        submit(JSON.stringify({ ...good, response: { ...good.response, 'k\u0000': 1 } })),
      );
      // a well-formed pair (an emoji) is fine
      const emoji = await submit(JSON.stringify({ ...good, title: 'Case \ud83d\ude00' }));
      assert.equal(emoji.status, 201, emoji.text);
      // list cursors that decode to NUL
      const cursor = Buffer.from(JSON.stringify(['\u0000'])).toString('base64url');
      const list = await rawRequest(hub.url, {
        path: `/v1/cases?cursor=${cursor}`,
        headers: { authorization: `Bearer ${coordinator}` },
      });
      assertProblem(list, 400, 'invalid_cursor', 'cursor decoding to NUL');
      const sessions = await rawRequest(hub.url, {
        path: `/v1/programs/${p}/sessions?cursor=${Buffer.from(JSON.stringify(['\u0000', 'x'])).toString('base64url')}`,
        headers: { authorization: `Bearer ${coordinator}` },
      });
      assertProblem(sessions, 400, 'invalid_cursor', 'session cursor decoding to NUL');
      // the hub still works
      assert.equal((await hubFetch(hub.url, 'GET', '/healthz')).status, 200);
    });

    test("finding 7: Fastify's and Node's own errors are problem+json (414, bad URL, 431, malformed)", async () => {
      const token = { authorization: `Bearer ${coordinator}` };
      assertProblem(
        await rawRequest(hub.url, { path: `/v1/cases/${'x'.repeat(101)}`, headers: token }),
        414,
        'uri_too_long',
        'id over 100 characters',
      );
      assertProblem(
        await rawRequest(hub.url, { path: `/v1/cases/${'x'.repeat(101)}` }),
        414,
        'uri_too_long',
        'id over 100 characters, no token',
      );
      assertProblem(await rawRequest(hub.url, { path: '/v1/cases/%E0%A4%A', headers: token }), 400, 'bad_url');
      assertProblem(await rawRequest(hub.url, { path: '/v1/cases?status=%E0%A4%A', headers: token }), 400, 'bad_url');
      assertProblem(await rawRequest(hub.url, { path: '/v1/cases/%ZZ', headers: token }), 400, 'bad_url');
      const big = await rawRequest(hub.url, { path: '/v1/cases', headers: { ...token, 'x-pad': 'a'.repeat(20_000) } });
      assertProblem(big, 431, 'headers_too_large');
      const malformed = await rawSocket(hub.url, 'GET /v1/cases HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
      assertProblem(malformed, 400, 'bad_request', 'malformed Content-Length');
      const garbage = await rawSocket(hub.url, 'HELLO WORLD\r\n\r\n');
      assertProblem(garbage, 400, 'bad_request', 'not HTTP');
      // the hub keeps serving
      assert.equal((await hubFetch(hub.url, 'GET', '/healthz')).status, 200);
    });

    test('finding 8: a 100,000-element array gets a short validation error: a handful of entries and the count', async () => {
      const body = JSON.stringify({
        name: 'P',
        specialty: 'S',
        language: 'en',
        deidentificationPolicy: { name: 'x', extraIdentifiers: Array.from({ length: 100_000 }, () => 1) },
      });
      assert.ok(body.length > 190_000 && body.length < 1_048_576);
      const r = await rawRequest(hub.url, {
        method: 'POST',
        path: '/v1/programs',
        headers: { authorization: `Bearer ${hub.apiKey}`, ...JSON_TYPE },
        body,
      });
      assertProblem(r, 400, 'validation_failed');
      assert.ok(r.text.length < 8_000, `${r.text.length} bytes of error`);
      assert.ok(r.json.errors.length <= 10, `${r.json.errors.length} entries`);
      assert.ok(r.json.errorCount > 100_000 - 1, `errorCount ${r.json.errorCount}`);
      assert.match(r.json.detail, /more/);
      assert.match(r.json.errors[0].path, /^\/deidentificationPolicy\/extraIdentifiers/);
    });
  });
}

/** A hub on SQLite with options the test hub helper does not take (public URL, proxies, timeouts). */
async function startConfiguredHub(
  options: HubOptions,
): Promise<{ hub: Hub; url: string; demo: DemoData; apiKey: string; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'teleecho-edge-'));
  const hub = await createHub({ port: 0, host: '127.0.0.1', dataDir, logger: false, ...options });
  const url = await hub.listen();
  const key = await createApiKey(hub.storage, ['*']);
  const demo = await seedDemo(hub.storage);
  return {
    hub,
    url,
    demo,
    apiKey: key.apiKey,
    async close() {
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('links the hub hands out: configured public URL, trusted proxies, never the Host header', () => {
  test('--public-url: calendar links use it whatever Host says', async () => {
    const h = await startConfiguredHub({ publicUrl: 'https://hub.example.org/' });
    try {
      const coordinator = await createEmbedToken({
        apiKey: h.apiKey,
        user: { id: 'c', name: 'C' },
        role: 'coordinator',
        programId: h.demo.programId,
      });
      const r = await rawRequest(h.url, {
        path: `/v1/programs/${h.demo.programId}/calendar-link`,
        headers: { host: 'evil.example', authorization: `Bearer ${coordinator}` },
      });
      assert.equal(r.status, 200, r.text);
      assert.ok(String(r.json.url).startsWith('https://hub.example.org/v1/programs/'), r.json.url);
    } finally {
      await h.close();
    }
  });

  test('X-Forwarded-Host is used only with trustProxy, and checked like Host', async () => {
    for (const trustProxy of [false, true]) {
      const h = await startConfiguredHub({ trustProxy });
      try {
        const coordinator = await createEmbedToken({
          apiKey: h.apiKey,
          user: { id: 'c', name: 'C' },
          role: 'coordinator',
          programId: h.demo.programId,
        });
        const auth = { authorization: `Bearer ${coordinator}` };
        const path = `/v1/programs/${h.demo.programId}/calendar-link`;
        const r = await rawRequest(h.url, {
          path,
          headers: { ...auth, 'x-forwarded-host': 'hub.example.org', 'x-forwarded-proto': 'https' },
        });
        assert.equal(r.status, 200, r.text);
        const expected = trustProxy ? 'https://hub.example.org/' : `${h.url}/`;
        assert.ok(String(r.json.url).startsWith(expected), `trustProxy ${trustProxy}: ${r.json.url}`);
        const garbage = await rawRequest(h.url, { path, headers: { ...auth, 'x-forwarded-host': 'a b' } });
        if (trustProxy) assertProblem(garbage, 400, 'invalid_host', 'garbage X-Forwarded-Host');
        else assert.equal(garbage.status, 200, 'an untrusted X-Forwarded-Host is ignored');
      } finally {
        await h.close();
      }
    }
  });
});

describe('timeouts', () => {
  test('a request that never finishes arriving gets 408 problem+json and the connection is closed', async () => {
    const h = await startConfiguredHub({ requestTimeoutMs: 300 });
    try {
      // headers that never end
      const headers = await rawSocket(h.url, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1', {
        keepOpen: true,
      });
      assertProblem(headers, 408, 'request_timeout', 'slow headers');
      // a body that never ends (on a public route: nothing answers before the body)
      const body = await rawSocket(
        h.url,
        'POST /v1/livekit/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
        { keepOpen: true },
      );
      assertProblem(body, 408, 'request_timeout', 'slow body');
    } finally {
      await h.close();
    }
  });
});

describe('teleecho hub --public-url / --trust-proxy', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'teleecho-edge-cli-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('a bad --public-url is a usage error (exit 2) and starts nothing', async () => {
    for (const bad of [
      'hub.example.org',
      'ftp://hub.example.org',
      'https://hub.example.org/?x=1',
      'https://h.org/echo',
    ]) {
      const err: string[] = [];
      const code = await runCli(
        ['hub', '--port', '0', '--data', dataDir, '--public-url', bad],
        () => undefined,
        (l) => err.push(l),
      );
      assert.equal(code, 2, bad);
      assert.match(err.join('\n'), /--public-url/);
    }
  });

  test('the hub started with --public-url names it in the links it hands out, whatever Host says', async () => {
    const quiet = () => undefined;
    const lines: string[] = [];
    assert.equal(await runCli(['seed-demo', '--data', dataDir], (l) => lines.push(l), quiet), 0);
    const programId = lines.at(-1)!;
    assert.equal(await runCli(['api-key', 'create', '--data', dataDir], (l) => lines.push(l), quiet), 0);
    const apiKey = lines.at(-1)!;
    const cliPath = fileURLToPath(new URL('../cli.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        cliPath,
        'hub',
        '--port',
        '0',
        '--data',
        dataDir,
        '--public-url',
        'https://hub.example.org/',
        '--trust-proxy',
        '127.0.0.1',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TELEECHO_PUBLIC_URL: '' } },
    );
    try {
      let stderr = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr!.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(stderr);
          if (match && /Links/.test(stderr)) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`hub exited with ${code}: ${stderr}`)));
      });
      assert.match(stderr, /Links \(calendar feeds, certificates, LTI\) name https:\/\/hub\.example\.org\n/);
      const token = await createEmbedToken({ apiKey, user: { id: 'c', name: 'C' }, role: 'coordinator', programId });
      const r = await rawRequest(url, {
        path: `/v1/programs/${programId}/calendar-link`,
        headers: { host: 'evil.example', authorization: `Bearer ${token}` },
      });
      assert.equal(r.status, 200, r.text);
      assert.ok(String(r.json.url).startsWith(`https://hub.example.org/v1/programs/${programId}/`), r.json.url);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
