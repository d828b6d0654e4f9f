/**
 * Loading a piece of hub state and keeping it current from the live event stream: the pattern the console
 * elements share. The controller loads, subscribes (SSE via the SDK), reloads when a relevant event arrives
 * (coalescing bursts and never losing a change that lands mid-load), and drops results of superseded runs.
 * @packageDocumentation
 */
import type { EchoError } from '@teleecho/sdk';
import type { EchoClient, EchoEvent, EventFilter, SubscriptionStatus } from '@teleecho/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { toEchoError } from '../internal/errors.js';

/** What is loaded, for whom, and which events make it stale. */
export interface LiveDataSource<T> {
  /** Loads the state; `undefined` inputs mean "not configured" (nothing is loaded). */
  load(client: EchoClient, signal: AbortSignal): Promise<T>;
  /** Which events to subscribe to. */
  filter(client: EchoClient): EventFilter;
  /** Whether an event makes the loaded state stale. */
  relevant(event: EchoEvent): boolean;
}

/** State of a {@link LiveData}. */
export type LiveDataStatus = 'unconfigured' | 'loading' | 'ready' | 'error';

/** The controller; the host renders from `status`, `value`, `error` and `liveStatus`. */
export class LiveData<T> implements ReactiveController {
  status: LiveDataStatus = 'unconfigured';
  value?: T;
  error?: EchoError;
  liveStatus: SubscriptionStatus = 'closed';

  private run = 0;
  private abort?: AbortController;
  private loading = false;
  private stale = false;
  private client?: EchoClient;
  private key?: string;
  private shownFor?: { client: EchoClient; key: string };

  /**
   * @param onEvent called for every relevant event before the reload (e.g. to announce it), with the state as it
   *   was before the event.
   * @param onLoaded called after each successful load with the previous value.
   */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: LiveDataSource<T>,
    private readonly hooks: {
      onEvent?: (event: EchoEvent) => void;
      onLoaded?: (value: T, previous: T | undefined) => void;
      onError?: (error: EchoError) => void;
    } = {},
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.client && this.key !== undefined) this.start(this.client, this.key);
  }

  hostDisconnected(): void {
    this.stop();
  }

  /**
   * Points the controller at a client and an input key (e.g. the case id); restarts only when either changed.
   * Pass `undefined` to show "not configured".
   */
  configure(client: EchoClient | undefined, key: string | undefined): void {
    if (client === this.client && key === this.key && this.status !== 'unconfigured') return;
    this.client = client;
    this.key = key;
    if (!client || key === undefined) {
      this.stop();
      this.status = 'unconfigured';
      this.value = undefined;
      this.host.requestUpdate();
      return;
    }
    this.start(client, key);
  }

  /** Loads again now (after the user's own change, or the retry button), keeping what is shown meanwhile. */
  refresh(): void {
    if (!this.client || this.status === 'unconfigured') return;
    if (this.status === 'error') {
      this.start(this.client, this.key ?? '');
      return;
    }
    void this.load(this.client, this.run);
  }

  private start(client: EchoClient, key: string): void {
    // Same source again (e.g. the element was moved in the page): keep showing what it has while it refreshes.
    const refreshing = this.status === 'ready' && this.shownFor?.client === client && this.shownFor.key === key;
    this.stop();
    const run = ++this.run;
    this.key = key;
    if (!refreshing) {
      this.status = 'loading';
      this.value = undefined;
    }
    this.error = undefined;
    const { signal } = (this.abort = new AbortController());
    client.events.subscribe(
      this.source.filter(client),
      (event) => {
        if (run !== this.run || !this.source.relevant(event)) return;
        this.hooks.onEvent?.(event);
        void this.load(client, run);
      },
      {
        signal,
        onStatus: (status) => {
          if (run !== this.run) return;
          this.liveStatus = status;
          this.host.requestUpdate();
        },
        onError: (error) => {
          if (run === this.run && this.status !== 'loading') this.hooks.onError?.(error);
        },
      },
    );
    this.host.requestUpdate();
    void this.load(client, run);
  }

  private stop(): void {
    this.run++;
    this.abort?.abort();
    this.abort = undefined;
    this.loading = false;
    this.stale = false;
    this.liveStatus = 'closed';
  }

  private async load(client: EchoClient, run: number): Promise<void> {
    if (this.loading) {
      this.stale = true; // a change arrived while loading: fetch once more afterwards so it is not lost
      return;
    }
    this.loading = true;
    try {
      const value = await this.source.load(client, this.abort?.signal ?? new AbortController().signal);
      if (run !== this.run) return;
      const previous = this.value;
      this.value = value;
      this.status = 'ready';
      this.shownFor = { client, key: this.key ?? '' };
      this.error = undefined;
      this.host.requestUpdate(); // before the hook, so that the hook's `updateComplete` sees the new state rendered
      this.hooks.onLoaded?.(value, previous);
    } catch (error) {
      if (run !== this.run) return;
      this.error = toEchoError(error);
      if (this.status !== 'ready') {
        this.status = 'error';
        this.abort?.abort();
      }
      this.hooks.onError?.(this.error);
    } finally {
      if (run === this.run) {
        this.loading = false;
        this.host.requestUpdate();
        if (this.stale) {
          this.stale = false;
          void this.load(client, run);
        }
      }
    }
  }
}
