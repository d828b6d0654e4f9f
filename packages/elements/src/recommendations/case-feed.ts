/**
 * The data side of `<echo-recommendation-viewer>` for one case: loads the case and its issued recommendations, keeps
 * them current from the hub's event stream, saves a copy in the browser and shows it while the hub is unreachable.
 *
 * Order of work, chosen so nothing is missed or shown twice: subscribe first (with the saved `Last-Event-ID`, if any),
 * fetch once the stream is open (so every later change arrives as an event), fetch again after every reconnect, and
 * merge everything by recommendation id keeping the newest version (see {@link mergeRecommendations}).
 * @packageDocumentation
 */
import type {
  Case,
  EchoClient,
  EchoError,
  EchoEvent,
  Recommendation,
  RecommendationAcknowledgement,
  Subscription,
  SubscriptionStatus,
} from '@teleecho/sdk';
import { NetworkError } from '@teleecho/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CacheScope, SeenVersions } from './cache.js';
import { loadCachedCase, loadSeen, markSeen, saveCachedCase } from './cache.js';
import { mergeRecommendations, questionTexts } from './text.js';
import { toEchoError } from '../internal/errors.js';

/** What the feed shows. */
export type FeedStatus = 'idle' | 'loading' | 'ready' | 'offline' | 'error';

/** What the feed tells its element about, for the live region. */
export type FeedChange = { kind: 'issued' | 'amended' | 'acknowledged'; number: number } | { kind: 'back-online' };

/** Callbacks of {@link CaseFeed}. */
export interface CaseFeedCallbacks {
  /** A change the user should hear about. */
  announce(change: FeedChange): void;
  /** Loading failed for good (not a network problem). */
  failed(error: EchoError): void;
}

/** Wait before fetching again after a fetch failed while the event stream stayed open. */
const RETRY_FETCH_MS = 3000;

const RECOMMENDATION_EVENTS = new Set([
  'recommendation.issued',
  'recommendation.amended',
  'recommendation.acknowledged',
]);

function isRecommendation(value: unknown, caseId: string): value is Recommendation {
  const v = value as Partial<Recommendation> | undefined;
  return typeof v?.id === 'string' && v.caseId === caseId && typeof v.version === 'number';
}

/** One case and its recommendations, live and cached. */
export class CaseFeed implements ReactiveController {
  status: FeedStatus = 'idle';
  caseValue?: Case;
  recommendations: Recommendation[] = [];
  /** When the copy on screen was saved, while showing a saved copy offline. */
  savedAt?: string;
  error?: EchoError;
  liveStatus: SubscriptionStatus = 'closed';
  /** Versions already shown in this browser when the case was opened (for the "New" / "Amended" badges). */
  seenAtOpen: SeenVersions = {};
  /** linkId → question text of the case's template, once loaded. */
  questions = new Map<string, string>();

  private run = 0;
  private abort?: AbortController;
  private lastEventId?: string;
  private scope?: CacheScope;
  private caseId?: string;
  private client?: EchoClient;
  private wasOffline = false;
  private fetching?: Promise<void>;
  private fetchAgain = false;
  private subscription?: Subscription;
  /** When the copy was last saved (shown as the saved copy's time when the hub becomes unreachable). */
  private lastSaved?: string;
  /** Recommendations this viewer acknowledged itself. */
  private readonly localAcks = new Set<string>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly callbacks: CaseFeedCallbacks,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Starts (or restarts) following `caseId` through `client`. */
  start(client: EchoClient, caseId: string): void {
    this.stop();
    const run = ++this.run;
    this.client = client;
    this.caseId = caseId;
    this.scope = { hubUrl: client.hubUrl, userId: client.getClaims()?.sub ?? 'anonymous' };
    this.error = undefined;
    this.wasOffline = false;
    this.seenAtOpen = loadSeen(this.scope);
    const cached = loadCachedCase(this.scope, caseId);
    this.caseValue = cached?.case;
    this.recommendations = cached ? mergeRecommendations([], cached.recommendations) : [];
    this.lastEventId = cached?.lastEventId;
    this.savedAt = cached?.savedAt;
    this.status = cached ? 'ready' : 'loading';
    const { signal } = (this.abort = new AbortController());
    this.lastSaved = cached?.savedAt;
    this.subscription = client.events.subscribe({ caseId }, (event) => this.onEvent(event, run), {
      ...(this.lastEventId ? { lastEventId: this.lastEventId } : {}),
      signal,
      onStatus: (status, info) => {
        if (run !== this.run) return;
        this.liveStatus = status;
        if (status === 'open') void this.fetch(run);
        // A stream the hub closed (e.g. at token expiry) is reopened at once: "offline" only when that fails too.
        if (status === 'reconnecting' && (info?.error?.code !== 'stream_closed' || (info.attempt ?? 1) > 1)) {
          this.goOffline();
        }
        this.host.requestUpdate();
      },
      onError: (error) => {
        if (run === this.run) this.fail(error);
      },
    });
    this.host.requestUpdate();
  }

