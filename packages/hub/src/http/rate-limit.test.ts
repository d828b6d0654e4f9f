/**
 * Rate limits (opt-in): a client over its limit gets 429 `too_many_requests` as problem+json with `Retry-After`, other
 * clients are untouched, and with Redis two hub processes count one client together.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createEmbedToken } from '@teleecho/sdk/server';
import { createTestDatabase, dropTestDatabase, pgAvailable } from '@teleecho/test-kit';
import { createApiKey, createHub, seedDemo, type Hub } from '../index.js';

const REDIS_URL = process.env.TELEECHO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const noPg = !(await pgAvailable()) && 'PostgreSQL is not reachable';

const seeded = new WeakMap<Hub, Promise<string>>();

async function tokenFor(hub: Hub, user: string): Promise<{ token: string; programId: string }> {
  const { apiKey } = await createApiKey(hub.storage);
  if (!seeded.has(hub))
    seeded.set(
      hub,
      seedDemo(hub.storage).then((d) => d.programId),
    );
  const programId = await seeded.get(hub)!;
  const token = await createEmbedToken({
    apiKey,
    user: { id: user, name: user },
    role: 'coordinator',
    programId,
    ttlSeconds: 600,
  });
  return { token, programId };
}

const get = (hub: Hub, path: string, token: string) =>
  fetch(`${hub.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('rate limits', () => {
  const hubs: Hub[] = [];
  const dirs: string[] = [];
  let databaseUrl: string | undefined;
  after(async () => {
    for (const hub of hubs) await hub.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  test('over the limit: 429 problem+json with Retry-After, for that client only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'teleecho-rate-'));
    dirs.push(dir);
    const hub = await createHub({ dataDir: dir, port: 0, logger: false, rateLimitPerMinute: 5 });
    hubs.push(hub);
    await hub.listen();
    const a = await tokenFor(hub, 'client-a');
    const b = await tokenFor(hub, 'client-b');
    for (let i = 0; i < 5; i++) assert.equal((await get(hub, `/v1/programs/${a.programId}`, a.token)).status, 200);
    const refused = await get(hub, `/v1/programs/${a.programId}`, a.token);
    assert.equal(refused.status, 429);
    assert.match(refused.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.ok(Number(refused.headers.get('retry-after')) > 0, 'Retry-After in seconds');
    const problem = (await refused.json()) as { code: string; status: number };
    assert.equal(problem.code, 'too_many_requests');
    assert.equal(problem.status, 429);
    assert.equal((await get(hub, `/v1/programs/${b.programId}`, b.token)).status, 200, 'another client is not limited');
  });

  test('with Redis, two hub processes count one client together', { skip: noPg }, async () => {
    databaseUrl = await createTestDatabase();
    const hubSecret = randomBytes(32).toString('hex');
    for (const name of ['one', 'two']) {
      const dir = mkdtempSync(join(tmpdir(), `teleecho-rate-${name}-`));
      dirs.push(dir);
      const hub = await createHub({
        dataDir: dir,
        databaseUrl,
        redisUrl: REDIS_URL,
        hubSecret,
        port: 0,
        logger: false,
        rateLimitPerMinute: 6,
      });
      hubs.push(hub);
      await hub.listen();
    }
    const [one, two] = hubs.slice(-2) as [Hub, Hub];
    const { token, programId } = await tokenFor(one, `shared-${randomBytes(4).toString('hex')}`);
    for (let i = 0; i < 3; i++) {
      assert.equal((await get(one, `/v1/programs/${programId}`, token)).status, 200);
      assert.equal((await get(two, `/v1/programs/${programId}`, token)).status, 200);
    }
    assert.equal((await get(one, `/v1/programs/${programId}`, token)).status, 429, 'the seventh, on either process');
    assert.equal((await get(two, `/v1/programs/${programId}`, token)).status, 429);
  });
});
