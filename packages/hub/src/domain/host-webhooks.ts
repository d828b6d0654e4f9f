import { randomBytes } from 'node:crypto';
import { recommendationToCommunication, type Case, type Recommendation } from '@teleecho/sdk';
import type { HostWebhookEvent, HostWebhookEventType } from '@teleecho/sdk/server';
import { DomainError } from './errors.js';
import type { Storage, StorageWriter } from '../storage/storage.js';
import { newId } from './ids.js';

/**
 * Host webhooks: when a recommendation is issued, amended or acknowledged, the hub POSTs a signed event to
 * the webhook of the API key that minted the presenter's token (recorded with the case at submit). Deliveries
 * are rows of a persisted outbox written in the same transaction as the change, so a crash or restart loses
 * nothing; {@link HostWebhookWorker} (host-webhook-worker.ts) sends and retries them.
 *
 * Every change is delivered, whether or not the presenter is online: the host files it in its chart.
 */

/** Prefix of webhook signing secrets. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** A new webhook signing secret, `whsec_<43 base64url chars>`. */
export function newWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Throws 400 unless `url` is an absolute http(s) URL without credentials. */
export function checkWebhookUrl(url: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.username || parsed.password) {
    throw new DomainError(
      'invalid_webhook_url',
      `"${url}" is not an http(s) URL like https://ehr.example.org/teleecho`,
    );
  }
}

/**
 * Sets an API key's webhook URL with a fresh signing secret (returned; shown once), or clears both with null.
 * Pending deliveries go to the new URL; with null they end as `failed` at their next attempt.
 */
export async function setHostWebhook(
  storage: Storage,
  keyId: string,
  url: string | null,
): Promise<{ secret: string | undefined }> {
  if (url !== null) checkWebhookUrl(url);
  const secret = url === null ? undefined : newWebhookSecret();
  await storage.write(async (tx) => {
    const key = await tx.apiKeys.get(keyId);
    if (!key) throw new DomainError('not_found', `API key ${keyId} not found`);
    await tx.apiKeys.setWebhook(keyId, url, secret ?? null);
  });
  return { secret };
}

/**
 * Inside the transaction of a recommendation change: enqueues one delivery to the webhook of the API key
 * that minted the presenter's token, when that key has one. `value` is the case after the change.
 */
export async function enqueueHostWebhook(
  tx: StorageWriter,
  type: HostWebhookEventType,
  rec: Recommendation,
  value: Case,
): Promise<void> {
  const issuer = await tx.cases.tokenIssuer(value.id);
  if (!issuer) return;
  const key = await tx.apiKeys.get(issuer);
  if (!key || key.revokedAt || !key.webhookUrl) return;
  const id = newId('whd');
  const createdAt = new Date().toISOString();
  const event: HostWebhookEvent = {
    id,
    type,
    createdAt,
    case: { id: value.id, programId: value.programId, title: value.title, status: value.status },
    recommendation: rec,
    communication: recommendationToCommunication(rec, value),
  };
  await tx.webhooks.insert({
    id,
    apiKeyId: key.id,
    caseId: value.id,
    eventType: type,
    payload: JSON.stringify(event),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: createdAt,
    createdAt,
    updatedAt: createdAt,
  });
}

/** Delay before retry number `attempt` (1 = after the first failure), with ±`jitter` spread; undefined = give up. */
export function retryDelayMs(
  delays: readonly number[],
  attempt: number,
  jitter: number,
  random = Math.random,
): number | undefined {
  const base = delays[attempt - 1];
  if (base === undefined) return undefined;
  return Math.max(0, Math.round(base * (1 - jitter + 2 * jitter * random())));
}
