/**
 * The hub half of the reference topology, from the files under deploy/: three `teleecho hub` processes (the real
 * CLI) on one PostgreSQL database and one Redis, behind HAProxy. What users would notice: wherever their event
 * stream lands and whichever process handles a write, every subscriber gets every event once and in order; when
 * processes die (`kill -9`) or restart one by one, clients that reconnect with `Last-Event-ID` lose nothing and
 * get nothing twice, and requests from clients that retry as the SDK does all succeed.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createApiKey, openStorage, seedDemo } from '@teleecho/hub';
import { createEmbedToken } from '@teleecho/sdk/server';
import { createTestDatabase, dropTestDatabase, freeTcpPort, pgAvailable } from '@teleecho/test-kit';
import {
  clusterSkip,
  followEvents,
  hubReplica,
  startHaproxy,
  type Follower,
  type HubReplica,
  type Proc,
} from './cluster.js';

const REDIS_URL = process.env.TELEECHO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const skip = clusterSkip() || (!(await pgAvailable()) && 'PostgreSQL is not reachable');

/** POSTs through the balancer as the SDK does: the same Idempotency-Key on every retry, until an answer < 500. */
async function postRetrying(url: string, token: string, body: unknown, deadline = Date.now() + 60_000) {
  const key = randomUUID();
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      if (response.status < 500) return { status: response.status, body: (await response.json()) as unknown };
      await response.body?.cancel();
    } catch {
      // refused or cut (a replica died under us): retry
    }
    if (Date.now() > deadline) throw new Error(`POST ${url}: no answer below 500 after ${attempt + 1} attempts`);
    await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 1000)));
  }
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('three hub replicas on PostgreSQL + Redis behind HAProxy (deploy/)', { skip }, () => {
  let databaseUrl: string;
  let replicas: HubReplica[] = [];
  let lb: Proc | undefined;
  let base: string;
  let token: string;
  let programId: string;
  const followers: Follower[] = [];

  /** Every event of the programme in the log, in id order (what each subscriber must end up with). */
  async function logIds(): Promise<number[]> {
    const storage = await openStorage({ databaseUrl });
    try {
      return (await storage.events.after(0, 100_000, programId)).map((e) => Number(e.id));
    } finally {
      await storage.close();
    }
  }

  before(async () => {
    databaseUrl = await createTestDatabase();
    const storage = await openStorage({ databaseUrl });
    const { apiKey } = await createApiKey(storage, ['*']);
    programId = (await seedDemo(storage)).programId;
    await storage.close();
    token = await createEmbedToken({
      apiKey,
      user: { id: 'coordinator-1', name: 'Coordinator' },
      role: 'coordinator',
      programId,
      ttlSeconds: 3600,
    });
    const hubSecret = randomBytes(32).toString('hex');
    replicas = await Promise.all(
      ['hub1', 'hub2', 'hub3'].map((name) => hubReplica({ name, databaseUrl, redisUrl: REDIS_URL, hubSecret })),
    );
    // all three at once: migrations must run once (advisory lock), not three times
    await Promise.all(replicas.map((r) => r.start()));
    const hubLb = await freeTcpPort();
    lb = await startHaproxy({
      hubLb,
      hubs: [replicas[0]!.port, replicas[1]!.port, replicas[2]!.port],
      livekitLb: await freeTcpPort(),
      livekit: [await freeTcpPort(), await freeTcpPort()],
    });
    base = `http://127.0.0.1:${hubLb}`;
    await waitFor('the balancer answers /readyz', async () => (await fetch(`${base}/readyz`)).status === 200);
  });

  after(async () => {
    for (const f of followers) f.stop();
    await lb?.stop();
    await Promise.all(replicas.map((r) => r.kill()));
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  const createSession = (title: string) =>
    postRetrying(`${base}/v1/programs/${programId}/sessions`, token, {
      title,
      topic: 'Scale-out',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      durationMinutes: 60,
    });

  test('subscribers spread over every replica each get every event once, in order, with writes on every replica', async () => {
    for (let i = 0; i < 9; i++) followers.push(followEvents(base, token, { from: '0' }));
    await waitFor('every subscriber connected', () => followers.every((f) => f.connections > 0));
    const streamsPerServer = new Map<string, number>();
    for (const m of lb!.output().matchAll(/hubs\/(hub\d)\b.*"GET \/v1\/events/g)) {
      streamsPerServer.set(m[1]!, (streamsPerServer.get(m[1]!) ?? 0) + 1);
    }
    assert.deepEqual([...streamsPerServer.keys()].sort(), ['hub1', 'hub2', 'hub3'], 'streams on every replica');

    // 3 writers × 15 concurrent creates, round robin over the replicas
    const results = await Promise.all(Array.from({ length: 45 }, (_, n) => createSession(`Spread ${n}`)));
    assert.deepEqual(new Set(results.map((r) => r.status)), new Set([201]));
    const writesPerServer = new Set(
      [...lb!.output().matchAll(/hubs\/(hub\d)\b.*"POST \/v1\/programs/g)].map((m) => m[1]),
    );
    assert.equal(writesPerServer.size, 3, 'writes handled by every replica');

    const expected = await logIds();
    for (const [i, f] of followers.entries()) {
      await waitFor(`subscriber ${i} has ${expected.length} events`, () => f.events.length >= expected.length);
      assert.deepEqual(
        f.events.map((e) => e.id),
        expected,
        `subscriber ${i}: every event once, in id order`,
      );
    }
  });

  test('kill -9 a replica every few seconds while writes go on: 0 lost, 0 duplicated, every retried write answered', async () => {
    let writing = true;
    const created: string[] = [];
    const writer = (async () => {
      for (let n = 0; writing; n++) {
        const r = await createSession(`Through the kills ${n}`);
        assert.equal(r.status, 201, JSON.stringify(r.body));
        created.push((r.body as { id: string }).id);
      }
    })();
    const started = Date.now();
    for (let k = 0; Date.now() - started < 30_000; k++) {
      const victim = replicas[k % replicas.length]!;
      await new Promise((r) => setTimeout(r, 2500));
      await victim.kill();
      await new Promise((r) => setTimeout(r, 1000));
      await victim.start();
    }
    writing = false;
    await writer;
    assert.ok(created.length > 20, `writes went on during the kills (${created.length})`);
    assert.equal(new Set(created).size, created.length, 'each answered write created its own session');

    const expected = await logIds();
    for (const [i, f] of followers.entries()) {
      await waitFor(`subscriber ${i} caught up`, () => f.events.length >= expected.length);
      const ids = f.events.map((e) => e.id);
      assert.equal(new Set(ids).size, ids.length, `subscriber ${i}: nothing twice`);
      assert.deepEqual(ids, expected, `subscriber ${i}: nothing lost, in order`);
      assert.ok(f.connections > 1, `subscriber ${i} reconnected`);
    }
  });

  test('a rolling restart (SIGTERM, drain, start) of every replica fails no request of a retrying client', async () => {
    let writing = true;
    let answered = 0;
    const writer = (async () => {
      for (let n = 0; writing; n++) {
        const r = await createSession(`Rolling ${n}`);
        assert.equal(r.status, 201, JSON.stringify(r.body));
        answered++;
      }
    })();
    for (const replica of replicas) {
      await replica.terminate();
      await replica.start();
      await waitFor(`${replica.name} ready`, async () => (await fetch(`${replica.url}/readyz`)).status === 200);
    }
    writing = false;
    await writer;
    assert.ok(answered > 5, `writes went on during the restart (${answered})`);
    const expected = await logIds();
    for (const [i, f] of followers.entries()) {
      await waitFor(`subscriber ${i} caught up`, () => f.events.length >= expected.length);
      assert.deepEqual(
        f.events.map((e) => e.id),
        expected,
        `subscriber ${i}: every event once, in order`,
      );
    }
  });
});
