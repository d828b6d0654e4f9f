/**
 * Live events across hub replicas. The durable log is the database's `event_log`; Redis only rings a doorbell.
 *
 * Why pub/sub and not Streams: the log that must not lose or reorder anything already exists (PostgreSQL, which
 * `Last-Event-ID` replay reads), so Redis needs to carry no event, only the news that the log has grown. Pub/sub
 * does that with the least state (nothing to trim, no consumer groups) and the lowest latency. It delivers at most
 * once, so a replica never trusts it for content: on every ring — and on a slow timer, in case a ring was lost or
 * Redis was down — it reads the log after the last id it delivered, in id order, and hands those events to its own
 * subscribers. A subscriber therefore gets every event once and in order whichever replica wrote it, provided ids
 * become visible in id order: PostgreSQL storage takes a transaction-scoped advisory lock before appending events
 * (see `storage/kysely-storage.ts`), so a transaction that holds id 11 commits after the one that holds id 10.
 * @packageDocumentation
 */
import { Redis } from 'ioredis';
import type { StoredEvent } from '../storage/storage.js';

/** The channel every replica of one hub publishes to and listens on. */
export const EVENTS_CHANNEL = 'teleecho:events';

/** What the relay needs of storage: the log, read in id order. */
export interface EventLogReader {
  after(afterId: number, limit: number): Promise<StoredEvent[]>;
  newestId(): Promise<number>;
}

/** Options of {@link startEventRelay}. */
export interface EventRelayOptions {
  /** `redis://…` of the shared Redis. */
  redisUrl: string;
  /** Channel name (default {@link EVENTS_CHANNEL}; tests give each hub its own). */
  channel?: string;
  /** Read the log this often even without a ring, in ms (default 1000). */
  pollMs?: number;
  /** Events read per query (default 500). */
  batch?: number;
}

/** A running relay. */
export interface EventRelay {
  /** Rings every replica's bell (after a commit that appended events). */
  ring(newestId: number): void;
  /** Subscribes to events in id order, from every replica; returns the unsubscribe function. */
  onEvent(listener: (event: StoredEvent) => void): () => void;
  /** The last id handed to subscribers. */
  readonly deliveredId: number;
  /** Whether the Redis connections are up. */
  readonly connected: boolean;
  /** Throws when Redis does not answer. */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** Starts relaying: subscribes to the channel and delivers the log's events after its current newest id. */
export async function startEventRelay(log: EventLogReader, options: EventRelayOptions): Promise<EventRelay> {
  const channel = options.channel ?? EVENTS_CHANNEL;
  const batch = options.batch ?? 500;
  const listeners = new Set<(event: StoredEvent) => void>();
  const redisOptions = { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false } as const;
  const publisher = new Redis(options.redisUrl, redisOptions);
  const subscriber = new Redis(options.redisUrl, { ...redisOptions, enableOfflineQueue: true });
  // errors are reported through `connected`/`check()` (and /readyz); ioredis reconnects by itself
  publisher.on('error', () => {});
  subscriber.on('error', () => {});
  await Promise.all([publisher.connect(), subscriber.connect()]);

  let delivered = await log.newestId();
  let reading: Promise<void> | undefined;
  let again = false;
  let closed = false;

  /** Reads the log after `delivered` until it is drained; concurrent calls coalesce into one more pass. */
  const drain = (): Promise<void> => {
    if (reading) {
      again = true;
      return reading;
    }
    reading = (async () => {
      do {
        again = false;
        for (;;) {
          if (closed) return;
          const events = await log.after(delivered, batch);
          for (const event of events) {
            delivered = Number(event.id);
            for (const listener of listeners) {
              try {
                listener(event);
              } catch {
                // a broken subscriber must not stop the others
              }
            }
          }
          if (events.length < batch) break;
        }
      } while (again);
    })()
      .catch(() => {
        // the database did not answer: the next ring or tick tries again from the same id
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };

  subscriber.on('message', (from: string) => {
    if (from === channel) void drain();
  });
  await subscriber.subscribe(channel);
  const timer = setInterval(() => void drain(), options.pollMs ?? 1000);
  timer.unref();

  return {
    ring(newestId) {
      // our own subscribers need not wait for the round trip through Redis
      void drain();
      publisher.publish(channel, String(newestId)).catch(() => {
        // Redis is down: the other replicas find the events on their next tick
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get deliveredId() {
      return delivered;
    },
    get connected() {
      return publisher.status === 'ready' && subscriber.status === 'ready';
    },
    async check() {
      if ((await publisher.ping()) !== 'PONG') throw new Error('Redis did not answer PING');
    },
    async close() {
      closed = true;
      clearInterval(timer);
      listeners.clear();
      await reading;
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}

/** `redis://user:secret@host:6379/0` → `redis://host:6379/0` (for messages: no password in logs). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return 'the configured URL';
  }
}
