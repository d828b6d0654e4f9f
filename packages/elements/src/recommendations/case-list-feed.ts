/**
 * The data side of `<echo-recommendation-viewer>` in list mode: every case the token's presenter can see, with the
 * issued recommendations of each (for the unread counts), kept current from the hub's event stream.
 * @packageDocumentation
 */
import type { Case, EchoClient, EchoError, EchoEvent, Recommendation } from '@teleecho/sdk';
import { NetworkError } from '@teleecho/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { toEchoError } from '../internal/errors.js';
import type { FeedStatus } from './case-feed.js';
import { mergeRecommendations } from './text.js';

const MAX_CASES = 200;

/** The presenter's cases and their recommendations, live. */
export class CaseListFeed implements ReactiveController {
  status: FeedStatus = 'idle';
  cases: Case[] = [];
  recommendations = new Map<string, Recommendation[]>();
  error?: EchoError;

  private run = 0;
  private abort?: AbortController;
  private client?: EchoClient;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly failed: (error: EchoError) => void,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Starts (or restarts) listing through `client`. */
  start(client: EchoClient): void {
    this.stop();
    const run = ++this.run;
    this.client = client;
    this.error = undefined;
    if (this.status !== 'ready') this.status = 'loading';
    const { signal } = (this.abort = new AbortController());
    client.events.subscribe({}, (event) => this.onEvent(event, run), {
      signal,
      onStatus: (status, info) => {
        if (run !== this.run) return;
        if (status === 'open') void this.fetch(run);
        const lost = info?.error?.code !== 'stream_closed' || (info.attempt ?? 1) > 1;
        if (status === 'reconnecting' && lost && this.status !== 'error') this.status = 'offline';
        this.host.requestUpdate();
      },
      onError: (error) => {
        if (run === this.run) this.fail(error);
      },
    });
    this.host.requestUpdate();
  }

  /** Stops; results in flight are dropped. */
  stop(): void {
    this.run++;
    this.abort?.abort();
    this.abort = undefined;
  }

  private fail(error: EchoError): void {
    this.stop();
    this.error = error;
    this.status = 'error';
    this.failed(error);
    this.host.requestUpdate();
  }

  private async fetch(run: number): Promise<void> {
    const client = this.client;
    if (!client) return;
    const signal = this.abort?.signal;
    try {
      const cases = await client
        .paginate((cursor) => client.cases.list({ limit: 100, ...(cursor ? { cursor } : {}) }, { signal }))
        .collect(MAX_CASES);
      const lists = await Promise.all(cases.map((c) => client.recommendations.list(c.id, { signal })));
      if (run !== this.run) return;
      // each case's list before sorting: `lists` is in the order `cases` came in
      cases.forEach((c, i) =>
        this.recommendations.set(c.id, mergeRecommendations(this.recommendations.get(c.id) ?? [], lists[i]!.items)),
      );
      this.cases = [...cases].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      this.status = 'ready';
    } catch (error) {
      if (run !== this.run) return;
      const e = toEchoError(error);
      if (e instanceof NetworkError) this.status = 'offline';
      else this.fail(e);
    } finally {
      if (run === this.run) this.host.requestUpdate();
    }
  }

  private onEvent(event: EchoEvent, run: number): void {
    if (run !== this.run || !event.caseId) return;
    const known = this.cases.findIndex((c) => c.id === event.caseId);
    if (event.type.startsWith('recommendation.')) {
      const rec = event.data as Recommendation;
      const current = this.recommendations.get(event.caseId) ?? [];
      this.recommendations.set(event.caseId, mergeRecommendations(current, [rec]));
    }
    if (event.type.startsWith('case.')) {
      const data = event.data as Partial<Case>;
      if (known >= 0) this.cases[known] = { ...this.cases[known]!, ...data };
      else void this.fetch(run); // a new case: list again
    }
    this.host.requestUpdate();
  }
}
