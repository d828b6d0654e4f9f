import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hubFetch, sampleReport, sampleResponse, startTestHub, until, type TestHub } from '@teleecho/test-kit';
import { createHub } from '../index.js';
import { createLogger, redactUrl } from './logging.js';

const PLANTED_NAME = 'Zebediah Quarrington-Fairweather';
const FEED_TOKEN = 'feedtoken-that-must-not-be-logged-4f1c';

describe('hub log: PHI-safe, with request ids', () => {
  let hub: TestHub;
  const lines: string[] = [];
  before(async () => {
    hub = await startTestHub({ logger: (line) => lines.push(line) });
  });
  after(() => hub?.close());

  test('a case carrying a planted name and a bearer token leaves neither in any log line', async () => {
    const token = await hub.mint({ role: 'presenter', name: PLANTED_NAME });
    lines.length = 0;
    const submitted = await hubFetch(hub.url, 'POST', '/v1/cases', {
      token,
      body: {
        programId: hub.demo.programId,
        templateId: hub.demo.templateId,
        title: `Follow-up of ${PLANTED_NAME}`,
        response: sampleResponse({ history: `${PLANTED_NAME} reports fatigue` }),
        deidentification: sampleReport(),
      },
    });
    assert.ok(submitted.status >= 200, 'answered');
    const feed = await hubFetch(hub.url, 'GET', `/v1/programs/${hub.demo.programId}/calendar.ics?token=${FEED_TOKEN}`);
    assert.equal(feed.status, 404);
    const forged = await hubFetch(hub.url, 'GET', '/v1/cases', { token: `${token.slice(0, -4)}AAAA` });
    assert.equal(forged.status, 401);
    await until('three request lines', async () => lines.length >= 3, 5000);
    const [header, payload, signature] = token.split('.');
    for (const line of lines) {
      assert.ok(!line.includes(PLANTED_NAME), `planted name in a log line: ${line}`);
      assert.ok(!line.includes('Zebediah'), `part of the planted name in a log line: ${line}`);
      assert.ok(!line.includes(payload!) && !line.includes(signature!), `bearer token in a log line: ${line}`);
      assert.ok(!line.includes(`${header}.${payload}`), `token in a log line: ${line}`);
      assert.ok(!line.includes(FEED_TOKEN), `feed token in a log line: ${line}`);
      assert.ok(!line.includes(hub.apiKey.split('.')[1]!), 'API key secret in a log line');
    }
  });

  test('every request line carries the request id the answer names (header and problem document)', async () => {
    lines.length = 0;
    const token = await hub.mint({ role: 'presenter' });
    const missing = await hubFetch(hub.url, 'GET', '/v1/cases/case_does_not_exist', { token });
    assert.equal(missing.status, 404);
    const requestId = missing.headers.get('x-request-id');
    assert.ok(requestId, 'X-Request-Id header');
    assert.equal(missing.body.requestId, requestId, 'requestId in the problem document');
    const ok = await hubFetch(hub.url, 'GET', '/v1/programs', { token });
    assert.equal(ok.status, 200);
    await until('two request lines', async () => lines.length >= 2, 5000);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const entry of entries) assert.equal(typeof entry.reqId, 'string', JSON.stringify(entry));
    const mine = entries.find((entry) => entry.reqId === requestId);
    assert.ok(mine, 'the 404 has a log line with its request id');
    assert.equal(mine.status, 404);
    assert.equal(mine.level, 'info');
    assert.notEqual(ok.headers.get('x-request-id'), requestId, 'each request has its own id');
  });
});

describe('log level and redaction', () => {
  test('--log-level warn keeps request lines out; logger false writes nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'teleecho-log-'));
    const lines: string[] = [];
    const hub = await createHub({ port: 0, dataDir, logger: (line) => lines.push(line), logLevel: 'warn' });
    try {
      const r = await hub.app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(r.statusCode, 200);
      const missing = await hub.app.inject({ method: 'GET', url: '/v1/nothing-here' });
      assert.equal(missing.statusCode, 404);
      assert.deepEqual(lines, []);
    } finally {
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('credentials, cookies, bodies and token query values are censored wherever a line carries them', () => {
    const lines: string[] = [];
    const logger = createLogger((line) => lines.push(line));
    logger.info({
      req: { headers: { authorization: 'Bearer abc.def.ghi', cookie: 'sid=s3cr3t' } },
      headers: { authorization: 'Bearer abc.def.ghi' },
      body: { name: PLANTED_NAME },
      payload: PLANTED_NAME,
      token: 'tok-123',
      apiKey: 'teleecho_sk_x.y',
      msg: 'probe',
    });
    assert.equal(lines.length, 1);
    const line = lines[0]!;
    for (const secret of ['abc.def.ghi', 's3cr3t', PLANTED_NAME, 'tok-123', 'teleecho_sk_x.y']) {
      assert.ok(!line.includes(secret), `${secret} in ${line}`);
    }
    assert.match(line, /\[Redacted\]/);
    assert.equal(JSON.parse(line).msg, 'probe');
    assert.equal(
      redactUrl(`/v1/programs/p/calendar.ics?user=u&token=${FEED_TOKEN}#x`),
      '/v1/programs/p/calendar.ics?user=u&token=[Redacted]#x',
    );
  });
});
