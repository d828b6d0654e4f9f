import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.js';
import { changed, present } from './rows.js';

/** `webhook_deliveries` (004_host_webhooks): the persisted outbox of host webhook deliveries. */
export interface WebhookDeliveryTable {
  id: string;
  api_key_id: string;
  case_id: string;
  event_type: string;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

/** State of a host webhook delivery. */
export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One host webhook delivery (the persisted outbox row). */
export interface WebhookDeliveryRecord {
  /** `whd_…`: the payload's `id` and the `TeleECHO-Delivery` header. */
  id: string;
  apiKeyId: string;
  caseId: string;
  eventType: string;
  /** The JSON body, fixed at enqueue time (the same bytes on every attempt). */
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  /** When the next attempt is due (pending only). */
  nextAttemptAt?: string;
  /** HTTP status of the last attempt. */
  lastStatus?: number;
  /** Network error or response summary of the last failed attempt. */
  lastError?: string;
  createdAt: string;
  updatedAt: string;
  deliveredAt?: string;
}

/** Filter of {@link WebhookReads.list}. */
export interface WebhookDeliveryFilter {
  status?: WebhookDeliveryStatus;
  apiKeyId?: string;
  limit: number;
}

function toDelivery(row: Selectable<WebhookDeliveryTable>): WebhookDeliveryRecord {
  return {
    id: row.id,
    apiKeyId: row.api_key_id,
    caseId: row.case_id,
    eventType: row.event_type,
    payload: row.payload,
    status: row.status as WebhookDeliveryStatus,
    attempts: Number(row.attempts),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...present({
      nextAttemptAt: row.next_attempt_at,
      lastStatus: row.last_status === null ? null : Number(row.last_status),
      lastError: row.last_error,
      deliveredAt: row.delivered_at,
    }),
  };
}

function deliveryRow(value: WebhookDeliveryRecord): WebhookDeliveryTable {
  return {
    id: value.id,
    api_key_id: value.apiKeyId,
    case_id: value.caseId,
    event_type: value.eventType,
    payload: value.payload,
    status: value.status,
    attempts: value.attempts,
    next_attempt_at: value.nextAttemptAt ?? null,
    last_status: value.lastStatus ?? null,
    last_error: value.lastError ?? null,
    created_at: value.createdAt,
    updated_at: value.updatedAt,
    delivered_at: value.deliveredAt ?? null,
  };
}

/** Reading host webhook deliveries. */
export interface WebhookReads {
  get(id: string): Promise<WebhookDeliveryRecord | undefined>;
  /** Deliveries newest first, optionally of one status or API key. */
  list(filter: WebhookDeliveryFilter): Promise<WebhookDeliveryRecord[]>;
  /** Pending deliveries due at `now` (ISO), oldest due first. */
  due(now: string, limit: number): Promise<WebhookDeliveryRecord[]>;
  /** The earliest `nextAttemptAt` of pending deliveries. */
  nextAttemptAt(): Promise<string | undefined>;
}

/** Host webhook deliveries inside a transaction. */
export interface Webhooks extends WebhookReads {
  insert(delivery: WebhookDeliveryRecord): Promise<void>;
  update(delivery: WebhookDeliveryRecord): Promise<void>;
  /**
   * Leases a pending delivery: moves `nextAttemptAt` from `expected` to `leaseUntil`; false when another worker
   * changed it first (so two hub processes never send the same attempt).
   */
  claim(id: string, expected: string, leaseUntil: string): Promise<boolean>;
}

export function webhookReads(db: Kysely<Database>): WebhookReads {
  return {
    async get(id) {
      const row = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toDelivery(row);
    },
    async list(filter) {
      let query = db.selectFrom('webhook_deliveries').selectAll().orderBy('id', 'desc').limit(filter.limit);
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.apiKeyId) query = query.where('api_key_id', '=', filter.apiKeyId);
      return (await query.execute()).map(toDelivery);
    },
    async due(now, limit) {
      const rows = await db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toDelivery);
    },
    async nextAttemptAt() {
      const row = await db
        .selectFrom('webhook_deliveries')
        .select((eb) => eb.fn.min('next_attempt_at').as('next'))
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return row?.next ?? undefined;
    },
  };
}

export function webhooks(db: Kysely<Database>): Webhooks {
  return {
    ...webhookReads(db),
    async insert(delivery) {
      await db.insertInto('webhook_deliveries').values(deliveryRow(delivery)).execute();
    },
    async update(delivery) {
      const { id: _id, created_at: _c, ...rest } = deliveryRow(delivery);
      await db.updateTable('webhook_deliveries').set(rest).where('id', '=', delivery.id).execute();
    },
    async claim(id, expected, leaseUntil) {
      const result = await db
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: leaseUntil })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .where('next_attempt_at', '=', expected)
        .executeTakeFirst();
      return changed(result) === 1;
    },
  };
}

/** Drops finished (delivered or failed) deliveries last updated before `before` (ISO). */
export async function pruneWebhookDeliveries(db: Kysely<Database>, before: string): Promise<void> {
  await db.deleteFrom('webhook_deliveries').where('status', '!=', 'pending').where('updated_at', '<', before).execute();
}
