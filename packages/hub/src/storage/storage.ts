/**
 * The hub's storage, one interface over SQLite and PostgreSQL. Reads go through read-only repositories
 * (`storage.cases.get(id)`); writes exist only inside {@link Storage.write} (`tx.cases.insert(value)`), so a write
 * outside a transaction does not compile.
 * @packageDocumentation
 */
import type { NewEvent, StoredEvent } from './repositories/events.js';
import type { Repositories, StorageReader } from './repositories/index.js';

export type { PageRequest } from './pagination.js';
export type { ApiKeyRecord } from './repositories/api-keys.js';
export type { NewAttendanceInterval } from './repositories/attendance.js';
export type { CaseFilter } from './repositories/cases.js';
export type { CalendarFeedRecord, StoredCertificate, StoredEvaluation } from './repositories/cme.js';
export type { NewEvent, StoredEvent } from './repositories/events.js';
export type { IdempotencyRecord } from './repositories/idempotency.js';
export type { AgsEndpoint, LtiLaunch, LtiPlatform, OutboxScore, ToolKeyRecord } from './repositories/lti.js';
export type { SessionFilter } from './repositories/sessions.js';
export type { WebhookDeliveryRecord, WebhookDeliveryStatus } from './repositories/webhooks.js';
export type { StorageReader } from './repositories/index.js';

/** Where committed events go when several hub processes share the database (see `cluster/event-relay.ts`). */
export interface EventRelayHook {
  /** Called after a commit that appended events, with the newest id. */
  ring(newestId: number): void;
  /** Delivers events in id order, from every process. */
  onEvent(listener: (event: StoredEvent) => void): () => void;
  /** Throws when the relay cannot deliver (e.g. Redis does not answer). */
  check(): Promise<void>;
}

/** Which engine holds the hub's state. */
export type StorageKind = 'sqlite' | 'postgres';

/** One transaction (see {@link Storage.write}): every repository with its writes, and the event log's `emit`. */
export interface StorageWriter extends Repositories {
  /** Appends an event; it is written with the transaction and published after commit. */
  emit(event: NewEvent): void;
}

/** The hub's state: one interface, SQLite or PostgreSQL behind it. */
export interface Storage extends StorageReader {
  readonly kind: StorageKind;
  /**
   * Runs `fn` in a transaction. Calls are serialised in process so event ids are strictly increasing in commit
   * order; emitted events are published to {@link Storage.onEvent} listeners after commit.
   */
  write<T>(fn: (tx: StorageWriter) => Promise<T>): Promise<T>;
  /** Subscribes to committed events; returns the unsubscribe function. */
  onEvent(listener: (event: StoredEvent) => void): () => void;
  /**
   * Hands live events over to `relay` when several hub processes share the database: {@link onEvent} listeners then
   * get the events of every process, in id order, from the relay (see `cluster/event-relay.ts`).
   */
  relayEvents(relay: EventRelayHook): void;
  /** Deletes events, idempotency records, LiveKit webhook ids and finished host webhook deliveries older than `before` (ISO). */
  prune(before: string): Promise<void>;
  /** Throws when the database (or the event relay, when one is attached) does not answer. */
  check(): Promise<void>;
  close(): Promise<void>;
}
