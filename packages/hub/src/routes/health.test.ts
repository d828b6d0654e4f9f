import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createHub } from '../index.js';
import { hubFetch } from '../testing/index.js';

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
