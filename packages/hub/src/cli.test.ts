import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli } from './cli.js';
import { createHub } from './index.js';
import { hubFetch } from './testing/index.js';

async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    args,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out, err };
}

const existedBefore = existsSync(join(process.cwd(), '.teleecho', 'hub-secret'));

describe('teleecho CLI', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'teleecho-cli-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('seed-demo twice does not duplicate; api-key and token work against a hub on that data dir', async () => {
    const first = await cli(['seed-demo', '--data', dataDir]);
    const second = await cli(['seed-demo', '--data', dataDir]);
    assert.equal(first.code, 0);
    const programId = first.out.at(-1)!;
    assert.match(programId, /^prg_/);
    assert.equal(second.out.at(-1), programId);
    const key = await cli(['api-key', 'create', '--data', dataDir, '--origins', 'https://ehr.example.org']);
    assert.equal(key.code, 0);
    const apiKey = key.out.at(-1)!;
    assert.match(apiKey, /^teleecho_sk_[a-z0-9]{12}\.[A-Za-z0-9_-]{32,}$/);
    const token = await cli([
      'token',
      '--role',
      'coordinator',
      '--program',
      programId,
      '--data',
      dataDir,
      '--name',
      'Dr. C',
    ]);
    assert.equal(token.code, 0);

    const hub = await createHub({ port: 0, dataDir, logger: false });
    try {
      const url = await hub.listen();
      const programs = await hubFetch(url, 'GET', '/v1/programs', { token: apiKey });
      assert.equal(programs.status, 200);
      assert.equal(programs.body.items.filter((p: { name: string }) => p.name === 'HCV ECHO').length, 1);
      const sessions = await hubFetch(url, 'GET', `/v1/programs/${programId}/sessions`, { token: token.out.at(-1) });
      assert.equal(sessions.status, 200);
      assert.equal(sessions.body.items.length, 2);
      assert.ok(sessions.body.items.some((s: { recurrence?: string }) => s.recurrence?.startsWith('FREQ=WEEKLY')));
      const templates = await hubFetch(url, 'GET', `/v1/programs/${programId}/case-templates`, {
        token: token.out.at(-1),
      });
      assert.equal(templates.body.items.length, 2);
    } finally {
      await hub.close();
    }
    assert.equal(statSync(join(dataDir, 'hub-secret')).mode & 0o777, 0o600);
  });

  test('bad flags give a clear message and exit code 2 (and touch nothing)', async () => {
    const unknown = await cli(['hub', '--livekit-url', 'x']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err.join('\n'), /Unknown option '--livekit-url'/);
    const role = await cli(['token', '--role', 'admin', '--program', 'p']);
    assert.equal(role.code, 2);
    assert.match(role.err.join('\n'), /--role is required: one of/);
    assert.equal((await cli(['token', '--role', 'presenter'])).code, 2);
    assert.equal((await cli(['token', '--role', 'presenter', '--program', 'p', '--ttl', '9999'])).code, 2);
    assert.equal((await cli(['api-key', 'delete'])).code, 2);
    assert.equal((await cli(['api-key', 'create', '--origins', 'not an origin', '--data', dataDir])).code, 2);
    assert.equal((await cli(['frobnicate'])).code, 2);
    assert.equal((await cli(['--help'])).code, 0);
    assert.ok(!existsSync(join(process.cwd(), '.teleecho', 'hub-secret')) || existedBefore, 'no stray data dir');
  });
});
