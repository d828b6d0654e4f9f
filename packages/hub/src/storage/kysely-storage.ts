import { sql, type Kysely } from 'kysely';
import { pruneLiveKitWebhooks } from './repositories/attendance.js';
import { eventLog, type NewEvent, type StoredEvent } from './repositories/events.js';
import { pruneIdempotency } from './repositories/idempotency.js';
import { readers, repositories, type StorageReader } from './repositories/index.js';
import { pruneWebhookDeliveries } from './repositories/webhooks.js';
import type { Database } from './schema.js';
import type { EventRelayHook, Storage, StorageKind, StorageWriter } from './storage.js';

/** Most writes committed together in one transaction (group commit). */
const MAX_BATCH = 64;

interface QueuedWrite {
  fn: (tx: StorageWriter) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown; pending: NewEvent[]; events: StoredEvent[] } | { ok: false; error: unknown };

/**
 * Key of the transaction-scoped advisory lock PostgreSQL storage takes right before it appends events (any number
 * distinct from the migrations' lock). Whoever holds it allocates the next event ids and keeps it until commit, so
 * across every hub process on one database, ids become visible in id order: a reader that sees id 11 also sees
 * every id below it that will ever commit, and resuming after 11 cannot skip one. Appends come last in the
 * transaction, after every row the writes touch, so the lock never waits on a row while held.
 */
const EVENT_LOG_LOCK = 7_358_214_001;

/** One write's view of the transaction: the repositories over `trx`, and the events it emitted. */
function transaction(trx: Kysely<Database>, pending: NewEvent[]): StorageWriter {
  // Object.assign, not a spread: the repositories are getters that build each one on first use.
  return Object.assign(repositories(trx), { emit: (event: NewEvent) => void pending.push(event) });
}

/**
 * {@link Storage} on kysely: the same code for SQLite and PostgreSQL.
 *
 * Reads go straight to the read-only repositories. Writes are serialised through one in-process queue (so event ids
 * are strictly increasing in commit order) and committed in groups: writes waiting behind a commit share the next
 * transaction, each in its own SAVEPOINT so one failing write does not undo the others. One commit (one fsync) per
 * group instead of per write is what makes concurrent submissions fast on PostgreSQL.
 */
export class KyselyStorage implements Storage {
  private readonly queue: QueuedWrite[] = [];
  private draining = false;
  private readonly listeners = new Set<(event: StoredEvent) => void>();
  private relay: EventRelayHook | undefined;
  /** Unsubscribe functions of the listeners handed to the relay. */
  private readonly relayed = new Map<(event: StoredEvent) => void, () => void>();
  readonly apiKeys: StorageReader['apiKeys'];
  readonly programs: StorageReader['programs'];
  readonly templates: StorageReader['templates'];
  readonly sessions: StorageReader['sessions'];
  readonly cases: StorageReader['cases'];
  readonly recommendations: StorageReader['recommendations'];
  readonly attendance: StorageReader['attendance'];
  readonly events: StorageReader['events'];
  readonly idempotency: StorageReader['idempotency'];
  readonly cme: StorageReader['cme'];
  readonly webhooks: StorageReader['webhooks'];
  readonly lti: StorageReader['lti'];

  constructor(
    private readonly db: Kysely<Database>,
    readonly kind: StorageKind,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {
    ({
      apiKeys: this.apiKeys,
      programs: this.programs,
      templates: this.templates,
      sessions: this.sessions,
      cases: this.cases,
      recommendations: this.recommendations,
      attendance: this.attendance,
      events: this.events,
      idempotency: this.idempotency,
      cme: this.cme,
      webhooks: this.webhooks,
      lti: this.lti,
    } = readers(db));
  }

  write<T>(fn: (tx: StorageWriter) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length) await this.commitGroup(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.draining = false;
    }
  }

  private async commitGroup(batch: QueuedWrite[]): Promise<void> {
    const outcomes: Outcome[] = [];
    const grouped = batch.length > 1;
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const [index, item] of batch.entries()) {
          const pending: NewEvent[] = [];
          if (grouped) await sql.raw(`savepoint w${index}`).execute(trx);
          try {
            const value = await item.fn(transaction(trx, pending));
            if (grouped) await sql.raw(`release savepoint w${index}`).execute(trx);
            outcomes.push({ ok: true, value, pending, events: [] });
          } catch (error) {
            if (!grouped) throw error;
            await sql.raw(`rollback to savepoint w${index}`).execute(trx);
            outcomes.push({ ok: false, error });
          }
        }
        // The writes that succeeded append their events last, in order, under the event-log lock (PostgreSQL).
        const appending = outcomes.filter((o) => o.ok && o.pending.length > 0);
        if (!appending.length) return;
        if (this.kind === 'postgres') await sql`select pg_advisory_xact_lock(${EVENT_LOG_LOCK})`.execute(trx);
        const log = eventLog(trx);
        for (const outcome of appending) {
          if (!outcome.ok) continue;
          for (const event of outcome.pending) outcome.events.push(await log.append(event, new Date().toISOString()));
        }
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    let newest = 0;
    for (const [index, item] of batch.entries()) {
      const outcome = outcomes[index]!;
      if (!outcome.ok) {
        item.reject(outcome.error);
        continue;
      }
      for (const event of outcome.events) {
        newest = Number(event.id);
        if (!this.relay) this.publish(event);
      }
      item.resolve(outcome.value);
    }
    if (this.relay && newest) this.relay.ring(newest);
  }

  /**
   * Hands live events over to `relay` (several hub processes on one database): from now on {@link onEvent}
   * listeners get events from the relay, which reads the log after every commit of any process.
   */
  relayEvents(relay: EventRelayHook): void {
    this.relay = relay;
    for (const listener of this.listeners) this.relayed.set(listener, relay.onEvent(listener));
  }

  private publish(event: StoredEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // a broken subscriber must not break the writer
      }
    }
  }

  onEvent(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    if (this.relay) this.relayed.set(listener, this.relay.onEvent(listener));
    return () => {
      this.listeners.delete(listener);
      this.relayed.get(listener)?.();
      this.relayed.delete(listener);
    };
  }

  async prune(before: string): Promise<void> {
    await eventLog(this.db).prune(before);
    await pruneIdempotency(this.db, before);
    await pruneLiveKitWebhooks(this.db, before);
    await pruneWebhookDeliveries(this.db, before);
  }

  async check(): Promise<void> {
    await sql`select 1`.execute(this.db);
    await this.relay?.check();
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.db.destroy();
    await this.onClose();
  }
}