  /** Stops following; results in flight are dropped. */
  stop(): void {
    this.run++;
    this.abort?.abort();
    this.abort = undefined;
    this.liveStatus = 'closed';
  }

  /** Acknowledges a recommendation (with an optional reply) and shows it at once. */
  async acknowledge(rec: Recommendation, reply: string): Promise<RecommendationAcknowledgement> {
    const client = this.client;
    if (!client) throw new NetworkError('network_error', 'not connected');
    const text = reply.trim();
    this.localAcks.add(rec.id); // its event is not announced: the element confirms it itself
    const acknowledgement = await client.recommendations.acknowledge(rec.id, text ? { reply: text } : {});
    const current = this.recommendations.find((r) => r.id === rec.id) ?? rec;
    this.apply([{ ...current, acknowledgement, updatedAt: acknowledgement.at }]);
    return acknowledgement;
  }

  private goOffline(): void {
    if (this.status === 'error') return;
    this.wasOffline = true;
    this.status = 'offline';
    this.savedAt = this.lastSaved;
  }

  private fail(error: EchoError): void {
    this.stop();
    this.error = error;
    this.status = 'error';
    this.callbacks.failed(error);
    this.host.requestUpdate();
  }

  /** Fetches case and recommendations; a fetch asked for while one runs is done once after it. */
  private fetch(run: number): Promise<void> {
    if (this.fetching) {
      this.fetchAgain = true;
      return this.fetching;
    }
    this.fetching = (async () => {
      try {
        do {
          this.fetchAgain = false;
          await this.fetchOnce(run);
        } while (this.fetchAgain && run === this.run);
      } finally {
        this.fetching = undefined;
      }
    })();
    return this.fetching;
  }

  private async fetchOnce(run: number): Promise<void> {
    const { client, caseId } = this;
    if (!client || !caseId) return;
    const signal = this.abort?.signal;
    try {
      const [value, page] = await Promise.all([
        client.cases.get(caseId, { signal }),
        client.recommendations.list(caseId, { signal }),
      ]);
      if (run !== this.run) return;
      if (this.questions.size === 0) void this.loadQuestions(client, value, run);
      this.caseValue = value;
      this.recommendations = mergeRecommendations(this.recommendations, page.items);
      this.status = 'ready';
      this.savedAt = undefined;
      this.save();
      if (this.wasOffline) {
        this.wasOffline = false;
        this.callbacks.announce({ kind: 'back-online' });
      }
    } catch (error) {
      if (run !== this.run) return;
      const e = toEchoError(error);
      if (e instanceof NetworkError) {
        this.goOffline();
        // The stream may still be open (so no reconnect will trigger a fetch): try again shortly.
        setTimeout(() => {
          if (run === this.run && this.liveStatus === 'open') void this.fetch(run);
        }, RETRY_FETCH_MS);
      } else this.fail(e);
    } finally {
      if (run === this.run) this.host.requestUpdate();
    }
  }

  private async loadQuestions(client: EchoClient, value: Case, run: number): Promise<void> {
    try {
      const template = await client.templates.get(value.programId, value.templateId);
      if (run !== this.run) return;
      this.questions = questionTexts(template.questionnaire);
      this.host.requestUpdate();
    } catch {
      // Labels fall back to the response's own texts or readable linkIds.
    }
  }

  private onEvent(event: EchoEvent, run: number): void {
    if (run !== this.run || event.caseId !== this.caseId) return;
    this.lastEventId = event.id;
    if (event.type.startsWith('case.') && this.caseValue) {
      const data = event.data as Partial<Case> | undefined;
      if (data?.id === this.caseValue.id) this.caseValue = { ...this.caseValue, ...data };
    }
    if (RECOMMENDATION_EVENTS.has(event.type) && isRecommendation(event.data, this.caseId ?? '')) {
      const rec = event.data;
      const changed = this.apply([rec]);
      const own = event.type === 'recommendation.acknowledged' && this.localAcks.delete(rec.id);
      if (changed && !own && rec.number !== undefined) {
        const kind = event.type.slice('recommendation.'.length) as 'issued' | 'amended' | 'acknowledged';
        this.callbacks.announce({ kind, number: rec.number });
      }
    }
    this.save();
    this.host.requestUpdate();
  }

  /** Merges recommendations in; true when something visible changed. */
  private apply(incoming: Recommendation[]): boolean {
    const before = this.recommendations;
    const after = mergeRecommendations(before, incoming);
    const changed =
      after.length !== before.length || after.some((r, i) => r !== before[i] && r.updatedAt !== before[i]?.updatedAt);
    this.recommendations = after;
    if (changed) this.save();
    this.host.requestUpdate();
    return changed;
  }

  /** Saves the copy (and marks what is on screen as seen). */
  private save(): void {
    if (!this.scope || !this.caseValue) return;
    markSeen(this.scope, this.recommendations);
    const lastEventId = this.subscription?.lastEventId ?? this.lastEventId;
    this.lastSaved = new Date().toISOString();
    saveCachedCase(this.scope, {
      case: this.caseValue,
      recommendations: this.recommendations,
      ...(lastEventId && { lastEventId }),
      savedAt: this.lastSaved,
    });
  }
}
