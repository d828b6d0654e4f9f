import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createHub } from '../index.js';
import { hubFetch } from '@teleecho/test-kit';

test('GET /healthz reports ok, then 503 problem when storage is gone', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'teleecho-health-'));
  const hub = await createHub({ port: 0, dataDir, logger: false });
  try {
    const url = await hub.listen();
    const ok = await hubFetch(url, 'GET', '/healthz');
    assert.equal(ok.status, 200);
    assert.deepEqual(Object.keys(ok.body).sort(), ['status', 'storage', 'version']);
    assert.equal(ok.body.status, 'ok');
    assert.equal(ok.body.storage, 'sqlite');
    await hub.storage.close();
    const down = await hubFetch(url, 'GET', '/healthz');
    assert.equal(down.status, 503);
    assert.equal(down.body.code, 'storage_unavailable');
  } finally {
    await hub.app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('GET /favicon.ico answers the teleECHO mark, not a 404, on every hub a browser opens', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'teleecho-favicon-'));
  const hub = await createHub({ port: 0, dataDir, logger: false });
  try {
    const url = await hub.listen();
    for (const path of ['/favicon.ico', '/favicon.svg']) {
      const res = await fetch(`${url}${path}`);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', /^image\/svg\+xml/);
      assert.match(await res.text(), /^<svg /);
    }
    const openapi = await hubFetch(url, 'GET', '/v1/openapi.json');
    assert.equal(openapi.body.paths['/favicon.ico'], undefined, 'not part of the API contract');
  } finally {
    await hub.app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
