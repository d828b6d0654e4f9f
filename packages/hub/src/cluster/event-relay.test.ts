/**
 * Live events across hub processes that share one PostgreSQL database and one Redis: three storages (as three
 * replicas would open them) write concurrently; every replica's subscribers get every event once and in id order,
 * and a reader that resumes "after the last id it saw" (as `Last-Event-ID` does) never skips an event, whoever
 * wrote it. Real PostgreSQL, real Redis.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { createTestDatabase, dropTestDatabase, pgAvailable } from '@teleecho/test-kit';
import { openStorage } from '../storage/open.js';
import type { Storage, StoredEvent } from '../storage/storage.js';
import { startEventRelay, type EventRelay } from './event-relay.js';

const REDIS_URL = process.env.TELEECHO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisAvailable(): Promise<boolean> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

const skip = !(await pgAvailable())
  ? 'PostgreSQL is not reachable'
  : !(await redisAvailable())
    ? `Redis is not reachable at ${REDIS_URL}`
    : false;

const REPLICAS = 3;
const WRITES_PER_REPLICA = 150;

describe('events across three hub processes on PostgreSQL + Redis', { skip }, () => {
  let databaseUrl: string;
  const storages: Storage[] = [];
  const relays: EventRelay[] = [];
  const channel = `teleecho:test:${randomUUID()}`;

  before(async () => {
    databaseUrl = await createTestDatabase();
    for (let i = 0; i < REPLICAS; i++) {
      const storage = await openStorage({ databaseUrl });
      const relay = await startEventRelay(storage.events, { redisUrl: REDIS_URL, channel, pollMs: 5000 });
      storage.relayEvents(relay);
      storages.push(storage);
      relays.push(relay);
    }
  });
  after(async () => {
    for (const relay of relays) await relay.close();
    for (const storage of storages) await storage.close();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  test('every subscriber on every replica gets every event once, in order; a resuming reader skips none', async () => {
    const received: StoredEvent[][] = storages.map(() => []);
    const unsubscribe = storages.map((storage, i) => storage.onEvent((event) => received[i]!.push(event)));

    // A reader that keeps resuming after the last id it saw, as a client reconnecting with Last-Event-ID does.
    const resumed: number[] = [];
    let writing = true;
    const reader = (async () => {
      let last = 0;
      while (writing || last < (await storages[0]!.events.newestId())) {
        for (const event of await storages[0]!.events.after(last, 50)) {
          last = Number(event.id);
          resumed.push(last);
        }
      }
    })();

    // Concurrent writers on every replica; some writes fail (their events must never appear).
    await Promise.all(
      storages.map((storage, replica) =>
        Promise.all(
          Array.from({ length: WRITES_PER_REPLICA }, (_, n) =>
            storage
              .write(async (tx) => {
                tx.emit({ type: 'case.updated', programId: 'p', data: { replica, n } });
                if (n % 10 === 9) throw new Error('this write fails');
              })
              .catch(() => undefined),
          ),
        ),
      ),
    );
    writing = false;
    await reader;

    const all = await storages[1]!.events.after(0, 10_000);
    const expected = REPLICAS * WRITES_PER_REPLICA * 0.9;
    assert.equal(all.length, expected, 'the failed writes left no event');
    const ids = all.map((e) => Number(e.id));
    for (const [i, events] of received.entries()) {
      await waitFor(() => events.length >= expected, `replica ${i} got ${events.length}/${expected}`);
      assert.deepEqual(
        events.map((e) => Number(e.id)),
        ids,
        `replica ${i}: every event, once, in id order`,
      );
    }
    const seen = new Set(resumed);
    const skipped = ids.filter((id) => !seen.has(id));
    assert.deepEqual(skipped, [], 'the resuming reader skipped none');
    for (const off of unsubscribe) off();
  });

  test('events written while Redis does not ring still arrive (the relay reads the log on its timer)', async () => {
    const quiet = await startEventRelay(storages[0]!.events, {
      redisUrl: REDIS_URL,
      channel: `${channel}:other`,
      pollMs: 200,
    });
    try {
      const got: StoredEvent[] = [];
      quiet.onEvent((event) => got.push(event));
      // written through replica 1, whose bell rings on another channel: `quiet` hears nothing
      await storages[1]!.write(async (tx) => tx.emit({ type: 'case.updated', programId: 'p', data: { late: true } }));
      await waitFor(() => got.length === 1, 'the event arrives by polling');
      assert.deepEqual(got[0]!.data, { late: true });
    } finally {
      await quiet.close();
    }
  });
});

async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
