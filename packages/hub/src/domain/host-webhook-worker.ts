import { WEBHOOK_DELIVERY_HEADER, WEBHOOK_SIGNATURE_HEADER, signWebhookPayload } from '@teleecho/sdk/server';
import type { WebhookOptions } from '../config.js';
import type { Logger } from '../config.js';
import type { Storage, WebhookDeliveryRecord } from '../storage/storage.js';
import { retryDelayMs } from './host-webhooks.js';

const BATCH = 20;
const LEASE_MARGIN_MS = 30_000;

type Outcome = { ok: true; status: number } | { ok: false; status?: number; error: string };

/**
 * Sends the host webhook outbox: due deliveries are leased (so two hub processes never send the same
 * attempt), POSTed with a fresh signature, and then marked `delivered`, rescheduled with backoff + jitter,
 * or — after the last retry — `failed` (logged as an error and listed by `teleecho webhooks list`).
 * Wakes on recommendation events and otherwise when the next retry is due (at most `pollMs` apart).
 */
export class HostWebhookWorker {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private unsubscribe: (() => void) | undefined;
  private readonly inflight = new Set<AbortController>();

  constructor(
    private readonly storage: Storage,
    private readonly options: WebhookOptions,
    private readonly logger: Logger,
  ) {}

  /** Starts: sends what is due now (e.g. left over from before a restart) and listens for new events. */
  start(): void {
    this.unsubscribe = this.storage.onEvent((event) => {
      if (event.type.startsWith('recommendation.')) this.kick();
    });
    this.kick();
  }

  /** Stops: no new attempts; attempts in flight are cut and released for the next start (no attempt counted). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.timer);
    for (const controller of this.inflight) controller.abort();
    await this.running;
  }

  /** Checks the outbox now (or right after the check in progress). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drain()
      .catch((error: unknown) => {
        if (!this.stopped) this.logger.error({ msg: 'webhook worker error', error: String(error) });
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        } else void this.schedule();
      });
  }

  private async schedule(): Promise<void> {
    if (this.stopped) return;
    let wait = this.options.pollMs;
    try {
      const next = await this.storage.webhooks.nextAttemptAt();
      if (next !== undefined) wait = Math.min(wait, Math.max(0, Date.parse(next) - Date.now()));
    } catch {
      // storage closing or unreachable: try again after pollMs
    }
    if (this.stopped || this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.kick(), wait);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    for (;;) {
      this.again = false;
      const due = await this.storage.webhooks.due(new Date().toISOString(), BATCH);
      if (!due.length || this.stopped) return;
      await Promise.all(due.map((delivery) => this.attempt(delivery)));
      if (this.stopped) return;
    }
  }

  private async attempt(delivery: WebhookDeliveryRecord): Promise<void> {
    const leaseUntil = new Date(Date.now() + this.options.timeoutMs + LEASE_MARGIN_MS).toISOString();
    const claimed = await this.storage.write((tx) =>
      tx.webhooks.claim(delivery.id, delivery.nextAttemptAt!, leaseUntil),
    );
    if (!claimed) return;
    const key = await this.storage.apiKeys.get(delivery.apiKeyId);
    const attempts = delivery.attempts + 1;
    let outcome: Outcome;
    if (!key?.webhookUrl || !key.webhookSecret || key.revokedAt) {
      outcome = { ok: false, error: key?.revokedAt ? 'API key revoked' : 'webhook removed from the API key' };
      await this.finish(delivery, attempts, outcome, true);
      return;
    }
    outcome = await this.send(key.webhookUrl, key.webhookSecret, delivery);
    if (this.stopped && !outcome.ok && outcome.status === undefined) {
      // cut by stop(): release the lease so the next start retries at once, without counting the attempt
      await this.storage.write((tx) => tx.webhooks.update({ ...delivery, nextAttemptAt: new Date().toISOString() }));
      return;
    }
    await this.finish(delivery, attempts, outcome, false);
  }

  private async send(url: string, secret: string, delivery: WebhookDeliveryRecord): Promise<Outcome> {
    const controller = new AbortController();
    this.inflight.add(controller);
    const timeout = setTimeout(() => controller.abort(new Error('timeout')), this.options.timeoutMs);
    try {
      const response = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        signal: controller.signal,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'teleECHO-Hub-Webhooks/1',
          [WEBHOOK_SIGNATURE_HEADER]: signWebhookPayload({ payload: delivery.payload, secret }),
          [WEBHOOK_DELIVERY_HEADER]: delivery.id,
        },
        body: delivery.payload,
      });
      await response.body?.cancel().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
      return { ok: false, status: response.status, error: `HTTP ${response.status}` };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { ok: false, error: controller.signal.aborted && !this.stopped ? 'timeout' : (cause ?? String(error)) };
    } finally {
      clearTimeout(timeout);
      this.inflight.delete(controller);
    }
  }

  private async finish(
    delivery: WebhookDeliveryRecord,
    attempts: number,
    outcome: Outcome,
    giveUp: boolean,
  ): Promise<void> {
    const now = new Date();
    const next: WebhookDeliveryRecord = { ...delivery, attempts, updatedAt: now.toISOString() };
    delete next.nextAttemptAt;
    if (outcome.status !== undefined) next.lastStatus = outcome.status;
    else delete next.lastStatus;
    const fields = { id: delivery.id, type: delivery.eventType, apiKeyId: delivery.apiKeyId, attempt: attempts };
    if (outcome.ok) {
      next.status = 'delivered';
      next.deliveredAt = next.updatedAt;
      delete next.lastError;
      this.logger.info({ msg: 'webhook delivered', ...fields, status: outcome.status });
    } else {
      next.lastError = outcome.error;
      const delay = giveUp ? undefined : retryDelayMs(this.options.retryDelaysMs, attempts, this.options.jitter);
      if (delay === undefined) {
        next.status = 'failed';
        this.logger.error({ msg: 'webhook delivery failed', ...fields, error: outcome.error });
      } else {
        next.nextAttemptAt = new Date(now.getTime() + delay).toISOString();
        this.logger.info({
          msg: 'webhook attempt failed',
          ...fields,
          error: outcome.error,
          retryAt: next.nextAttemptAt,
        });
      }
    }
    await this.storage.write((tx) => tx.webhooks.update(next));
  }
}
