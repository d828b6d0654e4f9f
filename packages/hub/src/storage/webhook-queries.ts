import type { Kysely, Selectable } from 'kysely';
import type { Database, WebhookDeliveryTable } from './schema.js';
import type { WebhookDeliveryRecord, WebhookDeliveryStatus } from './storage.js';

/** Host webhook queries (004_host_webhooks); `KyselyStorage` delegates to these. */

function toDelivery(row: Selectable<WebhookDeliveryTable>): WebhookDeliveryRecord {
  const value: WebhookDeliveryRecord = {
    id: row.id,
    apiKeyId: row.api_key_id,
    caseId: row.case_id,
    eventType: row.event_type,
    payload: row.payload,
    status: row.status as WebhookDeliveryStatus,
    attempts: Number(row.attempts),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.next_attempt_at !== null) value.nextAttemptAt = row.next_attempt_at;
  if (row.last_status !== null) value.lastStatus = Number(row.last_status);
  if (row.last_error !== null) value.lastError = row.last_error;
  if (row.delivered_at !== null) value.deliveredAt = row.delivered_at;
  return value;
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

export async function caseTokenIssuer(db: Kysely<Database>, caseId: string): Promise<string | undefined> {
  const row = await db.selectFrom('cases').select('token_issuer').where('id', '=', caseId).executeTakeFirst();
  return row?.token_issuer ?? undefined;
}

export async function setCaseTokenIssuer(db: Kysely<Database>, caseId: string, issuer: string): Promise<void> {
  await db.updateTable('cases').set({ token_issuer: issuer }).where('id', '=', caseId).execute();
}

export async function setApiKeyWebhook(
  db: Kysely<Database>,
  keyId: string,
  url: string | null,
  secret: string | null,
): Promise<void> {
  await db.updateTable('api_keys').set({ webhook_url: url, webhook_secret: secret }).where('id', '=', keyId).execute();
}

export async function getWebhookDelivery(db: Kysely<Database>, id: string): Promise<WebhookDeliveryRecord | undefined> {
  const row = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toDelivery(row);
}

export async function listWebhookDeliveries(
  db: Kysely<Database>,
  filter: { status?: WebhookDeliveryStatus; apiKeyId?: string; limit: number },
): Promise<WebhookDeliveryRecord[]> {
  let query = db.selectFrom('webhook_deliveries').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.apiKeyId) query = query.where('api_key_id', '=', filter.apiKeyId);
  return (await query.execute()).map(toDelivery);
}

export async function dueWebhookDeliveries(
  db: Kysely<Database>,
  now: string,
  limit: number,
): Promise<WebhookDeliveryRecord[]> {
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
}

export async function nextWebhookAttemptAt(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.min('next_attempt_at').as('next'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row?.next ?? undefined;
}

export async function insertWebhookDelivery(db: Kysely<Database>, value: WebhookDeliveryRecord): Promise<void> {
  await db.insertInto('webhook_deliveries').values(deliveryRow(value)).execute();
}

export async function updateWebhookDelivery(db: Kysely<Database>, value: WebhookDeliveryRecord): Promise<void> {
  const { id: _id, created_at: _c, ...rest } = deliveryRow(value);
  await db.updateTable('webhook_deliveries').set(rest).where('id', '=', value.id).execute();
}

export async function claimWebhookDelivery(
  db: Kysely<Database>,
  id: string,
  expected: string,
  leaseUntil: string,
): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ next_attempt_at: leaseUntil })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '=', expected)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
