/**
 * Sends a case so that it arrives exactly once: the exact request is put in the outbox (IndexedDB) first, every
 * attempt carries the draft's `Idempotency-Key`, a network failure is retried with backoff (and at once when the
 * browser comes back `online`), and an offline browser waits for `online`. A reload resumes what the outbox holds.
 * @internal
 * @packageDocumentation
 */
import { NetworkError, ServerError } from '@teleecho/sdk';
import type { Case, EchoClient, EchoError } from '@teleecho/sdk';
import type { CaseFormStore, QueuedCase } from './draft-store.js';

/** Where a submission stands. */
export type SendState =
  | { status: 'idle' }
  | { status: 'sending' }
  /** The browser is offline: sent when it comes back. */
  | { status: 'offline' }
  /** An attempt failed on the way (network, hub unavailable): the next one starts at `retryAt`. */
  | { status: 'retrying'; retryAt: number; attempt: number; error: EchoError }
  | { status: 'sent'; case: Case }
  /** The hub refused the case (validation, identifiers, permissions): not retried. */
  | { status: 'refused'; error: EchoError };

/** Backoff of the sender's own retries (after the SDK's quick ones): 2 s, 4 s, 8 s … up to a minute. */
export const SENDER_BACKOFF = { baseMs: 2_000, maxMs: 60_000 } as const;

function isTransient(error: unknown): error is EchoError {
  return error instanceof NetworkError || error instanceof ServerError;
}

/** One sender per element; `dispose()` stops timers and listeners (the outbox keeps the case for next time). */
export class CaseSender {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private abort: AbortController | undefined;
  private pending: { client: EchoClient; item: QueuedCase; attempt: number } | undefined;
  private readonly onOnline = () => {
    if (this.pending && !this.abort) this.attempt();
  };

  constructor(
    private readonly store: CaseFormStore,
    private readonly onState: (state: SendState) => void,
  ) {}

  /** Queues `item` (persisted first) and starts sending it. */
  async send(client: EchoClient, item: QueuedCase): Promise<void> {
    await this.store.putQueued(item);
    this.start(client, item);
  }

  /** Resumes a case left in the outbox (e.g. before a reload); returns whether there was one. */
  async resume(client: EchoClient, key: string): Promise<boolean> {
    const item = await this.store.getQueued(key);
    if (!item) return false;
    this.start(client, item);
    return true;
  }

  /** Tries again now (the "retry now" button). */
  retryNow(): void {
    if (this.pending && !this.abort) this.attempt();
  }

  /** Stops timers, the attempt in flight and the `online` listener. */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.abort?.abort();
    this.abort = undefined;
    this.pending = undefined;
    globalThis.removeEventListener?.('online', this.onOnline);
  }

  private start(client: EchoClient, item: QueuedCase): void {
    this.dispose();
    this.pending = { client, item, attempt: 0 };
    globalThis.addEventListener?.('online', this.onOnline);
    this.attempt();
  }

  private attempt(): void {
    const pending = this.pending;
    if (!pending) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (typeof navigator !== 'undefined' && navigator.onLine === false) {
      this.onState({ status: 'offline' });
      return;
    }
    this.onState({ status: 'sending' });
    const abort = (this.abort = new AbortController());
    pending.client.cases
      .submit(pending.item.input, { idempotencyKey: pending.item.idempotencyKey, signal: abort.signal })
      .then(
        async (created) => {
          if (this.pending !== pending) return;
          this.abort = undefined;
          await this.store.deleteQueued(pending.item.key);
          this.dispose();
          this.onState({ status: 'sent', case: created });
        },
        async (error: EchoError) => {
          if (this.pending !== pending || error.code === 'aborted') return;
          this.abort = undefined;
          if (isTransient(error)) {
            if (typeof navigator !== 'undefined' && navigator.onLine === false) {
              this.onState({ status: 'offline' });
              return;
            }
            const delay = Math.min(SENDER_BACKOFF.baseMs * 2 ** pending.attempt, SENDER_BACKOFF.maxMs);
            pending.attempt += 1;
            this.timer = setTimeout(() => this.attempt(), delay);
            this.onState({ status: 'retrying', retryAt: Date.now() + delay, attempt: pending.attempt, error });
            return;
          }
          // A definite refusal: no case was created, so the draft may be fixed and sent again.
          await this.store.deleteQueued(pending.item.key);
          this.dispose();
          this.onState({ status: 'refused', error });
        },
      );
  }
}
